#pragma once

// Internal to the engine: a home's score components for a prepared need.

#include <algorithm>
#include <cstdint>

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

// The weighted sum of `c`, 0–100, as floating point: see ScoreHundredths.
inline double WeighedScore(const NeedQuery& q, const Components& c) {
  const ScoreWeights& w = q.scaled;
  return w.proximity * c.proximity + w.readiness * c.readiness + w.waiting * c.waiting +
         w.fit * c.fit;
}

// A weighted sum within this many points below a half hundredth counts as the half: the sum's
// floating-point error (about 1e-13 points, every component a double) and nothing more, so a
// score really below the half rounds down.
inline constexpr double kRoundingSlackPoints = 1e-9;

// `score` in hundredths of a point, rounded half up: the one place a score is rounded. Ranking
// compares this integer and Candidate::score reports it, so mathematically equal scores whose
// floating-point sums differ in the last bits tie (and go to the lower id), and 85.625 rounds to
// 85.63 like 93.125 to 93.13.
inline int64_t ScoreHundredths(double score) {
  // Truncation is floor here: a score is never negative.
  return static_cast<int64_t>(std::max(0.0, score) * 100 + (0.5 + kRoundingSlackPoints * 100));
}

}  // namespace fostermatch::matching
