#pragma once

// The monthly batch: global proposals for all open needs, long-unplaced lists per agency and
// placement statistics, stored as that month's run (a rerun replaces it in one transaction)
// and exported. The CLI (`fostermatch batch monthly`) and the API (POST /api/v1/match-runs)
// run this same code.

#include <boost/json.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "service/casework.h"
#include "service/matching_service.h"
#include "service/storage/database.h"

namespace fostermatch {

struct BatchOptions {
  std::string month;  // "YYYY-MM"
  bool apply = false;  // move proposed needs from open to proposed (never to placed)
  // Each need's arcs in the assignment are its best K homes by score: K = 20 keeps the optimum
  // in practice (a need's proposal is nearly always among its top few) and the graph sparse.
  size_t top_k = 20;
  // Flow problems the branch-and-bound may solve per connected component before it settles for
  // its best assignment and reports the gap to the relaxation's bound (sibling groups make the
  // problem NP-hard; without them the first solve is already optimal).
  int assignment_budget = 2000;
  std::string out_dir;  // write JSON, CSV per agency and an HTML report here when set
};

struct BatchSummary {
  std::string month;
  int open_needs = 0;
  int proposals = 0;
  int unassigned = 0;
  double total_score = 0;
  bool proven_optimal = true;
  double optimality_gap = 0;  // (upper bound - total) / upper bound
  double seconds = 0;
  std::vector<std::string> files;  // exports written
};

// Reports progress: phase, done, total.
using BatchProgress = std::function<void(const std::string& phase, size_t done, size_t total)>;

// Throws ValidationError for a bad month, storage errors if the run cannot be stored (the
// month's previous run, if any, is then left as it was).
BatchSummary RunMonthlyBatch(storage::Database& db, MatchingService& matching,
                             const BatchOptions& options, const Actor& actor,
                             const BatchProgress& progress = {});

// The stored run as the API returns it, with the proposals' ids and responses; for an agency,
// only its own homes' proposals and long-unplaced list. NotFoundError if there is no run.
boost::json::object MatchRunJson(storage::Database& db, const std::string& month,
                                 std::optional<int64_t> agency_id);

// Records an agency's answer to a proposal; a decline returns a proposed need to open.
// reason: one of kDeclineReasons for a decline (empty for accept).
void RespondToProposal(storage::Database& db, int64_t proposal_id, const std::string& response,
                       const std::string& reason, const std::string& note, const Actor& actor);

inline constexpr const char* kDeclineReasons[] = {
    "child_age", "child_needs", "timing", "family_circumstances", "distance", "capacity", "other"};

}  // namespace fostermatch
