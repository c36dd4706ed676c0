#include "tests/reference_model.h"

#include <algorithm>
#include <cmath>

namespace fostermatch::reference {

using matching::Course;
using matching::Date;
using matching::FosterType;
using matching::FosterTypes;
using matching::Need;
using matching::NeedCategory;
using matching::NeedKind;
using matching::ParentStatus;
using matching::Training;
using matching::TrainingOutcome;

namespace {

// README "Matching", with the defaults of the policy it describes.
constexpr double kWeightProximity = 0.35;
constexpr double kWeightReadiness = 0.25;
constexpr double kWeightWaiting = 0.25;
constexpr double kWeightFit = 0.15;
constexpr double kMaxTravelMinutes = 90;
constexpr double kBaseMinutes = 10;
constexpr double kMinutesPerKm = 2.5;
constexpr int kWaitingSaturationMonths = 36;
constexpr int kRecentMonths = 24;
constexpr double kRecommendedHours = 12;
// Mean Earth radius (IUGG), as "great-circle km" is usually meant.
constexpr double kEarthRadiusKm = 6371.0088;

// --- the calendar, written out rather than borrowed ------------------------------------------

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysIn(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// `d` moved by whole calendar months; a day past the target month's end becomes its last day.
Date ShiftMonths(Date d, int months) {
  int y = d.year();
  int m = d.month() + months;  // 1-based, may leave 1..12
  while (m > 12) {
    m -= 12;
    ++y;
  }
  while (m < 1) {
    m += 12;
    --y;
  }
  return Date::FromYmd(y, m, std::min(d.day(), DaysIn(y, m)));
}

// Whole months from `from` to `to`: month k is complete on the day `from` shifted by k months
// (clamped to a shorter month's end) is reached. The implementation and tests/date_test.cpp
// agree on this (2024-01-31 → 2024-02-29 is 1 month); date.h's comment says 0.
int WholeMonths(Date from, Date to) {
  if (to <= from) return 0;
  int k = (to.year() - from.year()) * 12 + (to.month() - from.month());
  while (k > 0 && ShiftMonths(from, k) > to) --k;
  return k;
}

// --- the household's records -------------------------------------------------------------------

// A record counts once it has happened: one dated after today was entered ahead of time.
bool Done(const Training& t, Date today) { return t.completed_on <= today; }

bool Completed(const std::vector<Training>& trainings, Course course, Date today) {
  return std::any_of(trainings.begin(), trainings.end(), [&](const Training& t) {
    return t.course == course && t.outcome == TrainingOutcome::kCompleted && Done(t, today);
  });
}

// A completed course of this kind on or after `since` (and by today).
bool CompletedSince(const std::vector<Training>& trainings, Course course, Date since, Date today) {
  return std::any_of(trainings.begin(), trainings.end(), [&](const Training& t) {
    return t.course == course && t.outcome == TrainingOutcome::kCompleted && Done(t, today) &&
           t.completed_on >= since;
  });
}

// Children in placements that have not ended by today, including placements that start later:
// those places are promised.
int ChildrenCommitted(const Home& home, Date today) {
  int n = 0;
  for (const auto& p : home.placements) {
    if (!p.ended_on || *p.ended_on > today) n += p.children;
  }
  return n;
}

// Months since the later of registration and the last placement's end; 0 while a child is placed
// (a placement that has started and not ended). Judged today: it is how long the home has waited.
int MonthsUnplaced(const Home& home, Date today) {
  std::optional<Date> last_end;
  for (const auto& p : home.placements) {
    if (p.started_on > today) continue;  // not begun: neither placed now nor ended
    if (!p.ended_on || *p.ended_on > today) return 0;
    if (!last_end || *p.ended_on > *last_end) last_end = *p.ended_on;
  }
  Date since = home.parent.registered_on;
  if (last_end && *last_end > since) since = *last_end;
  return WholeMonths(since, today);
}

bool Holds(const FosterTypes& types, FosterType t) { return types.Has(t); }

bool Only(const FosterTypes& types, FosterType t) { return types == FosterTypes{t}; }

constexpr std::array<NeedCategory, 3> kSpecialCategories = {
    NeedCategory::kDisability, NeedCategory::kMedical, NeedCategory::kBehavioral};

// A special need (disability, medical, behavioral) of the child that the home has not accepted
// explicitly: the placement then relies on the home being specialized.
bool HasUnacceptedSpecialNeed(const matching::FosterParent& fp, const Need& need) {
  return std::any_of(kSpecialCategories.begin(), kSpecialCategories.end(),
                     [&](NeedCategory c) { return need.needs.Has(c) && !fp.accepts.needs.Has(c); });
}

double GreatCircleKm(const matching::Region& a, const matching::Region& b) {
  const double rad = std::acos(-1.0) / 180.0;
  const double phi1 = a.lat * rad, phi2 = b.lat * rad;
  const double dphi = (b.lat - a.lat) * rad, dlambda = (b.lon - a.lon) * rad;
  const double h = std::pow(std::sin(dphi / 2), 2) +
                   std::cos(phi1) * std::cos(phi2) * std::pow(std::sin(dlambda / 2), 2);
  return 2 * kEarthRadiusKm * std::atan2(std::sqrt(h), std::sqrt(std::max(0.0, 1 - h)));
}

int CountCategories(const matching::NeedCategories& s) {
  int n = 0;
  for (auto c : {NeedCategory::kDisability, NeedCategory::kMedical, NeedCategory::kBehavioral,
                 NeedCategory::kInfant}) {
    n += s.Has(c) ? 1 : 0;
  }
  return n;
}

// The first failing hard rule, README order.
std::optional<std::string_view> FirstFailingRule(const Home& home, const Need& need,
                                                 const Geography& geo, Date today) {
  const matching::FosterParent& fp = home.parent;
  const Date start = PossibleStart(need, today);

  // not_active
  if (fp.status != ParentStatus::kActive) return "not_active";

  // type_mismatch: a required type must be held. Without a required type, a home whose only type
  // is adoptive, or whose only type is kinship, takes nothing (README: "adoptive-only and
  // kinship-only homes take only needs asking for that type"; read as the exact sets
  // {adoptive} and {kinship}, as the engine does). Each special need must be accepted
  // explicitly or go to a home holding the specialized type.
  if (need.requires_type && !Holds(fp.types, *need.requires_type)) return "type_mismatch";
  if (!need.requires_type &&
      (Only(fp.types, FosterType::kAdoptive) || Only(fp.types, FosterType::kKinship))) {
    return "type_mismatch";
  }
  if (HasUnacceptedSpecialNeed(fp, need) && !Holds(fp.types, FosterType::kSpecialized)) {
    return "type_mismatch";
  }

  // respite_only
  if (fp.respite_only && need.kind != NeedKind::kRespite) return "respite_only";

  // registration_expired: valid from registered_on to registration_expires_on inclusive, on the
  // possible start.
  if (start < fp.registered_on || start > fp.registration_expires_on) {
    return "registration_expired";
  }

  // training_incomplete:
  //  - basic and pre-registration courses, except for a kinship-only home (親族里親 need not);
  //  - the specialized course when the placement relies on the specialized type: the home is
  //    specialized only, the need requires the specialized type, or the child has a special need
  //    the home did not accept explicitly (engine's reading of "relies on");
  //  - past the first term, a renewal training within the last cycle before the possible start:
  //    2 years for a home holding the specialized type, else 5. "Past the first term" means
  //    registered before the cycle's start.
  // Only completed records dated by today count.
  if (!Only(fp.types, FosterType::kKinship) &&
      !(Completed(home.trainings, Course::kBasic, today) &&
        Completed(home.trainings, Course::kPreRegistration, today))) {
    return "training_incomplete";
  }
  const bool relies_on_specialized = Only(fp.types, FosterType::kSpecialized) ||
                                     need.requires_type == FosterType::kSpecialized ||
                                     HasUnacceptedSpecialNeed(fp, need);
  if (relies_on_specialized && !Completed(home.trainings, Course::kSpecialized, today)) {
    return "training_incomplete";
  }
  const int cycle_years = Holds(fp.types, FosterType::kSpecialized) ? 2 : 5;
  const Date cycle_start = ShiftMonths(start, -12 * cycle_years);
  if (fp.registered_on < cycle_start &&
      !CompletedSince(home.trainings, Course::kRenewal, cycle_start, today)) {
    return "training_incomplete";
  }

  // no_capacity: free places (capacity minus promised children) for all the siblings.
  if (fp.capacity - ChildrenCommitted(home, today) < need.siblings) return "no_capacity";

  // too_many_siblings
  if (fp.accepts.max_siblings < need.siblings) return "too_many_siblings";

  // age_out_of_range
  if (need.child.age_years < fp.accepts.age_min || need.child.age_years > fp.accepts.age_max) {
    return "age_out_of_range";
  }

  // sex_not_accepted
  if (!fp.accepts.sexes.Has(need.child.sex)) return "sex_not_accepted";

  // too_far: over 90 minutes, or a region the table does not know.
  const auto minutes = geo.Minutes(fp.region, need.region);
  if (!minutes || *minutes > kMaxTravelMinutes) return "too_far";
  return std::nullopt;
}

Parts ScoreParts(const Home& home, const Need& need, const Geography& geo, Date today) {
  const matching::FosterParent& fp = home.parent;
  Parts p;

  // proximity: 1 − minutes/90.
  p.proximity = std::max(0.0, 1.0 - *geo.Minutes(fp.region, need.region) / kMaxTravelMinutes);

  // readiness (soft): 0.6 for a completed practical training in the 24 months before today,
  // plus 0.4 × min(1, hours / 12) for the hours of completed or partial (not failed) trainings
  // of any course in those 24 months. Records dated after today do not count. A score says how
  // ready the home is now; only the hard rules are judged on the placement's possible start.
  const Date window_start = ShiftMonths(today, -kRecentMonths);
  bool practical = false;
  double hours = 0;
  for (const Training& t : home.trainings) {
    if (!Done(t, today) || t.completed_on < window_start) continue;
    if (t.outcome != TrainingOutcome::kFailed) hours += t.hours;
    if (t.course == Course::kPractical && t.outcome == TrainingOutcome::kCompleted) {
      practical = true;
    }
  }
  p.readiness = (practical ? 0.6 : 0.0) + 0.4 * std::min(1.0, hours / kRecommendedHours);

  // waiting: months unplaced / 36, at most 1.
  p.waiting =
      std::min(1.0, static_cast<double>(MonthsUnplaced(home, today)) / kWaitingSaturationMonths);

  // fit: the mean of three parts (README names them; the formulas are the engine's, written out):
  //  - age: 1 at the middle of the accepted range, falling linearly to 0 at one year beyond
  //    either end: max(0, 1 − |age − mid| / (half-width + 1));
  //  - needs: the share of the child's need categories (infant included) the home accepts
  //    explicitly; 1 when the child has none;
  //  - room: places left after this placement over capacity.
  const double lo = fp.accepts.age_min, hi = fp.accepts.age_max;
  const double mid = (lo + hi) / 2, reach = (hi - lo) / 2 + 1;
  const double age_fit = std::max(0.0, 1.0 - std::fabs(need.child.age_years - mid) / reach);
  const int asked = CountCategories(need.needs);
  const int accepted = CountCategories(
      matching::NeedCategories::FromBits(need.needs.bits() & fp.accepts.needs.bits()));
  const double needs_fit = asked == 0 ? 1.0 : static_cast<double>(accepted) / asked;
  const int free = fp.capacity - ChildrenCommitted(home, today);
  const double room_fit =
      fp.capacity > 0 ? std::max(0.0, static_cast<double>(free - need.siblings) / fp.capacity)
                      : 0.0;
  p.fit = (age_fit + needs_fit + room_fit) / 3;
  return p;
}

}  // namespace

std::optional<double> Geography::Minutes(std::string_view home_region,
                                         std::string_view need_region) const {
  // An operator's figure wins, for any pair (README: "overridable per region pair").
  for (const auto& o : overrides) {
    if (o.from_code == home_region && o.to_code == need_region) return o.minutes;
  }
  const matching::Region* from = nullptr;
  const matching::Region* to = nullptr;
  for (const auto& r : regions) {
    if (r.code == home_region) from = &r;
    if (r.code == need_region) to = &r;
  }
  if (!from || !to) return std::nullopt;
  if (from == to) return 0.0;
  return kBaseMinutes + kMinutesPerKm * GreatCircleKm(*from, *to);
}

Date PossibleStart(const Need& need, Date today) { return std::max(need.earliest_start, today); }

double RoundHalfUpToHundredths(double value) { return std::floor(value * 100 + 0.5 + 1e-7) / 100; }

Verdict Judge(const Home& home, const Need& need, const Geography& geo, Date today) {
  Verdict v;
  v.excluded_by = FirstFailingRule(home, need, geo, today);
  if (v.excluded_by) return v;
  v.parts = ScoreParts(home, need, geo, today);
  v.raw_score = 100 * (kWeightProximity * v.parts.proximity + kWeightReadiness * v.parts.readiness +
                       kWeightWaiting * v.parts.waiting + kWeightFit * v.parts.fit);
  v.score = RoundHalfUpToHundredths(v.raw_score);
  return v;
}

std::vector<RankedHome> RankAll(const std::vector<Home>& homes, const Need& need,
                                const Geography& geo, Date today) {
  std::vector<RankedHome> out;
  for (const Home& h : homes) {
    Verdict v = Judge(h, need, geo, today);
    if (!v.excluded_by) out.push_back({h.parent.id, v});
  }
  std::sort(out.begin(), out.end(), [](const RankedHome& a, const RankedHome& b) {
    if (a.verdict.score != b.verdict.score) return a.verdict.score > b.verdict.score;
    return a.foster_parent_id < b.foster_parent_id;
  });
  return out;
}

}  // namespace fostermatch::reference
