#pragma once

// Internal to the engine: a home's score components for a prepared need.

#include "matching/need_query.h"

namespace fostermatch::matching {

// The four components, each 0–1, by table lookups (the tables are NeedQuery::PrepareScoring's).
[[gnu::always_inline]] inline Components ScoreComponents(const Row& h, const NeedQuery& q) {
  Components c;
  c.proximity = q.proximity[h.region];
  c.readiness = h.soft_readiness;
  c.waiting = std::min(1.0, h.months_unplaced * q.inv_saturation);
  c.fit = (q.age_fit[h.age_min * kAgeSlots + h.age_max] + q.needs_fit[h.accepts_needs & 15] +
           q.room_fit[h.free * kSlotCap + h.capacity]) /
          3.0;
  return c;
}

// The weighted sum of `c`, 0–100.
inline double WeighedScore(const NeedQuery& q, const Components& c) {
  const ScoreWeights& w = q.scaled;
  return w.proximity * c.proximity + w.readiness * c.readiness + w.waiting * c.waiting +
         w.fit * c.fit;
}

}  // namespace fostermatch::matching
