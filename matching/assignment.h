#pragma once

// Global assignment of needs to homes: maximise the total value under each home's free places,
// where a need takes as many places as it has siblings, all in one home (or none).
//
// Method, per connected part of the graph: the flow relaxation (LEMON's network simplex; a need
// of s siblings sends s units, one per place) is solved; when it places every group whole it is
// optimal. Otherwise its rounding, repaired and improved by local search, is the incumbent, and
// prices on the needs started at the flow's duals give a much tighter per-home bound (a home's
// best set of whole groups; see priced_homes.h). Targets between incumbent and bound are then
// solved exactly by CBC over only the arcs the bound says can reach them, level by level with
// small coefficients (assignment_mip.h): the first target reached is the optimum, each target
// missed lowers the bound. Where too many arcs could reach even a target next to the bound,
// CBC takes the arcs nearest it (a better incumbent), and once only the last level is open the
// linear program over whole home sets (column generation, CLP) gives the exact best bound of
// this kind on that level; the targets are searched again under it. Where sibling groups mixed
// over homes keep that bound far above the optimum, the same program with cuts on three of its
// rows bounds far tighter (set_cuts.h), and the targets are searched a third time under it.
// Deterministic: the same input gives the same output.
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
// A home's free places are at most this (kMaxFosterChildren): the per-home bound enumerates them.
inline constexpr int kMaxHomeRoom = 4;

struct AssignmentArc {
  size_t need = 0;  // index into the needs
  size_t home = 0;  // index into the homes
  int64_t value = 0;
};

struct AssignmentResult {
  std::vector<std::optional<size_t>> home_of_need;  // index into the homes, per need
  int64_t total = 0;                                // sum of the chosen arcs' values
  int components = 0;
  int subproblems = 0;         // flow problems and MIP nodes solved
  int set_program_parts = 0;   // parts whose last level the set program had to bound
  int cut_bound_parts = 0;     // ... and the set program with cuts
  bool proven_optimal = true;  // false if a part ran out of nodes or arcs for the MIP
  // An upper bound on the optimum (the bounds', where a part stopped early); equals
  // `total` when proven optimal. upper_bound - total is the most that was left on the table.
  int64_t upper_bound = 0;
};

struct AssignmentOptions {
  // Branch-and-bound nodes CBC may explore per part and level before the part is left with its
  // best assignment so far (proven_optimal cleared, the gap in upper_bound).
  int max_nodes = 20000;
  // Subgradient steps improving the prices of the per-home bound, and the most rounds of
  // column generation for the set program's bound.
  int price_steps = 300;
  // The most arcs handed to CBC at once: beyond it the part keeps its best assignment and
  // reports the gap to the bound (a solve that large takes CBC minutes and gigabytes).
  size_t most_mip_arcs = 30000;
  // The objective's lexicographic weights, highest level first, when arc values are sums of
  // levels times weights (LexicographicWeights): the exact solver then optimises level by level
  // with each level's small coefficients. Empty: the value is one level.
  std::vector<int64_t> level_weights;
  // Parts (connected components: a country's regions) solved side by side on this many threads.
  // The assignment is the same on any number; calls into CBC and CLP take turns (CoinLock).
  int threads = 1;
};

// The optimum, unless a part runs out of max_nodes (see AssignmentOptions). Throws
// std::invalid_argument if a home has more than kMaxHomeRoom free places.
AssignmentResult AssignExact(const std::vector<AssignmentNeed>& needs,
                             const std::vector<AssignmentHome>& homes,
                             const std::vector<AssignmentArc>& arcs,
                             const AssignmentOptions& options = {});

// Highest value first, skipping what no longer fits: the baseline the exact method must beat.
AssignmentResult AssignGreedy(const std::vector<AssignmentNeed>& needs,
                              const std::vector<AssignmentHome>& homes,
                              const std::vector<AssignmentArc>& arcs);

}  // namespace fostermatch::matching
