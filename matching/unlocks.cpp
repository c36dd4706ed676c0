// Long-unplaced homes: what single change would make each a candidate for more open needs, and
// the next step to suggest.

#include <algorithm>

#include "matching/explain.h"
#include "matching/rules.h"

namespace fostermatch::matching {
namespace {

// One change a household could make, tried on its gathered row.
struct CandidateChange {
  Unlock::Kind kind;
  std::optional<NeedCategory> need;  // for kAcceptNeed
  // Applies the change to `r` as of `today`; false if the home already has it.
  bool (*apply)(Row& r, Date today);
  // The change in words, for the home as it is (`before`) and the unlock found (`u`).
  std::string (*ja)(const Row& before, const Unlock& u);
  std::string (*en)(const Row& before, const Unlock& u);
  bool preference;  // a change of what the household accepts, rather than of its registration
};

bool SetFlag(Row& r, uint8_t flag) {
  if (r.flags & flag) return false;
  r.flags |= flag;
  return true;
}

template <NeedCategory c>
bool AcceptNeed(Row& r, Date) {
  if (NeedCategories::FromBits(r.accepts_needs).Has(c)) return false;
  r.accepts_needs |= NeedCategories{c}.bits();
  return true;
}
template <NeedCategory c>
std::string AcceptNeedJa(const Row&, const Unlock&) {
  return NeedLabelJa(c) + "のある子どもの受入れを検討する";
}
template <NeedCategory c>
std::string AcceptNeedEn(const Row&, const Unlock&) {
  return "Accepting children with " + std::string(ToString(c)) + " needs";
}

std::string Range(int lo, int hi, const char* dash) {
  return std::to_string(lo) + dash + std::to_string(hi);
}

constexpr CandidateChange kChanges[] = {
    {Unlock::Kind::kReactivate, std::nullopt, [](Row& r, Date) { return SetFlag(r, kFlagActive); },
     [](const Row&, const Unlock&) -> std::string { return "登録状況を有効に戻す"; },
     [](const Row&, const Unlock&) -> std::string { return "Reactivating the registration"; },
     false},
    // A renewed registration runs one full cycle from today.
    {Unlock::Kind::kRenewRegistration, std::nullopt,
     [](Row& r, Date today) {
       const int32_t renewed_until =
           today.AddYears(RenewalCycleYears(FosterTypes::FromBits(r.types))).days();
       if (r.expires >= renewed_until) return false;
       r.expires = renewed_until;
       return true;
     },
     [](const Row&, const Unlock&) -> std::string { return "登録を更新する"; },
     [](const Row&, const Unlock&) -> std::string { return "Renewing the registration"; }, false},
    {Unlock::Kind::kBaseCourses, std::nullopt,
     [](Row& r, Date) { return SetFlag(r, kFlagBaseCourses); },
     [](const Row&, const Unlock&) -> std::string { return "基礎研修・登録前研修を修了する"; },
     [](const Row&, const Unlock&) -> std::string {
       return "Completing basic and pre-registration training";
     },
     false},
    {Unlock::Kind::kRenewalTraining, std::nullopt,
     [](Row& r, Date today) {
       r.last_renewal = today.days();
       return true;
     },
     [](const Row&, const Unlock&) -> std::string { return "更新研修を受講する"; },
     [](const Row&, const Unlock&) -> std::string { return "Completing renewal training"; }, false},
    // Specialized registration starts a new two-year term with the training just completed.
    {Unlock::Kind::kSpecializedTraining, std::nullopt,
     [](Row& r, Date today) {
       if (!SetFlag(r, kFlagSpecializedCourse)) return false;
       r.types |= Bit(FosterType::kSpecialized);
       r.last_renewal = std::max(r.last_renewal, today.days());
       return true;
     },
     [](const Row&, const Unlock&) -> std::string { return "専門里親研修を修了する"; },
     [](const Row&, const Unlock&) -> std::string {
       return "Completing specialized foster parent training";
     },
     false},
    {Unlock::Kind::kAcceptNeed, NeedCategory::kDisability, AcceptNeed<NeedCategory::kDisability>,
     AcceptNeedJa<NeedCategory::kDisability>, AcceptNeedEn<NeedCategory::kDisability>, true},
    {Unlock::Kind::kAcceptNeed, NeedCategory::kMedical, AcceptNeed<NeedCategory::kMedical>,
     AcceptNeedJa<NeedCategory::kMedical>, AcceptNeedEn<NeedCategory::kMedical>, true},
    {Unlock::Kind::kAcceptNeed, NeedCategory::kBehavioral, AcceptNeed<NeedCategory::kBehavioral>,
     AcceptNeedJa<NeedCategory::kBehavioral>, AcceptNeedEn<NeedCategory::kBehavioral>, true},
    // Tried with every age; proposed as the range that covers the needs it unlocks.
    {Unlock::Kind::kWiderAgeRange, std::nullopt,
     [](Row& r, Date) {
       r.age_min = 0;
       r.age_max = kMaxChildAge;
       return true;
     },
     [](const Row& before, const Unlock& u) {
       return "受入年齢を " + Range(u.age_min, u.age_max, "〜") + " 歳に広げる（現在 " +
              Range(before.age_min, before.age_max, "〜") + " 歳）";
     },
     [](const Row& before, const Unlock& u) {
       return "Accepting ages " + Range(u.age_min, u.age_max, "-") + " (now " +
              Range(before.age_min, before.age_max, "-") + ")";
     },
     true},
    {Unlock::Kind::kBothSexes, std::nullopt,
     [](Row& r, Date) {
       constexpr uint8_t kBoth = Sexes{Sex::kFemale, Sex::kMale}.bits();
       if (r.sexes == kBoth) return false;
       r.sexes = kBoth;
       return true;
     },
     [](const Row&, const Unlock&) -> std::string { return "性別を問わず受け入れる"; },
     [](const Row&, const Unlock&) -> std::string { return "Accepting girls and boys"; }, true},
    {Unlock::Kind::kMoreSiblings, std::nullopt,
     [](Row& r, Date) {
       if (r.max_siblings >= r.free) return false;
       r.max_siblings = r.free;
       return true;
     },
     [](const Row& before, const Unlock&) {
       return "きょうだい " + std::to_string(before.free) + " 人まで受け入れる";
     },
     [](const Row& before, const Unlock&) {
       return "Accepting siblings groups of up to " + std::to_string(before.free);
     },
     true},
    {Unlock::Kind::kNotRespiteOnly, std::nullopt,
     [](Row& r, Date) {
       if (!(r.flags & kFlagRespiteOnly)) return false;
       r.flags &= static_cast<uint8_t>(~kFlagRespiteOnly);
       return true;
     },
     [](const Row&, const Unlock&) -> std::string { return "レスパイト以外の委託も受け入れる"; },
     [](const Row&, const Unlock&) -> std::string {
       return "Accepting placements other than respite";
     },
     true},
};

bool IsPreferenceChange(Unlock::Kind kind) {
  return std::any_of(std::begin(kChanges), std::end(kChanges),
                     [&](const CandidateChange& c) { return c.kind == kind && c.preference; });
}

// The step for a home's first hard readiness gap, if it has one.
std::optional<NextStep> StepForHardGap(const HomeFacts& facts) {
  for (const Gap& g : facts.readiness.missing) {
    if (!g.hard) continue;
    switch (g.kind) {
      case GapKind::kNotActive:
        return NextStep{"home_visit", "家庭訪問で状況を確認し、登録の再開を相談する",
                        "visit the household to discuss resuming its registration"};
      case GapKind::kRegistrationExpired:
        return NextStep{"renew_registration", "登録更新の手続きを案内する",
                        "help the household renew its registration"};
      case GapKind::kBasicTraining:
      case GapKind::kPreRegistrationTraining:
        return NextStep{"base_training", "基礎研修・登録前研修の受講を案内する",
                        "arrange basic and pre-registration training"};
      case GapKind::kRenewalTraining:
        return NextStep{"renewal_training", "更新研修の受講を案内する", "arrange renewal training"};
      default:
        break;
    }
  }
  return std::nullopt;
}

NextStep SuggestNextStep(const HomeFacts& facts, const std::vector<Unlock>& unlocks) {
  if (auto step = StepForHardGap(facts)) return *step;
  const bool practical_missing =
      std::any_of(facts.readiness.missing.begin(), facts.readiness.missing.end(),
                  [](const Gap& g) { return g.kind == GapKind::kNoRecentPractical; });
  if (practical_missing) {
    return {"practical_training", "里親トレーニング事業の実地研修を案内する",
            "arrange practical training through the trainer program"};
  }
  if (!unlocks.empty() && IsPreferenceChange(unlocks.front().kind)) {
    return {"review_preferences", "家庭訪問で受入条件（年齢・ニーズ等）の見直しを話し合う",
            "visit the household to review its preferences (ages, needs)"};
  }
  return {"home_visit", "家庭訪問で近況を確認し、次回のマッチング会議で推薦する",
          "visit the household and put it forward at the next matching meeting"};
}

}  // namespace

std::vector<Unlock> HomeIndex::Unlocks(const Row& row, std::span<const NeedQuery> needs,
                                       int* eligible_now) const {
  std::vector<bool> blocked(needs.size(), false);
  *eligible_now = 0;
  for (size_t k = 0; k < needs.size(); ++k) {
    blocked[k] = FirstFailure(row, needs[k]).has_value();
    if (!blocked[k]) ++*eligible_now;
  }
  std::vector<Unlock> out;
  for (const CandidateChange& change : kChanges) {
    Row changed = row;
    if (!change.apply(changed, today_)) continue;
    // The blocked needs the changed home would be eligible for, and the ages they ask for.
    Unlock u{change.kind, change.need, row.age_min, row.age_max, 0, "", ""};
    for (size_t k = 0; k < needs.size(); ++k) {
      if (!blocked[k] || FirstFailure(changed, needs[k])) continue;
      ++u.needs_unlocked;
      u.age_min = std::min<int>(u.age_min, needs[k].age);
      u.age_max = std::max<int>(u.age_max, needs[k].age);
    }
    if (u.needs_unlocked == 0) continue;
    if (u.kind != Unlock::Kind::kWiderAgeRange) u.age_min = u.age_max = 0;
    const std::string count = std::to_string(u.needs_unlocked);
    u.ja = change.ja(row, u) + "と、現在の委託ニーズ " + count + " 件の候補になります";
    u.en = change.en(row, u) + " would make this home a candidate for " + count +
           " of today's open needs";
    out.push_back(std::move(u));
  }
  std::stable_sort(out.begin(), out.end(), [](const Unlock& a, const Unlock& b) {
    return a.needs_unlocked > b.needs_unlocked;
  });
  return out;
}

std::vector<LongUnplacedEntry> HomeIndex::LongUnplaced(std::span<const HomeInput> homes,
                                                       std::span<const Need> open_needs,
                                                       std::optional<int64_t> agency_id) const {
  std::vector<NeedQuery> queries;
  queries.reserve(open_needs.size());
  for (const Need& need : open_needs) {
    queries.push_back(NeedQuery::From(need, *regions_, today_, policy_.max_travel_minutes));
  }
  // A need beyond the travel limit from a home's region can be neither eligible nor unlocked
  // (distance is no single change), so each home region is tried against the needs it reaches.
  std::vector<std::optional<std::vector<NeedQuery>>> reachable(regions_->size());
  auto reachable_from = [&](uint16_t region) -> const std::vector<NeedQuery>& {
    auto& cached = reachable[region];
    if (!cached) {
      cached.emplace();
      for (const NeedQuery& q : queries) {
        if (q.minutes[region] <= policy_.max_travel_minutes) cached->push_back(q);
      }
    }
    return *cached;
  };
  std::vector<LongUnplacedEntry> out;
  for (const HomeInput& home : homes) {
    if (agency_id && home.parent.agency_id != *agency_id) continue;
    auto i = Find(home.parent.id);
    if (!i) continue;
    LongUnplacedEntry e;
    e.facts = DeriveHomeFacts(home.parent, home.trainings, home.placements, today_,
                              policy_.readiness, policy_.long_unplaced_months);
    if (!e.facts.long_unplaced) continue;
    e.foster_parent_id = home.parent.id;
    e.agency_id = home.parent.agency_id;
    e.unlocks = Unlocks(Gather(*i), reachable_from(region_[*i]), &e.eligible_now);
    e.next_step = SuggestNextStep(e.facts, e.unlocks);
    out.push_back(std::move(e));
  }
  // Closest to ready first: readiness, then the longest wait, then id.
  std::sort(out.begin(), out.end(), [](const LongUnplacedEntry& a, const LongUnplacedEntry& b) {
    if (a.facts.readiness.score != b.facts.readiness.score) {
      return a.facts.readiness.score > b.facts.readiness.score;
    }
    if (a.facts.months_unplaced != b.facts.months_unplaced) {
      return a.facts.months_unplaced > b.facts.months_unplaced;
    }
    return a.foster_parent_id < b.foster_parent_id;
  });
  return out;
}

}  // namespace fostermatch::matching
