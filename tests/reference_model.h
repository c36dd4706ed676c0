#pragma once

// A second, deliberately plain implementation of the matching rules, written from the README's
// "Matching" section and the design's "Matching" section rather than from the engine. It is a
// test oracle: slow, obvious code over the plain domain structs, sharing nothing with the engine
// but the structs and the calendar (`Date`). It uses none of the engine's helpers (no
// DeriveHomeFacts, no readiness functions, no RegionDistances, no HomeIndex).
//
// Policy: the README's defaults only (weights 0.35/0.25/0.25/0.15, 90 travel minutes, waiting
// saturating at 36 months, practical training recent within 24 months, 12 recommended hours).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matching/date.h"
#include "matching/domain.h"

namespace fostermatch::reference {

// A household with its records.
struct Home {
  matching::FosterParent parent;
  std::vector<matching::Training> trainings;
  std::vector<matching::Placement> placements;
};

// Regions and the operator's travel-minutes overrides.
struct Geography {
  std::vector<matching::Region> regions;
  std::vector<matching::TravelMinutes> overrides;

  // Travel minutes from the home's region to the need's region, or nullopt if either region is
  // unknown.
  std::optional<double> Minutes(std::string_view home_region, std::string_view need_region) const;
};

// The hard rules in the README's order; the first that fails names the exclusion.
inline constexpr std::array<std::string_view, 10> kRuleNames = {
    "not_active",          "type_mismatch", "respite_only",      "registration_expired",
    "training_incomplete", "no_capacity",   "too_many_siblings", "age_out_of_range",
    "sex_not_accepted",    "too_far"};

struct Parts {
  double proximity = 0;
  double readiness = 0;
  double waiting = 0;
  double fit = 0;
};

// One home judged for one need.
struct Verdict {
  std::optional<std::string_view> excluded_by;  // a kRuleNames entry, or nullopt if eligible
  Parts parts;                                  // meaningful only when eligible
  double raw_score = 0;                         // 0–100, unrounded
  double score = 0;                             // raw_score rounded half-up to hundredths
};

// The day every date-dependent rule is judged on: the placement's possible start, which is the
// need's earliest start or today, whichever is later.
matching::Date PossibleStart(const matching::Need& need, matching::Date today);

Verdict Judge(const Home& home, const matching::Need& need, const Geography& geo,
              matching::Date today);

struct RankedHome {
  int64_t foster_parent_id = 0;
  Verdict verdict;
};

// Every eligible home, best first: by score rounded to hundredths, ties to the lower id.
std::vector<RankedHome> RankAll(const std::vector<Home>& homes, const matching::Need& need,
                                const Geography& geo, matching::Date today);

// Rounds half-up to two decimals (a value within 1e-9 below a half-hundredth counts as on it,
// so that floating-point noise in an exact .xx5 does not round it down).
double RoundHalfUpToHundredths(double value);

}  // namespace fostermatch::reference
