#pragma once

// Upper bounds on one part of the assignment from prices on its needs (the Lagrangian relaxation
// of "each need goes to at most one home"). With every need priced p_n >= 0, each home alone
// takes the set of needs that fits its places and is worth most at value − price; the prices
// plus every home's best set bound any assignment's value from above. A home's set holds whole
// sibling groups, so the bound is much tighter than the flow relaxation, which may spread a
// group over homes: this is the per-home pattern bound, found without listing patterns since a
// home has at most four places.
//
// The bound also fixes arcs: forcing one arc into its home's set gives a bound on every
// assignment that uses it; arcs whose bound falls short of a target cannot be part of an
// assignment worth that target.
//
// The bound may be on one level of a lexicographic objective whose higher levels are already
// settled (LevelView): the higher levels' sums are then held at their proven values by
// multipliers of their own, and the bound is on that level alone, in its small numbers. The
// best prices and multipliers are those of the linear program over whole home sets, found by
// column generation (Converge).

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "matching/assignment.h"

namespace fostermatch::matching {

// An arc's value split into lexicographic levels, highest first (LexicographicWeights); one
// level, the value itself, when there are no weights.
std::vector<int64_t> LevelsOf(const std::vector<int64_t>& weights, int64_t value);

// What the bound is on: with no weights, the arcs' whole values; otherwise level `level` of them,
// every higher level l held at `settled[l]`. Values are multiplied by `scale`, so that prices
// rounded to whole numbers lose little of the bound (the bound is then in scaled units).
struct LevelView {
  std::vector<int64_t> weights;
  size_t level = 0;
  std::vector<int64_t> settled;
  int64_t scale = 1;
};

// Prices on the needs (in the order of need_ids) and multipliers on the settled levels.
struct Prices {
  std::vector<int64_t> need;
  std::vector<int64_t> level;  // empty: all zero
};

class PricedHomes {
 public:
  // The most settled levels a bound can hold.
  static constexpr size_t kMostSettled = 3;

  // One part of the problem: its needs, homes and arcs (indices into the vectors given).
  PricedHomes(const std::vector<AssignmentNeed>& needs, const std::vector<AssignmentHome>& homes,
              const std::vector<AssignmentArc>& arcs, const std::vector<size_t>& need_ids,
              const std::vector<size_t>& home_ids, const std::vector<size_t>& arc_ids,
              const LevelView& view = {});

  // Prices lowered or raised by subgradient steps from `start` toward the best bound, judged
  // against `incumbent` (a value some assignment reaches). The result's bound is exact: prices
  // are whole numbers and sums are integers. Whole values only (no settled levels).
  Prices Improve(std::vector<double> start, int64_t incumbent, int steps) const;

  // The best prices and multipliers of this kind: those of the linear program over whole home
  // sets, solved by column generation (COIN-OR CLP) from the sets `incumbent_arcs` uses, at
  // most `rounds` rounds; then rounded to whole numbers (their bound is exact, a little above
  // the program's).
  Prices Converge(const std::vector<size_t>& incumbent_arcs, int rounds) const;

  // The bound these prices give (exact).
  int64_t Bound(const Prices& prices) const;

  // How far forcing each arc into its home's set lowers the bound of these prices, smallest
  // first: with bound B, the arcs of slack at most B − t are all an assignment worth t can use.
  struct ArcSlack {
    int64_t slack;
    size_t arc;  // index into arcs
    auto operator<=>(const ArcSlack&) const = default;
  };
  std::vector<ArcSlack> Slacks(const Prices& prices) const;

 private:
  // How many steps of one each multiplier may move after rounding.
  static constexpr int kPolishSteps = 16;
  void PolishMultipliers(Prices& prices) const;

  struct Item {
    size_t arc;                                   // index into arcs
    uint32_t need;                                // position in need_ids
    uint8_t slots;                                // places it takes
    int64_t value;                                // the arc's value on the level bounded
    std::array<int32_t, kMostSettled> settled{};  // its worth on each settled level
  };
  // A set's identity: its home and its needs, in order.
  static std::string SetKey(size_t home, const std::vector<const Item*>& items);
  // An item's worth to its home at these prices: what taking it adds to the bound.
  int64_t Worth(const Item& i, const Prices& p) const;
  struct Home {
    int room = 0;
    std::vector<Item> items;
  };

  std::vector<Home> homes_;
  size_t need_count_ = 0;
  std::vector<int64_t> settled_;  // the settled levels' sums
};

}  // namespace fostermatch::matching
