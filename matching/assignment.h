#pragma once

// Global assignment of needs to homes: maximise the total score under each home's free places,
// where a need takes as many places as it has siblings, all in one home (or none).
//
// Method: min-cost flow (LEMON's network simplex) in which a need of s siblings sends up to s
// units, one per place. The flow optimum is an upper bound; when it splits a sibling group over
// homes or places only part of it, branch-and-bound branches on that group (all of it to the
// home that got most of it / never to that home) and re-solves. Needs without siblings never
// split, so in practice few branches are taken. The graph is solved per connected component,
// with the greedy solution as the first incumbent. Deterministic: the same input gives the same
// output (the graph is built in input order and the solver is deterministic).

#include <cstdint>
#include <optional>
#include <vector>

namespace fostermatch::matching {

struct AssignmentNeed {
  int64_t id = 0;
  int slots = 1;  // siblings to place together
};

struct AssignmentHome {
  int64_t id = 0;
  int free = 0;  // free places
};

// A feasible pairing and its value (the score in hundredths, so sums are exact integers).
struct AssignmentArc {
  size_t need = 0;  // index into the needs
  size_t home = 0;  // index into the homes
  int64_t value = 0;
};

struct AssignmentResult {
  std::vector<std::optional<size_t>> home_of_need;  // index into the homes, per need
  int64_t total = 0;                                // sum of the chosen arcs' values
  int components = 0;
  int subproblems = 0;         // flow problems solved
  bool proven_optimal = true;  // false only if a component hit the branch limit
  // An upper bound on the optimum (the relaxation's, where the search stopped early); equals
  // `total` when proven optimal. upper_bound - total is the most that was left on the table.
  int64_t upper_bound = 0;
};

// The optimum. A component that needs more than `max_subproblems` flow solves keeps the best
// assignment found so far (greedy, improved by rounding each relaxation) and clears
// proven_optimal; upper_bound then says how far from optimal it can be at most.
AssignmentResult AssignExact(const std::vector<AssignmentNeed>& needs,
                             const std::vector<AssignmentHome>& homes,
                             const std::vector<AssignmentArc>& arcs, int max_subproblems = 20000);

// Highest value first, skipping what no longer fits: the baseline the exact method must beat.
AssignmentResult AssignGreedy(const std::vector<AssignmentNeed>& needs,
                              const std::vector<AssignmentHome>& homes,
                              const std::vector<AssignmentArc>& arcs);

}  // namespace fostermatch::matching
