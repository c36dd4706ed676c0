#include "matching/domain.h"

#include <algorithm>

namespace fostermatch::matching {

Date DefaultRegistrationExpiry(FosterTypes types, Date registered_on) {
  const int years = types.Has(FosterType::kSpecialized) ? 2 : 5;
  return registered_on.AddYears(years).AddDays(-1);
}

int MaxCapacity(FosterTypes types, int own_children) {
  const bool specialized_only = types == FosterTypes{FosterType::kSpecialized};
  const int by_type = specialized_only ? kMaxFosterChildrenSpecializedOnly : kMaxFosterChildren;
  return std::max(0, std::min(by_type, kMaxChildrenInHome - own_children));
}

}  // namespace fostermatch::matching
