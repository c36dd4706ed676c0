#include "service/usecases/training_csv.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "matching/text.h"
#include "matching/validation.h"
#include "service/errors.h"

namespace fostermatch::usecases {

using namespace matching;

namespace {

template <typename T>
bool ParseNumber(const std::string& s, T& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

// A value quoted back in a message: short and valid UTF-8 whatever the line held.
std::string Quoted(const std::string& s) { return "\"" + ToValidUtf8(s, 60) + "\""; }

// Why a line that is not clean UTF-8 text is refused, or nullopt if it is.
std::optional<std::string> TextProblem(const CsvRecord& rec) {
  std::string line;
  for (const auto& f : rec.fields) line += f;
  if (!IsValidUtf8(line)) {
    if (LooksLikeShiftJis(line)) {
      return std::string(
          "the line is not UTF-8: the file looks like Shift_JIS (CP932), as Excel saves "
          "\"CSV\"; save it as \"CSV UTF-8\" and import it again");
    }
    return std::string("the line is not valid UTF-8 text; save the file as UTF-8");
  }
  if (HasControlCharacters(line)) {
    return std::string("the line holds a control character (such as NUL); remove it");
  }
  return std::nullopt;
}

}  // namespace

std::variant<Training, std::string> ParseTrainingLine(const CsvRecord& rec,
                                                      const TrainingColumns& column, size_t width) {
  if (auto problem = TextProblem(rec)) return *problem;
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
  if (!date) return "completed_on: " + DateRangeMessage() + ", got " + Quoted(field(3));
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

TrainingColumns ReadTrainingHeader(const std::vector<std::string>& header) {
  TrainingColumns column{};
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

}  // namespace fostermatch::usecases
