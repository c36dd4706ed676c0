#pragma once

// Placements: a person decides, the system records it and checks that it can be.

#include <cstdint>
#include <string>
#include <vector>

#include "matching/date.h"
#include "matching/domain.h"
#include "service/usecases/actor.h"

namespace fostermatch::usecases {

struct Context;

// Admin and staff record and end; case work reads. Throws NotFoundError, ForbiddenError,
// ValidationError, ConflictError. Thread-safe.
class Placements final {
 public:
  explicit Placements(Context& ctx) : ctx_(ctx) {}

  // Checks that the need is open or proposed and that the home is eligible and has room on the
  // start date, inside one transaction that excludes concurrent placements into the same home
  // (exactly one of two wins the last place); marks the need placed.
  matching::Placement Record(int64_t need_id, int64_t foster_parent_id, matching::Date started_on,
                             const Actor& actor);
  // Admin, staff and agency (its own households): a household's placements, oldest first.
  std::vector<matching::Placement> ListForHousehold(int64_t foster_parent_id, const Actor& actor);
  matching::Placement End(int64_t placement_id, matching::Date ended_on, const std::string& outcome,
                          const Actor& actor);

 private:
  Context& ctx_;
};

}  // namespace fostermatch::usecases
