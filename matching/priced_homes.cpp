#include "matching/priced_homes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace fostermatch::matching {
namespace {

// The best set of a home's items, by a worth per item, that fits its room.
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
    const T w = worth(items[j]);
    if (j == skip || w <= 0 || s > room) continue;
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

// Polyak steps: the step's scale, halved when the bound has not improved for this many steps.
constexpr double kFirstStepScale = 0.1;
constexpr int kStepsBeforeHalving = 15;
constexpr double kSmallestStepScale = 1e-4;

}  // namespace

PricedHomes::PricedHomes(const std::vector<AssignmentNeed>& needs,
                         const std::vector<AssignmentHome>& homes,
                         const std::vector<AssignmentArc>& arcs,
                         const std::vector<size_t>& need_ids, const std::vector<size_t>& home_ids,
                         const std::vector<size_t>& arc_ids)
    : need_count_(need_ids.size()) {
  std::unordered_map<size_t, uint32_t> need_at, home_at;
  for (size_t i = 0; i < need_ids.size(); ++i) need_at[need_ids[i]] = static_cast<uint32_t>(i);
  for (size_t i = 0; i < home_ids.size(); ++i) {
    home_at[home_ids[i]] = static_cast<uint32_t>(i);
    homes_.push_back({homes[home_ids[i]].free, {}});
  }
  for (size_t a : arc_ids) {
    const AssignmentArc& arc = arcs[a];
    homes_[home_at.at(arc.home)].items.push_back(
        {a, need_at.at(arc.need), static_cast<uint8_t>(needs[arc.need].slots), arc.value});
  }
}

int64_t PricedHomes::Bound(const std::vector<int64_t>& prices) const {
  int64_t bound = 0;
  for (int64_t p : prices) bound += p;
  for (const Home& h : homes_) {
    bound += BestFill<int64_t>(h.items, h.room, [&](const Item& i) {
               return i.value - prices[i.need];
             }).value;
  }
  return bound;
}

std::vector<int64_t> PricedHomes::Improve(std::vector<double> prices, int64_t incumbent,
                                          int steps) const {
  std::vector<double> best = prices;
  double best_bound = std::numeric_limits<double>::infinity();
  double scale = kFirstStepScale;
  int since_better = 0;
  std::vector<int> taken(need_count_);
  for (int step = 0; step < steps && scale > kSmallestStepScale; ++step) {
    // The bound at these prices, and how often each need is taken: the subgradient is 1 − taken.
    std::fill(taken.begin(), taken.end(), 0);
    double bound = 0;
    for (double p : prices) bound += p;
    for (const Home& h : homes_) {
      const auto fill = BestFill<double>(h.items, h.room, [&](const Item& i) {
        return static_cast<double>(i.value) - prices[i.need];
      });
      bound += fill.value;
      for (int k = 0; k < fill.count; ++k) ++taken[h.items[fill.picks[k]].need];
    }
    if (bound < best_bound) {
      best_bound = bound;
      best = prices;
      since_better = 0;
    } else if (++since_better >= kStepsBeforeHalving) {
      scale /= 2;
      since_better = 0;
    }
    if (best_bound < static_cast<double>(incumbent) + 1) break;  // as good as it gets
    double norm = 0;
    for (size_t n = 0; n < need_count_; ++n) {
      const double g = 1 - taken[n];
      if (g > 0 && prices[n] <= 0) continue;  // a price cannot go below zero
      norm += g * g;
    }
    if (norm == 0) break;  // every need taken once: the prices are optimal
    const double move = scale * (bound - static_cast<double>(incumbent)) / norm;
    for (size_t n = 0; n < need_count_; ++n) {
      prices[n] = std::max(0.0, prices[n] - move * (1 - taken[n]));
    }
  }
  // Whole prices: the bound they give is then exact in integers (any prices >= 0 give a bound).
  std::vector<int64_t> whole(best.size());
  for (size_t i = 0; i < best.size(); ++i) whole[i] = std::llround(std::max(0.0, best[i]));
  return whole;
}

std::vector<PricedHomes::ArcSlack> PricedHomes::Slacks(const std::vector<int64_t>& prices) const {
  std::vector<ArcSlack> slacks;
  std::vector<std::pair<size_t, Item>> shortlist;  // position in the home's items, item
  for (const Home& h : homes_) {
    auto worth = [&](const Item& i) { return i.value - prices[i.need]; };
    // A best set, with or without any one item, only takes items among the most worth of each
    // size: one more of each size than the home's room can hold.
    shortlist.clear();
    for (size_t j = 0; j < h.items.size(); ++j) {
      if (worth(h.items[j]) > 0 && h.items[j].slots <= h.room) shortlist.push_back({j, h.items[j]});
    }
    std::stable_sort(shortlist.begin(), shortlist.end(), [&](const auto& a, const auto& b) {
      return std::pair(a.second.slots, worth(b.second)) <
             std::pair(b.second.slots, worth(a.second));
    });
    std::array<int, kMaxHomeRoom + 1> of_size{};
    std::vector<Item> items;
    size_t kept_in_list = 0;
    for (const auto& e : shortlist) {
      if (++of_size[e.second.slots] > h.room / e.second.slots + 1) continue;
      shortlist[kept_in_list++] = e;
      items.push_back(e.second);
    }
    shortlist.resize(kept_in_list);
    const int64_t alone = BestFill<int64_t>(items, h.room, worth).value;
    for (size_t j = 0; j < h.items.size(); ++j) {
      const Item& item = h.items[j];
      if (item.slots > h.room || item.value <= 0) continue;
      auto in_list = std::find_if(shortlist.begin(), shortlist.end(),
                                  [&](const auto& e) { return e.first == j; });
      const size_t skip = in_list == shortlist.end() ? SIZE_MAX : in_list - shortlist.begin();
      // Every assignment using this arc is worth at most the bound with the arc forced in.
      const int64_t forced =
          worth(item) + BestFill<int64_t>(items, h.room - item.slots, worth, skip).value;
      slacks.push_back({alone - forced, item.arc});
    }
  }
  std::sort(slacks.begin(), slacks.end());
  return slacks;
}

}  // namespace fostermatch::matching
