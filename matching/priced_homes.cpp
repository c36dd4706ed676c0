#include "matching/priced_homes.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "matching/best_fill.h"
#include "matching/set_program.h"

namespace fostermatch::matching {
namespace {

// Polyak steps: the step's scale, halved when the bound has not improved for this many steps.
constexpr double kFirstStepScale = 0.1;
constexpr int kStepsBeforeHalving = 15;
constexpr double kSmallestStepScale = 1e-4;

}  // namespace

PricedHomes::PricedHomes(const std::vector<AssignmentNeed>& needs,
                         const std::vector<AssignmentHome>& homes,
                         const std::vector<AssignmentArc>& arcs,
                         const std::vector<size_t>& need_ids, const std::vector<size_t>& home_ids,
                         const std::vector<size_t>& arc_ids, const LevelView& view)
    : need_count_(need_ids.size()), settled_(view.settled) {
  if (settled_.size() > kMostSettled || view.level != settled_.size() ||
      (view.weights.empty() && !settled_.empty())) {
    throw std::invalid_argument("PricedHomes: settled levels must be the levels above the bound's");
  }
  std::unordered_map<size_t, uint32_t> need_at, home_at;
  for (size_t i = 0; i < need_ids.size(); ++i) need_at[need_ids[i]] = static_cast<uint32_t>(i);
  for (size_t i = 0; i < home_ids.size(); ++i) {
    home_at[home_ids[i]] = static_cast<uint32_t>(i);
    homes_.push_back({homes[home_ids[i]].free, {}});
  }
  for (size_t a : arc_ids) {
    const AssignmentArc& arc = arcs[a];
    Item item{a, need_at.at(arc.need), static_cast<uint8_t>(needs[arc.need].slots),
              arc.value * view.scale};
    if (!view.weights.empty()) {
      const std::vector<int64_t> levels = LevelsOf(view.weights, arc.value);
      item.value = levels.at(view.level) * view.scale;
      for (size_t l = 0; l < settled_.size(); ++l)
        item.settled[l] = static_cast<int32_t>(levels[l]);
    }
    homes_[home_at.at(arc.home)].items.push_back(item);
  }
}

std::vector<int64_t> LevelsOf(const std::vector<int64_t>& weights, int64_t value) {
  if (weights.empty()) return {value};
  std::vector<int64_t> levels;
  for (int64_t w : weights) {
    levels.push_back(value / w);
    value %= w;
  }
  return levels;
}

int64_t PricedHomes::Worth(const Item& i, const Prices& p) const {
  int64_t worth = i.value - p.need[i.need];
  for (size_t l = 0; l < p.level.size(); ++l) worth -= p.level[l] * i.settled[l];
  return worth;
}

int64_t PricedHomes::Bound(const Prices& prices) const {
  int64_t bound = 0;
  for (int64_t p : prices.need) bound += p;
  for (size_t l = 0; l < prices.level.size(); ++l) bound += prices.level[l] * settled_[l];
  for (const Home& h : homes_) {
    bound +=
        BestFill<int64_t>(h.items, h.room, [&](const Item& i) { return Worth(i, prices); }).value;
  }
  return bound;
}

Prices PricedHomes::Improve(std::vector<double> prices, int64_t incumbent, int steps) const {
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
  Prices whole;
  for (double p : best) whole.need.push_back(std::llround(std::max(0.0, p)));
  return whole;
}

namespace {

// Smoothed pricing (Wentges): the sets are sought at a point between the best prices so far and
// the program's duals, which keeps the first rounds' wild duals from leading the search astray.
constexpr double kSmoothing = 0.8;
// The program has converged when the bound at its own prices is this close to its value.
constexpr double kConverged = 0.5;
// A set joins the program only if it is worth more than its home's price by this fraction of
// its value (CLP judges reduced costs on its scaled model).
constexpr double kEntering = 1e-9;

}  // namespace

std::string PricedHomes::SetKey(size_t home, const std::vector<const Item*>& items) {
  std::vector<uint32_t> key{static_cast<uint32_t>(home)};
  for (const auto* i : items) key.push_back(i->need);
  std::sort(key.begin() + 1, key.end());
  return std::string(reinterpret_cast<const char*>(key.data()), key.size() * sizeof(uint32_t));
}

Prices PricedHomes::Converge(const std::vector<size_t>& incumbent_arcs, int rounds) const {
  const size_t levels = settled_.size();
  SetProgram program(need_count_, homes_.size(), settled_);
  std::vector<uint32_t> set;
  std::vector<double> set_levels(levels);
  auto add_set = [&](size_t h, const std::vector<const Item*>& items) {
    set.clear();
    std::fill(set_levels.begin(), set_levels.end(), 0);
    double value = 0;
    for (const Item* i : items) {
      set.push_back(i->need);
      value += static_cast<double>(i->value);
      for (size_t l = 0; l < levels; ++l) set_levels[l] += i->settled[l];
    }
    program.Add(h, set, value, set_levels);
  };
  std::unordered_set<std::string> known;  // the sets in the program
  // The incumbent's sets first: the program is feasible and worth the incumbent from the start.
  const std::unordered_set<size_t> chosen(incumbent_arcs.begin(), incumbent_arcs.end());
  std::vector<const Item*> items;
  for (size_t h = 0; h < homes_.size(); ++h) {
    items.clear();
    for (const Item& i : homes_[h].items) {
      if (chosen.count(i.arc)) items.push_back(&i);
    }
    if (!items.empty() && known.insert(SetKey(h, items)).second) add_set(h, items);
  }
  double value = program.Solve();
  std::vector<double> best(need_count_ + levels, 0), point(need_count_ + levels);
  double best_bound = std::numeric_limits<double>::infinity();
  double smoothing = 0;  // the first round prices at the program's own duals
  for (int round = 0; round < rounds && program.optimal(); ++round) {
    for (size_t n = 0; n < need_count_; ++n) {
      point[n] = smoothing * best[n] + (1 - smoothing) * program.need_price(n);
    }
    for (size_t l = 0; l < levels; ++l) {
      point[need_count_ + l] =
          smoothing * best[need_count_ + l] + (1 - smoothing) * program.level_price(l);
    }
    auto worth = [&](const Item& i) {
      double w = static_cast<double>(i.value) - point[i.need];
      for (size_t l = 0; l < levels; ++l) w -= point[need_count_ + l] * i.settled[l];
      return w;
    };
    double bound = 0;
    for (size_t n = 0; n < need_count_; ++n) bound += point[n];
    for (size_t l = 0; l < levels; ++l)
      bound += point[need_count_ + l] * static_cast<double>(settled_[l]);
    for (size_t h = 0; h < homes_.size(); ++h) {
      const Home& home = homes_[h];
      const auto fill = BestFill<double>(home.items, home.room, worth);
      bound += fill.value;
      // The set found joins if it is worth more than its home's price at the program's duals.
      double reduced = -program.home_price(h), set_value = 0;
      items.clear();
      for (int k = 0; k < fill.count; ++k) {
        const Item& i = home.items[fill.picks[k]];
        items.push_back(&i);
        set_value += static_cast<double>(i.value);
        reduced += static_cast<double>(i.value) - program.need_price(i.need);
        for (size_t l = 0; l < levels; ++l) reduced -= program.level_price(l) * i.settled[l];
      }
      if (items.empty() || reduced <= kEntering * std::max(1.0, set_value)) continue;
      if (known.insert(SetKey(h, items)).second) add_set(h, items);  // never the same set twice
    }
    if (bound < best_bound) {
      best_bound = bound;
      best = point;
    }
    if (best_bound - value < kConverged) break;
    if (program.queued() == 0) {
      if (smoothing == 0) break;  // nothing left to add at the program's own duals
      smoothing = 0;              // a mispriced round: price at the duals themselves next
      continue;
    }
    smoothing = kSmoothing;
    value = program.Solve();
  }
  Prices whole;
  for (size_t n = 0; n < need_count_; ++n)
    whole.need.push_back(std::llround(std::max(0.0, best[n])));
  for (size_t l = 0; l < levels; ++l) whole.level.push_back(std::llround(best[need_count_ + l]));
  PolishMultipliers(whole);
  return whole;
}

void PricedHomes::PolishMultipliers(Prices& prices) const {
  // A multiplier weighs a whole level's sum, so rounding it can cost far more than rounding a
  // price: step each one by one while the exact bound falls.
  int64_t bound = Bound(prices);
  for (int64_t& multiplier : prices.level) {
    for (const int64_t step : {1, -1}) {
      for (int k = 0; k < kPolishSteps; ++k) {
        multiplier += step;
        const int64_t next = Bound(prices);
        if (next >= bound) {
          multiplier -= step;
          break;
        }
        bound = next;
      }
    }
  }
}

std::vector<PricedHomes::ArcSlack> PricedHomes::Slacks(const Prices& prices) const {
  std::vector<ArcSlack> slacks;
  std::vector<std::pair<size_t, Item>> shortlist;  // position in the home's items, item
  for (const Home& h : homes_) {
    auto worth = [&](const Item& i) { return Worth(i, prices); };
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
      if (item.slots > h.room) continue;
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
