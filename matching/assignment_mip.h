#pragma once

// The part of the assignment that bounds alone cannot settle, handed to an established MIP
// solver (COIN-OR CBC, in-process): the arcs that can still reach a target, maximised level by
// level. Each level is its own solve with small whole coefficients (children, urgency, the score
// in hundredths), never one sum of 10^13-sized weights that floating point could not order.

#include <cstdint>
#include <mutex>
#include <vector>

#include "matching/assignment.h"

namespace fostermatch::matching {

struct LevelTarget {
  std::vector<int64_t> worth;  // per arc given, its worth on this level
  int64_t at_least = 0;        // the level's sum must reach this
  bool pinned = false;         // ... and not exceed it (settled by the bound already)
};

struct MipOutcome {
  enum class Status { kOptimal, kInfeasible, kStopped };
  Status status = Status::kInfeasible;
  std::vector<size_t> chosen;  // arcs (indices into arcs), the best assignment found
  int64_t nodes = 0;           // branch-and-bound nodes CBC explored, over every level
  // When stopped on a level with a bound: per level, highest first, the most an assignment over
  // these arcs reaches there: the levels before at what they were held to, the stopped one at
  // CBC's best possible (the next whole number above it, for floating point). Else empty.
  std::vector<int64_t> stopped_at_most;
};

// Lexicographically best assignment over `arc_ids`: each need at most once, each home within its
// free places, every level's sum at least its `at_least` (equal where pinned), levels maximised
// in order. kStopped when a level ran out of `max_nodes` (then `chosen` is the best found, if
// any). Deterministic.
MipOutcome MaximiseLevels(const std::vector<AssignmentNeed>& needs,
                          const std::vector<AssignmentHome>& homes,
                          const std::vector<AssignmentArc>& arcs,
                          const std::vector<size_t>& arc_ids, std::vector<LevelTarget> levels,
                          int max_nodes);

// CBC and CLP keep some state outside their models (CBC is thread-safe only when built with
// CBC_THREAD_SAFE): every use of them holds this lock, so parts solved on several threads take
// turns there and run side by side elsewhere.
std::mutex& CoinLock();

}  // namespace fostermatch::matching
