#pragma once

// The monthly run computed as a pure function: records in, a typed run out. No database, no
// clock; the use case (match_runs.h) loads the inputs and stores the result.

#include <cstddef>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "matching/assignment.h"
#include "matching/engine.h"
#include "matching/objective.h"
#include "service/model/match_run.h"

namespace fostermatch::usecases {

struct MonthlyRunOptions {
  std::string month;   // "YYYY-MM"
  bool apply = false;  // move proposed needs from open to proposed (never to placed)
  // What the assignment maximises, level by level (README "The monthly batch"). Every eligible
  // home the need's agency may see is an arc: no cut that could cost the optimum.
  matching::AssignmentObjective objective = {};
  // Branch-and-bound nodes the exact solver may explore per connected part and objective level
  // before it settles for its best assignment and reports the gap to the bound.
  int assignment_budget = 2000;
  // Threads the run ranks needs and solves the assignment's connected parts on (0: one per
  // core). The run is the same on any number; CBC's solves take turns (CoinLock), the rest runs
  // side by side: on 2 cores the national batch took 9.75–9.97 s instead of 12.4 s, 448 MiB
  // instead of 430 (README, 2026-11-26).
  int assignment_threads = 0;
};

struct MonthlyRunInput {
  matching::Date today;  // the date every rule is judged on (see RunDate)
  matching::MatchPolicy policy;
  std::vector<matching::Region> regions;
  std::vector<matching::TravelMinutes> travel;
  std::vector<matching::Agency> agencies;
  std::vector<matching::HomeInput> homes;  // by id
  std::vector<matching::Need> open_needs;  // open and proposed, by id
  // The most recent earlier run, for month-over-month figures and last month's declines.
  std::optional<model::MonthlyRun> previous;
};

// Reports progress: phase, done, total.
using RunProgress = std::function<void(const std::string& phase, size_t done, size_t total)>;

// The date a month's run judges the rules on: today for the current month, the first day for a
// month ahead. Throws ValidationError for a malformed month or one that has passed (its run
// stays as it was made).
matching::Date RunDate(const std::string& month, matching::Date today);

// The assignment problem exactly as the run solves it, for checking its optimum with another
// solver (tests/bench/assignment_bench.sh).
struct AssignmentInstance {
  matching::AssignmentObjective objective = {};
  std::vector<matching::AssignmentNeed> needs;
  std::vector<matching::AssignmentHome> homes;
  std::vector<matching::AssignmentArc> arcs;    // value: the objective's weighted sum
  std::vector<matching::PlacementWorth> worth;  // per arc: the levels it adds
  std::vector<int64_t> level_weights;           // the objective's weights, highest level first
};

// Proposals, unassigned needs, long-unplaced lists and statistics. `summary.seconds` and
// `created_at` are left for the caller. With `instance`, the assignment problem is copied there.
model::MonthlyRun ComputeMonthlyRun(const MonthlyRunInput& input, const MonthlyRunOptions& options,
                                    const RunProgress& progress = {},
                                    AssignmentInstance* instance = nullptr);

// An accepted proposal holds its place until its placement is recorded or its need withdrawn:
// each of `held` joins its home's placements as one that starts after `today`, so it takes
// places without counting as a child placed now. `homes` are sorted by id.
void HoldPlaces(const std::vector<matching::Placement>& held, matching::Date today,
                std::span<matching::HomeInput> homes);

// The run's statistics alone (委託率 by region, agency and type; needs waiting; renewals due) for
// `input` as it stands: what the dashboard shows between runs.
model::Statistics ComputeStatistics(const MonthlyRunInput& input);

// Agencies' answers to proposals: accepted, declined, declines by reason ("other" when none).
model::ProposalResponses CountResponses(const std::vector<model::Proposal>& proposals);

// The part of a run an agency may see: its homes' proposals and long-unplaced list, and the
// aggregate statistics, but not other agencies' rows or the needs nobody could take.
model::MonthlyRun AgencyPart(model::MonthlyRun run, int64_t agency_id);

}  // namespace fostermatch::usecases
