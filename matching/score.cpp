#include "matching/score.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace fostermatch::matching {

void NeedQuery::PrepareScoring(const MatchPolicy& policy, size_t region_count) {
  const ScoreWeights& w = policy.weights;
  const double total = w.proximity + w.readiness + w.waiting + w.fit;
  const double k = total > 0 ? 100.0 / total : 0.0;
  scaled = {w.proximity * k, w.readiness * k, w.waiting * k, w.fit * k};
  inv_saturation = 1.0 / std::max(1, policy.waiting_saturation_months);
  proximity.resize(region_count);
  for (size_t r = 0; r < region_count; ++r) {
    proximity[r] = std::max(0.0, 1.0 - minutes[r] / policy.max_travel_minutes);
  }
  // Fit: the child's age near the middle of the accepted range, the child's needs accepted
  // explicitly, and room left in the home after the placement.
  for (int lo = 0; lo < kAgeSlots; ++lo) {
    for (int hi = 0; hi < kAgeSlots; ++hi) {
      const double mid = (lo + hi) / 2.0;
      const double half = (hi - lo) / 2.0 + 1.0;
      age_fit[lo * kAgeSlots + hi] = std::max(0.0, 1.0 - std::abs(age - mid) / half);
    }
  }
  const int needs_count = std::popcount(static_cast<unsigned>(needs));
  for (unsigned accepts = 0; accepts < 16; ++accepts) {
    const int accepted = std::popcount(static_cast<unsigned>(needs & accepts));
    needs_fit[accepts] = needs_count == 0 ? 1.0 : static_cast<double>(accepted) / needs_count;
  }
  for (int free = 0; free < kSlotCap; ++free) {
    for (int cap = 0; cap < kSlotCap; ++cap) {
      room_fit[free * kSlotCap + cap] =
          cap > 0 ? std::max(0.0, static_cast<double>(free - siblings) / cap) : 0.0;
    }
  }
}

}  // namespace fostermatch::matching
