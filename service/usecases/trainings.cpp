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
#include "service/usecases/training_csv.h"

namespace fostermatch::usecases {

using namespace matching;

namespace {

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
  const TrainingColumns column = ReadTrainingHeader(records[0].fields);
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
  std::vector<FieldError> errors = ValidateTraining(t);
  // external_id is the trainer program's id, unique across the city. An agency sees only its own
  // households, so it may not write into that namespace: a collision would answer 409 for an id
  // held by another agency's household (an existence oracle), and a later import of that id
  // would move the agency's record to the trainer's household.
  if (actor.agency_id && !t.external_id.empty()) {
    errors.push_back({"external_id",
                      "is set by the trainer program's import; leave it out for a training "
                      "recorded by an agency"});
  }
  ThrowIfAny(std::move(errors));
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
