#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace fostermatch::usecases {

struct CsvRecord {
  size_t line = 0;  // 1-based line where the record starts (the header is line 1)
  std::vector<std::string> fields;
};

class CsvError : public std::runtime_error {
 public:
  CsvError(size_t line, const std::string& message)
      : std::runtime_error("line " + std::to_string(line) + ": " + message), line_(line) {}
  size_t line() const { return line_; }

 private:
  size_t line_;
};

// Parses RFC 4180 CSV: a UTF-8 BOM is skipped, CRLF or LF ends a record, quoted fields may hold
// commas, quotes ("") and line breaks. Blank lines are skipped. Throws CsvError for an
// unterminated quote or text after a closing quote.
std::vector<CsvRecord> ParseCsv(std::string_view text);

}  // namespace fostermatch::usecases
