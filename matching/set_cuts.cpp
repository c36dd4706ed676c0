#include "matching/set_cuts.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "matching/best_fill.h"
#include "matching/set_program.h"

namespace fostermatch::matching {
namespace {

// Column generation stops when the bound can fall no further in whole numbers, or after this
// many rounds.
constexpr int kRounds = 400;
// Smoothed pricing (Wentges), as in PricedHomes::Converge.
constexpr double kSmoothing = 0.8;
// A set joins the program only if its reduced cost exceeds this fraction of its value.
constexpr double kEntering = 1e-9;
// Each unit of a settled level's sum off its value costs the program this much: far more than
// any set is worth, so the slack is used only while no sets meet the levels.
constexpr double kLevelPenalty = 1e9;
// A column value this close to 0 or 1 is whole.
constexpr double kWhole = 1e-6;
// Cuts: a round adds at most kCutsPerRound, the most violated first, of those violated by more
// than kViolated; at most kCutRounds rounds.
constexpr size_t kCutsPerRound = 200;
constexpr double kViolated = 1e-3;
constexpr int kCutRounds = 20;
// Bounds are compared in whole numbers with this margin for floating-point sums.
constexpr double kMargin = 1e-3;

class CutProgram {
 public:
  CutProgram(const std::vector<AssignmentNeed>& needs, const std::vector<AssignmentHome>& homes,
             const std::vector<AssignmentArc>& arcs, const std::vector<size_t>& arc_ids,
             const LevelView& view);

  CutBound Solve(const std::vector<size_t>& incumbent_arcs);

 private:
  struct Item {
    size_t arc;
    uint32_t need;
    uint8_t slots;
    double value;  // on the level bounded
    std::array<int64_t, PricedHomes::kMostSettled> settled;
  };
  struct Home {
    int room = 0;
    std::vector<Item> items;
  };
  struct Column {
    uint32_t home;
    std::vector<uint32_t> items;  // positions in the home's items, ascending
  };
  // Prices on the needs, the settled levels and the cuts.
  struct Point {
    std::vector<double> need, level, cut;
  };
  // Three rows of the program: needs, or homes after the needs.
  using Cut = std::array<uint32_t, 3>;
  struct Pick {
    double worth = 0;
    std::vector<uint32_t> items;
  };

  uint32_t HomeRow(size_t h) const { return static_cast<uint32_t>(need_count_ + h); }
  double Worth(const Item& i, const Point& p) const;
  bool MeetsTwice(const Cut& cut, uint32_t home, const std::vector<uint32_t>& items) const;
  std::vector<int> CutsOf(uint32_t home, const std::vector<uint32_t>& items) const;
  double CutCost(size_t h, const std::vector<uint32_t>& items,
                 const std::vector<double>& prices) const;
  Pick BestSet(size_t h, const Point& p, std::optional<uint32_t> forced = std::nullopt) const;
  double BoundAt(const Point& p, std::vector<Pick>* picks) const;
  void AddColumn(uint32_t home, std::vector<uint32_t> items);
  Point Duals() const;
  double GenerateColumns(double& value, Point& best);
  void Smooth(Point& point, const Point& best, double smoothing) const;
  size_t Separate();
  void AddCut(const Cut& cut);

  std::vector<Home> homes_;
  size_t need_count_ = 0;
  std::vector<int64_t> settled_;
  std::unordered_map<size_t, std::pair<uint32_t, uint32_t>> item_at_;      // arc → home, item
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> items_of_need_;  // home, item
  std::vector<Cut> cuts_;
  std::set<Cut> known_cuts_;
  std::vector<std::vector<int>> cuts_of_home_;    // per home: the cuts a set may meet twice
  std::vector<std::vector<uint32_t>> cut_items_;  // per home: its items in those, ascending
  std::unique_ptr<SetProgram> program_;
  size_t slack_columns_ = 0;
  std::vector<Column> columns_;  // after the slack columns
  std::unordered_set<std::string> known_;
};

CutProgram::CutProgram(const std::vector<AssignmentNeed>& needs,
                       const std::vector<AssignmentHome>& homes,
                       const std::vector<AssignmentArc>& arcs, const std::vector<size_t>& arc_ids,
                       const LevelView& view)
    : settled_(view.settled) {
  if (view.scale != 1 || settled_.size() > PricedHomes::kMostSettled ||
      view.level != settled_.size()) {
    throw std::invalid_argument("BoundWithCuts: the level below the settled ones, unscaled");
  }
  std::unordered_map<size_t, uint32_t> need_at, home_at;
  for (size_t a : arc_ids) {
    const AssignmentArc& arc = arcs[a];
    const uint32_t need =
        need_at.emplace(arc.need, static_cast<uint32_t>(need_at.size())).first->second;
    const auto [h, new_home] = home_at.emplace(arc.home, static_cast<uint32_t>(homes_.size()));
    if (new_home) homes_.push_back({homes[arc.home].free, {}});
    const std::vector<int64_t> levels = LevelsOf(view.weights, arc.value);
    Item item{a,
              need,
              static_cast<uint8_t>(needs[arc.need].slots),
              static_cast<double>(levels.at(view.level)),
              {}};
    for (size_t l = 0; l < settled_.size(); ++l) item.settled[l] = levels[l];
    homes_[h->second].items.push_back(item);
  }
  need_count_ = need_at.size();
  items_of_need_.resize(need_count_);
  for (size_t h = 0; h < homes_.size(); ++h) {
    const auto home = static_cast<uint32_t>(h);
    for (uint32_t j = 0; j < homes_[h].items.size(); ++j) {
      item_at_[homes_[h].items[j].arc] = {home, j};
      items_of_need_[homes_[h].items[j].need].push_back({home, j});
    }
  }
  cuts_of_home_.resize(homes_.size());
  cut_items_.resize(homes_.size());
  program_ = std::make_unique<SetProgram>(need_count_, homes_.size(), settled_);
  program_->AddLevelSlack(kLevelPenalty);
  slack_columns_ = program_->queued();
}

double CutProgram::Worth(const Item& i, const Point& p) const {
  double w = i.value - p.need[i.need];
  for (size_t l = 0; l < settled_.size(); ++l) w -= p.level[l] * static_cast<double>(i.settled[l]);
  return w;
}

bool CutProgram::MeetsTwice(const Cut& cut, uint32_t home,
                            const std::vector<uint32_t>& items) const {
  int count = 0;
  for (uint32_t r : cut) count += r == HomeRow(home);
  for (uint32_t j : items) {
    const uint32_t need = homes_[home].items[j].need;
    for (uint32_t r : cut) count += r == need;
  }
  return count >= 2;
}

std::vector<int> CutProgram::CutsOf(uint32_t home, const std::vector<uint32_t>& items) const {
  std::vector<int> met;
  for (const int k : cuts_of_home_[home]) {
    if (MeetsTwice(cuts_[k], home, items)) met.push_back(k);
  }
  return met;
}

double CutProgram::CutCost(size_t h, const std::vector<uint32_t>& items,
                           const std::vector<double>& prices) const {
  double cost = 0;
  for (const int k : cuts_of_home_[h]) {
    if (MeetsTwice(cuts_[k], static_cast<uint32_t>(h), items)) cost += prices[k];
  }
  return cost;
}

// A home's best set at these prices (with `forced` in it, if given): the items in the home's
// cuts are chosen by listing their subsets, the rest by BestFill (they meet no cut here).
CutProgram::Pick CutProgram::BestSet(size_t h, const Point& p,
                                     std::optional<uint32_t> forced) const {
  const Home& home = homes_[h];
  const std::vector<uint32_t>& in_cuts = cut_items_[h];
  std::vector<uint32_t> items;
  int room = home.room;
  if (forced) {
    items.push_back(*forced);
    room -= home.items[*forced].slots;
  }
  if (room < 0) return {-std::numeric_limits<double>::infinity(), {}};  // the forced item won't fit
  std::vector<uint32_t> choosable;  // worth nothing, an item only costs room and cuts
  for (uint32_t j : in_cuts) {
    if (j != forced && Worth(home.items[j], p) > 0) choosable.push_back(j);
  }
  std::array<Fill<double>, kMaxHomeRoom + 1> rest{};  // the best of the others, per room left
  for (int left = choosable.empty() ? room : 0; left <= room; ++left) {
    rest[left] = BestFill<double>(home.items, left, [&](const Item& i) {
      const auto j = static_cast<uint32_t>(&i - home.items.data());
      const bool listed = std::binary_search(in_cuts.begin(), in_cuts.end(), j);
      return listed || j == forced ? 0.0 : Worth(i, p);
    });
  }
  Pick best{-std::numeric_limits<double>::infinity(), {}};
  auto consider = [&](int left) {
    double worth = rest[left].value - CutCost(h, items, p.cut);
    for (uint32_t j : items) worth += Worth(home.items[j], p);
    if (worth <= best.worth) return;
    best.worth = worth;
    best.items = items;
    for (int k = 0; k < rest[left].count; ++k) best.items.push_back(rest[left].picks[k]);
  };
  auto list = [&](auto&& self, size_t from, int left) -> void {
    consider(left);
    for (size_t k = from; k < choosable.size(); ++k) {
      const int s = home.items[choosable[k]].slots;
      if (s > left) continue;
      items.push_back(choosable[k]);
      self(self, k + 1, left - s);
      items.pop_back();
    }
  };
  list(list, 0, room);
  std::sort(best.items.begin(), best.items.end());
  return best;
}

double CutProgram::BoundAt(const Point& p, std::vector<Pick>* picks) const {
  double bound = 0;
  for (double price : p.cut) bound += price;  // each cut's right-hand side is 1
  for (double price : p.need) bound += price;
  for (size_t l = 0; l < settled_.size(); ++l)
    bound += p.level[l] * static_cast<double>(settled_[l]);
  if (picks) picks->clear();
  for (size_t h = 0; h < homes_.size(); ++h) {
    Pick pick = BestSet(h, p);
    bound += pick.worth;
    if (picks) picks->push_back(std::move(pick));
  }
  return bound;
}

void CutProgram::AddColumn(uint32_t home, std::vector<uint32_t> items) {
  std::string key(reinterpret_cast<const char*>(&home), sizeof home);
  key.append(reinterpret_cast<const char*>(items.data()), items.size() * sizeof(uint32_t));
  if (!known_.insert(key).second) return;
  std::vector<uint32_t> needs;
  std::vector<double> levels(settled_.size(), 0);
  double value = 0;
  for (uint32_t j : items) {
    const Item& i = homes_[home].items[j];
    needs.push_back(i.need);
    value += i.value;
    for (size_t l = 0; l < settled_.size(); ++l) levels[l] += static_cast<double>(i.settled[l]);
  }
  program_->Add(home, needs, value, levels, CutsOf(home, items));
  columns_.push_back({home, std::move(items)});
}

CutProgram::Point CutProgram::Duals() const {
  Point p{std::vector<double>(need_count_), std::vector<double>(settled_.size()),
          std::vector<double>(cuts_.size())};
  for (size_t n = 0; n < need_count_; ++n) p.need[n] = program_->need_price(n);
  for (size_t l = 0; l < settled_.size(); ++l) p.level[l] = program_->level_price(l);
  for (size_t k = 0; k < cuts_.size(); ++k) p.cut[k] = program_->cut_price(k);
  return p;
}

// Rounds of column generation from the program's duals, smoothed toward `best` (the point of
// the lowest bound, kept up to date). Returns the lowest bound found; `value` is the program's.
double CutProgram::GenerateColumns(double& value, Point& best) {
  double best_bound = std::numeric_limits<double>::infinity(), smoothing = 0;
  std::vector<Pick> picks;
  for (int round = 0; round < kRounds && program_->optimal(); ++round) {
    const Point duals = Duals();
    Point point = duals;
    if (smoothing > 0) Smooth(point, best, smoothing);
    const double bound = BoundAt(point, &picks);
    if (bound < best_bound) {
      best_bound = bound;
      best = point;
    }
    for (size_t h = 0; h < homes_.size(); ++h) {
      const std::vector<uint32_t>& items = picks[h].items;
      if (items.empty()) continue;
      double reduced = -program_->home_price(h) - CutCost(h, items, duals.cut);
      double set_value = 0;
      for (uint32_t j : items) {
        reduced += Worth(homes_[h].items[j], duals);
        set_value += std::abs(homes_[h].items[j].value);
      }
      if (reduced > kEntering * std::max(1.0, set_value))
        AddColumn(static_cast<uint32_t>(h), items);
    }
    // The bound can fall no further in whole numbers: the program's value is in the same unit.
    if (std::floor(best_bound + kMargin) <= std::floor(value + kMargin)) break;
    if (program_->queued() == 0) {
      if (smoothing == 0) break;  // nothing left to add at the program's own duals
      smoothing = 0;
      continue;
    }
    smoothing = kSmoothing;
    value = program_->Solve();
  }
  return best_bound;
}

void CutProgram::Smooth(Point& point, const Point& best, double smoothing) const {
  auto mix = [&](std::vector<double>& at, const std::vector<double>& toward) {
    for (size_t k = 0; k < at.size() && k < toward.size(); ++k)
      at[k] = smoothing * toward[k] + (1 - smoothing) * at[k];
  };
  mix(point.need, best.need);
  mix(point.level, best.level);
  mix(point.cut, best.cut);  // cuts added since the best point keep their duals
}

// Adds the cuts on three rows the program's solution violates most; returns how many. Only
// rows that meet in a fractional set can be violated together.
size_t CutProgram::Separate() {
  const std::vector<double> x = program_->ColumnValues();
  std::unordered_map<uint32_t, std::vector<size_t>> in_use;  // row → columns above zero
  std::map<uint32_t, std::set<uint32_t>> meet;               // row → rows in a fractional set
  for (size_t c = 0; c < columns_.size(); ++c) {
    const double v = x[slack_columns_ + c];
    if (v <= kWhole) continue;
    std::vector<uint32_t> rows{HomeRow(columns_[c].home)};
    for (uint32_t j : columns_[c].items) rows.push_back(homes_[columns_[c].home].items[j].need);
    for (uint32_t r : rows) in_use[r].push_back(c);
    if (v >= 1 - kWhole) continue;
    for (uint32_t a : rows) {
      for (uint32_t b : rows) {
        if (a != b) meet[a].insert(b);
      }
    }
  }
  std::vector<std::pair<double, Cut>> violated;
  for (const auto& [a, with_a] : meet) {
    for (auto b = with_a.upper_bound(a); b != with_a.end(); ++b) {
      const std::set<uint32_t>& with_b = meet[*b];
      for (auto c = std::next(b); c != with_a.end(); ++c) {
        const Cut cut{a, *b, *c};
        if (!with_b.count(*c) || known_cuts_.count(cut)) continue;
        std::unordered_map<size_t, int> hits;
        for (uint32_t r : cut) {
          for (size_t col : in_use[r]) ++hits[col];
        }
        double lhs = 0;
        for (const auto& [col, count] : hits) lhs += count >= 2 ? x[slack_columns_ + col] : 0;
        if (lhs > 1 + kViolated) violated.push_back({lhs, cut});
      }
    }
  }
  std::sort(violated.begin(), violated.end(), std::greater<>());
  violated.resize(std::min(violated.size(), kCutsPerRound));
  for (const auto& [lhs, cut] : violated) AddCut(cut);
  return violated.size();
}

void CutProgram::AddCut(const Cut& cut) {
  const int k = static_cast<int>(cuts_.size());
  cuts_.push_back(cut);
  known_cuts_.insert(cut);
  // The homes where a set can meet two of the rows, and their items there.
  std::map<uint32_t, std::vector<uint32_t>> items_at;
  std::map<uint32_t, int> rows_at;
  for (uint32_t r : cut) {
    if (r >= need_count_) {
      ++rows_at[r - static_cast<uint32_t>(need_count_)];
      continue;
    }
    for (const auto& [h, j] : items_of_need_[r]) {
      items_at[h].push_back(j);
      ++rows_at[h];
    }
  }
  for (const auto& [h, count] : rows_at) {
    if (count < 2) continue;
    cuts_of_home_[h].push_back(k);
    std::vector<uint32_t>& listed = cut_items_[h];
    listed.insert(listed.end(), items_at[h].begin(), items_at[h].end());
    std::sort(listed.begin(), listed.end());
    listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
  }
  std::vector<int> columns;
  for (size_t c = 0; c < columns_.size(); ++c) {
    if (MeetsTwice(cut, columns_[c].home, columns_[c].items))
      columns.push_back(static_cast<int>(slack_columns_ + c));
  }
  program_->AddCuts({columns});
}

CutBound CutProgram::Solve(const std::vector<size_t>& incumbent_arcs) {
  std::vector<std::vector<uint32_t>> sets(homes_.size());
  for (size_t a : incumbent_arcs) {
    const auto it = item_at_.find(a);
    if (it != item_at_.end()) sets[it->second.first].push_back(it->second.second);
  }
  for (size_t h = 0; h < homes_.size(); ++h) {
    std::sort(sets[h].begin(), sets[h].end());
    if (!sets[h].empty()) AddColumn(static_cast<uint32_t>(h), sets[h]);
  }
  double value = program_->Solve();
  if (!program_->optimal()) throw std::runtime_error("BoundWithCuts: the set program failed");
  Point best = Duals();
  double bound = std::numeric_limits<double>::infinity();
  for (int round = 0;; ++round) {
    bound = std::min(bound, GenerateColumns(value, best));
    if (program_->queued()) value = program_->Solve();
    if (round == kCutRounds || Separate() == 0) break;
    value = program_->Resolve();
  }
  if (!program_->optimal()) throw std::runtime_error("BoundWithCuts: the set program failed");
  // The slacks at the point of the lowest bound, from its own sum (so that they match it).
  CutBound out;
  std::vector<Pick> picks;
  out.bound = BoundAt(best, &picks);
  out.cuts = static_cast<int>(cuts_.size());
  for (size_t h = 0; h < homes_.size(); ++h) {
    for (uint32_t j = 0; j < homes_[h].items.size(); ++j) {
      const double forced = BestSet(h, best, j).worth;
      out.slacks.push_back({std::max(0.0, picks[h].worth - forced), homes_[h].items[j].arc});
    }
  }
  return out;
}

}  // namespace

CutBound BoundWithCuts(const std::vector<AssignmentNeed>& needs,
                       const std::vector<AssignmentHome>& homes,
                       const std::vector<AssignmentArc>& arcs, const std::vector<size_t>& arc_ids,
                       const LevelView& view, const std::vector<size_t>& incumbent_arcs) {
  CutProgram program(needs, homes, arcs, arc_ids, view);
  return program.Solve(incumbent_arcs);
}

}  // namespace fostermatch::matching
