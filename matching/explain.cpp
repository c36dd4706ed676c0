// Why a candidate scored as it did, one reason per score component, in Japanese and English.

#include "matching/explain.h"

#include <cmath>
#include <cstdio>

#include "matching/need_query.h"

namespace fostermatch::matching {

std::string NeedLabelJa(NeedCategory c) {
  switch (c) {
    case NeedCategory::kDisability:
      return "障害";
    case NeedCategory::kMedical:
      return "医療的ケア";
    case NeedCategory::kBehavioral:
      return "行動面の課題";
    case NeedCategory::kInfant:
      return "乳児";
  }
  return "";
}

namespace {

std::string Fixed(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

Reason ProximityReason(const Row& h, const NeedQuery& q, const RegionDistances& regions) {
  const Region& home_region = regions.region(h.region);
  if (q.region == h.region) {
    return {"proximity", "同じ区（" + home_region.name_ja + "）：学校や地域を変えずに済みます",
            "same region (" + home_region.name_en + "): the child can keep school and community"};
  }
  const std::string km = Fixed(regions.Km(h.region, static_cast<uint16_t>(q.region)), 1);
  const std::string minutes = std::to_string(std::lround(q.minutes[h.region]));
  return {"proximity", home_region.name_ja + "、約 " + km + " km（移動 約 " + minutes + " 分）",
          home_region.name_en + ", about " + km + " km (~" + minutes + " min)"};
}

Reason WaitingReason(const Row& h, int long_unplaced_months) {
  const int months = h.months_unplaced;
  if (h.free < h.capacity) {
    const std::string placed = std::to_string(h.capacity - h.free);
    return {"waiting", "現在 " + placed + " 人を養育中",
            "currently caring for " + placed + " child(ren)"};
  }
  const std::string m = std::to_string(months);
  if (months >= long_unplaced_months) {
    return {"waiting", "委託なし " + m + " か月（長期未委託）",
            "no child placed for " + m + " months (long-unplaced)"};
  }
  return {"waiting", "委託なし " + m + " か月", "no child placed for " + m + " months"};
}

Reason ReadinessReason(const Row& h, const ReadinessPolicy& policy, Date today) {
  const std::string hours = Fixed(h.recent_hours, 0);
  const std::string window = std::to_string(policy.recent_months);
  const bool practical_recent =
      h.last_practical != INT32_MIN &&
      Date::FromDays(h.last_practical) >= today.AddMonths(-policy.recent_months);
  if (practical_recent) {
    const std::string on = Date::FromDays(h.last_practical).ToString();
    return {
        "readiness", "実地研修 " + on + " 受講、過去" + window + "か月の研修 " + hours + " 時間",
        "practical training on " + on + "; " + hours + " training hours in " + window + " months"};
  }
  return {"readiness", "直近" + window + "か月に実地研修なし（研修 " + hours + " 時間）",
          "no practical training in " + window + " months (" + hours + " hours)"};
}

Reason FitReason(const Row& h, const NeedQuery& q, NeedCategories needs) {
  std::string ja = "受入年齢 " + std::to_string(h.age_min) + "〜" + std::to_string(h.age_max) +
                   " 歳（本児 " + std::to_string(q.age) + " 歳）";
  std::string en = "accepts ages " + std::to_string(h.age_min) + "-" + std::to_string(h.age_max) +
                   " (child is " + std::to_string(q.age) + ")";
  for (NeedCategory c : {NeedCategory::kDisability, NeedCategory::kMedical,
                         NeedCategory::kBehavioral, NeedCategory::kInfant}) {
    if (!needs.Has(c)) continue;
    if (NeedCategories::FromBits(h.accepts_needs).Has(c)) {
      ja += "、" + NeedLabelJa(c) + "を受入可と登録";
      en += "; accepts " + std::string(ToString(c)) + " needs";
    } else if (c != NeedCategory::kInfant) {
      ja += "、" + NeedLabelJa(c) + "は専門里親として対応";
      en += "; " + std::string(ToString(c)) + " needs through specialized care";
    }
  }
  const std::string room_after = std::to_string(h.free - q.siblings);
  ja += "、委託後の空き " + room_after + " 人";
  en += "; " + room_after + " place(s) left after this placement";
  return {"fit", std::move(ja), std::move(en)};
}

}  // namespace

std::vector<Reason> HomeIndex::Explain(const Row& h, const NeedQuery& q, const Need& need) const {
  return {ProximityReason(h, q, *regions_), WaitingReason(h, policy_.long_unplaced_months),
          ReadinessReason(h, policy_.readiness, today_), FitReason(h, q, need.needs)};
}

}  // namespace fostermatch::matching
