#pragma once

// The trainer program's CSV, read without a database: which column holds which field, and each
// line as a training record or the reason it is rejected. Pure functions (the fuzzer drives
// them); Trainings::ImportCsv adds the checks that need the database.

#include <array>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "matching/domain.h"
#include "service/usecases/csv.h"

namespace fostermatch::usecases {

inline constexpr std::array<std::string_view, 7> kTrainingColumns = {
    "external_id", "foster_parent_id", "course", "completed_on", "hours", "provider", "outcome"};
// For each of kTrainingColumns, its position in a line.
using TrainingColumns = std::array<size_t, kTrainingColumns.size()>;

// The header names the columns, in any order. Throws ValidationError naming every missing one.
TrainingColumns ReadTrainingHeader(const std::vector<std::string>& header);

// One line's fields as a training record (the domain's limits, as for a record entered by hand),
// or what is wrong with it. A line that is not UTF-8 is refused as a whole, saying so when it
// reads as Shift_JIS. The message quotes at most a short, valid UTF-8 excerpt of a value.
std::variant<matching::Training, std::string> ParseTrainingLine(const CsvRecord& record,
                                                                const TrainingColumns& columns,
                                                                size_t width);

}  // namespace fostermatch::usecases
