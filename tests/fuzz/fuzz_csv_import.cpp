// The trainer program's CSV: the RFC 4180 parser, the header and each line as a training record
// (the part of the import that needs no database), as sent and behind a valid header.

#include "matching/validation.h"
#include "service/usecases/csv.h"
#include "service/usecases/training_csv.h"
#include "tests/fuzz/fuzz_support.h"

using namespace fostermatch;

namespace {

void Import(std::string_view csv) {
  std::vector<usecases::CsvRecord> records;
  try {
    records = usecases::ParseCsv(csv);
  } catch (const usecases::CsvError& e) {
    fuzz::Require(matching::IsValidUtf8(e.what()), "CSV error echoes bytes", e.what());
    return;
  }
  if (records.empty()) return;
  usecases::TrainingColumns columns;
  try {
    columns = usecases::ReadTrainingHeader(records[0].fields);
  } catch (const ValidationError& e) {
    fuzz::CheckValidation(e);
    return;
  }
  size_t previous_line = records[0].line;
  for (size_t i = 1; i < records.size(); ++i) {
    fuzz::Require(records[i].line > previous_line, "line numbers do not increase");
    previous_line = records[i].line;
    auto parsed = usecases::ParseTrainingLine(records[i], columns, records[0].fields.size());
    if (const auto* error = std::get_if<std::string>(&parsed)) {
      fuzz::Require(matching::IsValidUtf8(*error), "a rejection echoes bytes", *error);
      fuzz::Require(error->size() < 1000, "a rejection quotes too much", *error);
      continue;
    }
    const matching::Training& t = std::get<matching::Training>(parsed);
    fuzz::Require(matching::IsValidUtf8(t.external_id + t.provider), "accepted non-UTF-8");
    fuzz::Require(!matching::HasControlCharacters(t.external_id + t.provider),
                  "accepted a control character");
    fuzz::Require(t.completed_on.InRange(), "accepted a date out of range");
    fuzz::Require(matching::ValidateTraining(t).empty(), "accepted an invalid training");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Import(text);
  Import("external_id,foster_parent_id,course,completed_on,hours,provider,outcome\n" +
         std::string(text));
  return 0;
}
