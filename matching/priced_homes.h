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

#include <cstdint>
#include <vector>

#include "matching/assignment.h"

namespace fostermatch::matching {

class PricedHomes {
 public:
  // One part of the problem: its needs, homes and arcs (indices into the vectors given).
  PricedHomes(const std::vector<AssignmentNeed>& needs, const std::vector<AssignmentHome>& homes,
              const std::vector<AssignmentArc>& arcs, const std::vector<size_t>& need_ids,
              const std::vector<size_t>& home_ids, const std::vector<size_t>& arc_ids);

  // Prices (per need, in the order of need_ids) lowered or raised by subgradient steps from
  // `start` toward the best bound, judged against `incumbent` (a value some assignment reaches).
  // The result's bound is exact: prices are whole numbers and sums are integers.
  std::vector<int64_t> Improve(std::vector<double> start, int64_t incumbent, int steps) const;

  // The bound these prices give (exact).
  int64_t Bound(const std::vector<int64_t>& prices) const;

  // How far forcing each arc into its home's set lowers the bound of these prices, smallest
  // first: with bound B, the arcs of slack at most B − t are all an assignment worth t can use.
  struct ArcSlack {
    int64_t slack;
    size_t arc;  // index into arcs
    auto operator<=>(const ArcSlack&) const = default;
  };
  std::vector<ArcSlack> Slacks(const std::vector<int64_t>& prices) const;

 private:
  struct Item {
    size_t arc;     // index into arcs
    uint32_t need;  // position in need_ids
    uint8_t slots;  // places it takes
    int64_t value;  // the arc's value
  };
  struct Home {
    int room = 0;
    std::vector<Item> items;
  };

  std::vector<Home> homes_;
  size_t need_count_ = 0;
};

}  // namespace fostermatch::matching
