#include "service/usecases/trainings.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <unordered_map>
#include <variant>

#include "matching/validation.h"
#include "service/errors.h"
#include "service/storage/foster_parent_repository.h"
#include "service/storage/training_repository.h"
#include "service/usecases/context.h"
#include "service/usecases/csv.h"
#include "service/usecases/scope.h"

namespace fostermatch::usecases {

using namespace matching;

namespace {

constexpr std::array<std::string_view, 7> kTrainingColumns = {
    "external_id", "foster_parent_id", "course", "completed_on", "hours", "provider", "outcome"};
using ColumnMap = std::array<size_t, kTrainingColumns.size()>;

template <typename T>
bool ParseNumber(const std::string& s, T& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

// Reads one CSV line's fields into a training record, or says what is wrong with it. The
// field limits are the domain's (ValidateTraining), as for a record entered by hand.
std::variant<Training, std::string> ParseTrainingLine(const CsvRecord& rec, const ColumnMap& column,
                                                      size_t width) {
  if (rec.fields.size() != width) {
    return "expected " + std::to_string(width) + " fields, found " +
           std::to_string(rec.fields.size());
  }
  auto field = [&](size_t i) -> const std::string& { return rec.fields[column[i]]; };
  Training t;
  t.external_id = field(0);
  if (t.external_id.empty()) return std::string("external_id: is required");
  if (!ParseNumber(field(1), t.foster_parent_id) || t.foster_parent_id <= 0) {
    return "foster_parent_id: must be a positive integer, got " + Quoted(field(1));
  }
  auto course = ParseEnum<Course>(field(2));
  if (!course)
    return "course: must be one of " + AllowedValues<Course>() + ", got " + Quoted(field(2));
  t.course = *course;
  auto date = Date::Parse(field(3));
  if (!date) return "completed_on: must be a date YYYY-MM-DD, got " + Quoted(field(3));
  t.completed_on = *date;
  if (!ParseNumber(field(4), t.hours)) return "hours: must be a number, got " + Quoted(field(4));
  t.provider = field(5);
  auto outcome = ParseEnum<TrainingOutcome>(field(6));
  if (!outcome) {
    return "outcome: must be one of " + AllowedValues<TrainingOutcome>() + ", got " +
           Quoted(field(6));
  }
  t.outcome = *outcome;
  if (auto errors = ValidateTraining(t); !errors.empty()) {
    return errors.front().field + ": " + errors.front().message;
  }
  return t;
}

// The header names the columns, in any order.
ColumnMap ReadHeader(const std::vector<std::string>& header) {
  ColumnMap column{};
  std::vector<FieldError> errors;
  for (size_t c = 0; c < kTrainingColumns.size(); ++c) {
    auto it = std::find(header.begin(), header.end(), kTrainingColumns[c]);
    if (it == header.end()) {
      errors.push_back({"body", "the header has no column " + std::string(kTrainingColumns[c])});
    } else {
      column[c] = static_cast<size_t>(it - header.begin());
    }
  }
  ThrowIfAny(std::move(errors));
  return column;
}

std::vector<CsvRecord> ReadCsv(std::string_view csv) {
  std::vector<CsvRecord> records;
  try {
    records = ParseCsv(csv);
  } catch (const CsvError& e) {
    throw ValidationError("body", std::string("the CSV cannot be read: ") + e.what());
  }
  if (records.empty()) throw ValidationError("body", "the CSV is empty; a header row is required");
  return records;
}

// The lines that can be written: parsed, of an existing household, not repeated in the file.
std::vector<Training> ValidLines(const std::vector<CsvRecord>& records,
                                 const std::vector<int64_t>& household_ids,
                                 TrainingImportResult& result) {
  const ColumnMap column = ReadHeader(records[0].fields);
  std::vector<Training> valid;
  std::unordered_map<std::string, size_t> first_line;  // external_id → line, for duplicates
  for (size_t r = 1; r < records.size(); ++r) {
    const size_t line = records[r].line;
    auto parsed = ParseTrainingLine(records[r], column, records[0].fields.size());
    if (auto* error = std::get_if<std::string>(&parsed)) {
      result.rejected.push_back({line, *error});
      continue;
    }
    Training& t = std::get<Training>(parsed);
    if (!std::binary_search(household_ids.begin(), household_ids.end(), t.foster_parent_id)) {
      result.rejected.push_back({line, "foster_parent_id: no foster parent has id " +
                                           std::to_string(t.foster_parent_id)});
      continue;
    }
    auto [it, fresh] = first_line.emplace(t.external_id, line);
    if (!fresh) {
      result.rejected.push_back({line, "external_id: " + t.external_id +
                                           " already appears on line " +
                                           std::to_string(it->second)});
      continue;
    }
    valid.push_back(std::move(t));
  }
  return valid;
}

}  // namespace

std::vector<Training> Trainings::List(int64_t foster_parent_id, const Actor& actor) {
  RequireRole(actor, kTrainingRecords);
  return Read(ctx_, [&](soci::session& s) {
    HouseholdInScope(s, actor, foster_parent_id);
    return storage::TrainingRepository(s).ListForFosterParent(foster_parent_id);
  });
}

Training Trainings::Add(Training t, const Actor& actor) {
  RequireRole(actor, kTrainingRecords);
  ThrowIfAny(ValidateTraining(t));
  return Write(ctx_, actor, [&](Work& work) {
    HouseholdInScope(work.session(), actor, t.foster_parent_id);
    t.id = storage::TrainingRepository(work.session()).Insert(t);
    work.Audit("create", "training", t.id, "foster_parent " + std::to_string(t.foster_parent_id));
    work.ChangesMatching();
    return t;
  });
}

TrainingImportResult Trainings::ImportCsv(std::string_view csv, const Actor& actor) {
  RequireRole(actor, kTrainingImport);
  const std::vector<CsvRecord> records = ReadCsv(csv);
  return Write(ctx_, actor, [&](Work& work) {
    TrainingImportResult result;
    const auto ids = storage::FosterParentRepository(work.session()).AllIds();
    const std::vector<Training> valid = ValidLines(records, ids, result);
    for (auto r : storage::TrainingRepository(work.session()).BulkUpsertByExternalId(valid)) {
      ++(r == storage::TrainingRepository::UpsertResult::kInserted ? result.inserted
                                                                   : result.updated);
    }
    work.Audit("import", "training", "-",
               "inserted " + std::to_string(result.inserted) + ", updated " +
                   std::to_string(result.updated) + ", rejected " +
                   std::to_string(result.rejected.size()));
    if (!valid.empty()) work.ChangesMatching();
    return result;
  });
}

}  // namespace fostermatch::usecases
