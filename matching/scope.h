#pragma once

// Who may see what: the agency scope rules, pure, in one place. Use cases apply them to every
// read and write; the monthly batch applies them to its proposals.

#include <cstdint>
#include <span>

#include "matching/domain.h"

namespace fostermatch::matching {

// An agency coordinator sees a need when the need names the agency in `shared_with`, or, when
// that list is empty, when the agency serves the need's region. `agencies` is every agency.
bool AgencyMaySeeNeed(const Need& need, int64_t agency_id, std::span<const Agency> agencies);

// An agency coordinator reads and writes only its own agency's households.
inline bool AgencyOwnsHousehold(const FosterParent& household, int64_t agency_id) {
  return household.agency_id == agency_id;
}

}  // namespace fostermatch::matching
