#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace fostermatch::usecases {

// List pages: a limit defaults to this and may go up to the maximum.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;
// Rows read at a time when a page skips records by a derived field or the agency scope.
inline constexpr int kScanBatch = 200;

// One page of a list; `next_after` is the position to continue after, set when more may follow.
template <typename T>
struct Page {
  std::vector<T> items;
  std::optional<int64_t> next_after;
};

}  // namespace fostermatch::usecases
