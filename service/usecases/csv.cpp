#include "service/usecases/csv.h"

namespace fostermatch::usecases {

std::vector<CsvRecord> ParseCsv(std::string_view text) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<CsvRecord> records;
  CsvRecord current;
  std::string field;
  size_t line = 1;
  size_t i = 0;
  bool record_started = false;
  auto end_field = [&] {
    current.fields.push_back(std::move(field));
    field.clear();
  };
  auto end_record = [&] {
    end_field();
    const bool blank = current.fields.size() == 1 && current.fields[0].empty();
    if (!blank) records.push_back(std::move(current));
    current = CsvRecord{};
    record_started = false;
  };
  while (i < text.size()) {
    if (!record_started) {
      current.line = line;
      record_started = true;
    }
    const char c = text[i];
    if (c == '"' && field.empty()) {
      // A quoted field: runs to the next lone quote.
      const size_t opened_on = line;
      ++i;
      while (true) {
        if (i >= text.size()) throw CsvError(opened_on, "a quoted field is not closed");
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        field += text[i++];
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r') {
        throw CsvError(line, "unexpected text after a closing quote");
      }
      if (field.empty()) field = std::string();  // an explicit "" stays an empty field
      continue;
    }
    if (c == ',') {
      end_field();
      ++i;
    } else if (c == '\r' || c == '\n') {
      end_record();
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
    } else {
      field += c;
      ++i;
    }
  }
  if (record_started) end_record();
  return records;
}

}  // namespace fostermatch::usecases
