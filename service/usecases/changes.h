#pragma once

// Inside the use-case layer: applying a change struct, whose absent fields leave a record as it is.

#include <optional>

namespace fostermatch::usecases {

template <typename T>
void Set(const std::optional<T>& value, T& field) {
  if (value) field = *value;
}

}  // namespace fostermatch::usecases
