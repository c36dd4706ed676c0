#pragma once

// A stronger bound on the last level of one part: the set program (set_program.h) with cuts.
// Where sibling groups share homes, the program's best solution mixes sets fractionally
// (a pair half in one home, half in another, singles filling the halves), and its bound can sit
// far above any assignment. Three rows of the program (needs or homes) give a valid cut: a set
// meeting two of them has coefficient 1, and the sets taken sum to at most 1 there (half the
// rows' sum, rounded down: a Chvátal–Gomory cut). Rounds of column generation and cuts the
// solution violates, then the bound and, per arc, how far forcing it lowers the bound: an
// assignment worth t uses only arcs whose slack is at most bound − t, usually far fewer than
// the set program alone leaves.
//
// The bound is Lagrangian (prices on needs, settled levels and cuts, each home's best set
// under them), so it holds at any prices; it is summed in floating point.

#include <cstdint>
#include <vector>

#include "matching/assignment.h"
#include "matching/priced_homes.h"

namespace fostermatch::matching {

struct CutBound {
  double bound = 0;  // on the level, at most the best assignment over the arcs
  struct Slack {
    double slack;  // how far forcing the arc lowers the bound
    size_t arc;    // index into arcs
  };
  std::vector<Slack> slacks;  // one per arc given, in no order
  int cuts = 0;               // cuts the bound holds
};

// The bound on level `view.level` (view.scale must be 1; the higher levels held at
// view.settled) over `arc_ids`, from the sets `incumbent_arcs` uses.
CutBound BoundWithCuts(const std::vector<AssignmentNeed>& needs,
                       const std::vector<AssignmentHome>& homes,
                       const std::vector<AssignmentArc>& arcs, const std::vector<size_t>& arc_ids,
                       const LevelView& view, const std::vector<size_t>& incumbent_arcs);

}  // namespace fostermatch::matching
