#pragma once

// A home's best set of items by a worth per item, within its room (at most kMaxHomeRoom
// places): the pricing step of the per-home bound and of the set program.

#include <array>
#include <cstddef>
#include <cstdint>

#include "matching/assignment.h"

namespace fostermatch::matching {

template <typename T>
struct Fill {
  T value{};
  std::array<uint32_t, kMaxHomeRoom> picks{};  // item positions
  int count = 0;
};

// 0/1 knapsack over at most kMaxHomeRoom places: fill[k] is the best using at most k places.
// Items worth nothing at their price are never taken; `skip` leaves one item out.
template <typename T, typename Items, typename Worth>
Fill<T> BestFill(const Items& items, int room, Worth worth, size_t skip = SIZE_MAX) {
  std::array<Fill<T>, kMaxHomeRoom + 1> fill{};
  for (size_t j = 0; j < items.size(); ++j) {
    const int s = items[j].slots;
    if (j == skip || s > room) continue;
    const T w = worth(items[j]);
    if (w <= 0) continue;
    for (int k = room; k >= s; --k) {
      if (fill[k - s].value + w > fill[k].value) {
        fill[k] = fill[k - s];
        fill[k].picks[fill[k].count++] = static_cast<uint32_t>(j);
        fill[k].value += w;
      }
    }
  }
  return fill[room];
}

}  // namespace fostermatch::matching
