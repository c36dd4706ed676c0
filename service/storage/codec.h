#pragma once

// Conversions between the domain's values and the text/integer columns the schema stores them in.

#include <optional>
#include <string>
#include <string_view>

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

template <typename E>
std::string Name(E value) {
  return std::string(matching::ToString(value));
}

}  // namespace fostermatch::storage
