#pragma once

// Conversions between the domain's values and the text/integer columns the schema stores them in.

#include <spdlog/spdlog.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matching/date.h"
#include "matching/domain.h"
#include "service/storage/errors.h"

namespace fostermatch::storage {

// Parses a stored date; a malformed one means the database was edited by hand.
inline matching::Date StoredDate(const std::string& text, const char* column) {
  auto d = matching::Date::Parse(text);
  if (!d) throw StorageError(std::string("malformed date in column ") + column);
  return *d;
}

template <typename E>
E StoredEnum(const std::string& text, const char* column) {
  auto v = matching::ParseEnum<E>(text);
  if (!v) throw StorageError(std::string("unknown value in column ") + column);
  return *v;
}

// How a reader treats a row it cannot decode.
enum class BadRow {
  kSkip,   // log the table and id and leave the row out (lists, snapshots: one bad record must
           // not fail every request that reads the table)
  kThrow,  // throw UnreadableRecordError naming the table and id (a read of that one record)
};

// What one List call scanned, including rows it left out because they could not be decoded, so
// that a caller paging in batches neither stops early nor reads a row twice.
struct Scan {
  int rows = 0;
  int64_t last_id = 0;
};

// Appends decode() to `out`; if it throws StorageError (StoredDate, StoredEnum), applies `policy`.
// The log and the error carry the table, the id and the column, never the stored value.
template <typename T, typename F>
void DecodeRow(std::vector<T>& out, const char* table, int64_t id, BadRow policy, F&& decode) {
  try {
    out.push_back(decode());
  } catch (const StorageError& e) {
    spdlog::error("unreadable row in {} id {}: {}; {}", table, id, e.what(),
                  policy == BadRow::kSkip ? "left out of the result" : "refused");
    if (policy == BadRow::kThrow) {
      throw UnreadableRecordError("the stored record " + std::string(table) + " " +
                                  std::to_string(id) +
                                  " cannot be read (malformed data; the server log names the "
                                  "column)");
    }
  }
}

template <typename E>
std::string Name(E value) {
  return std::string(matching::ToString(value));
}

}  // namespace fostermatch::storage
