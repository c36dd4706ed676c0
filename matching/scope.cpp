#include "matching/scope.h"

#include <algorithm>

namespace fostermatch::matching {

bool AgencyMaySeeNeed(const Need& need, int64_t agency_id, std::span<const Agency> agencies) {
  if (!need.shared_with.empty()) {
    return std::find(need.shared_with.begin(), need.shared_with.end(), agency_id) !=
           need.shared_with.end();
  }
  for (const Agency& a : agencies) {
    if (a.id == agency_id) {
      return std::find(a.regions.begin(), a.regions.end(), need.region) != a.regions.end();
    }
  }
  return false;
}

}  // namespace fostermatch::matching
