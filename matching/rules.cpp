#include "matching/rules.h"

#include <algorithm>

namespace fostermatch::matching {

const HardRule& RuleOf(Exclusion e) { return kHardRules[static_cast<size_t>(e)]; }

std::string_view ExclusionName(Exclusion e) { return RuleOf(e).name; }
std::string_view ExclusionLabelJa(Exclusion e) { return RuleOf(e).ja; }
std::string_view ExclusionLabelEn(Exclusion e) { return RuleOf(e).en; }

NeedQuery NeedQuery::From(const Need& need, const RegionDistances& regions, Date today,
                          double max_minutes) {
  NeedQuery q;
  if (auto r = regions.Index(need.region)) q.region = *r;
  q.age = static_cast<uint8_t>(std::clamp(need.child.age_years, 0, 255));
  q.sex_bit = Sexes{need.child.sex}.bits();
  q.siblings = static_cast<uint8_t>(std::clamp(need.siblings, 1, 255));
  q.needs = need.needs.bits();
  q.special = q.needs & kSpecialNeeds;
  q.respite = need.kind == NeedKind::kRespite;
  q.required_types = need.requires_type ? Bit(*need.requires_type) : 0;
  // A need whose earliest start has passed can be placed from today: registration, training
  // and the renewal cycle are judged on that day, not on a day already gone.
  const Date start = std::max(need.earliest_start, today);
  q.start = start.days();
  q.cycle_start_specialized = start.AddYears(-2).days();
  q.cycle_start_other = start.AddYears(-5).days();
  q.minutes =
      q.region >= 0 ? regions.MinutesTo(static_cast<uint16_t>(q.region)) : regions.Unreachable();
  q.max_minutes = max_minutes;
  return q;
}

}  // namespace fostermatch::matching
