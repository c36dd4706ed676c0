#pragma once

// The dashboard: today's figures over what the actor may see, computed from the matching
// snapshot and the open needs with the monthly run's own statistics function.

#include <cstdint>
#include <string>
#include <vector>

#include "matching/domain.h"
#include "service/model/match_run.h"
#include "service/usecases/actor.h"

namespace fostermatch::usecases {

struct Context;

struct AgencyLongUnplaced {
  int64_t agency_id = 0;
  std::string name;
  int long_unplaced = 0;  // households long unplaced now
  int households = 0;     // registered (not withdrawn)
};

struct WaitingNeed {
  matching::Need need;
  int days_waiting = 0;  // since earliest_start; negative while the start lies ahead
};

struct Overview {
  matching::Date today;
  model::Statistics statistics;  // over the households the actor may see
  int long_unplaced = 0;
  int open_needs = 0;      // open or proposed, that the actor may see
  int proposed_needs = 0;  // of those, proposed
  std::vector<AgencyLongUnplaced> by_agency;
  std::vector<WaitingNeed> waiting_longest;  // earliest start first, at most `waiting_limit`
};

// Admin, staff and agency (its own households, the needs shared with it). Throws
// ForbiddenError. Thread-safe.
class Dashboard final {
 public:
  explicit Dashboard(Context& ctx) : ctx_(ctx) {}

  // Audited as a read of the open needs it lists (they show case references).
  Overview Get(const Actor& actor, size_t waiting_limit = 10);

 private:
  Context& ctx_;
};

}  // namespace fostermatch::usecases
