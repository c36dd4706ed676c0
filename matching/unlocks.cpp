// Long-unplaced homes: what single change would make each a candidate for more open needs, and
// the next step to suggest.

#include <algorithm>

#include "matching/explain.h"
#include "matching/open_needs.h"
#include "matching/rules.h"
#include "matching/unlock_counts.h"

namespace fostermatch::matching {
namespace {

// One change a household could make, applied to its gathered row.
struct CandidateChange {
  Unlock::Kind kind;
  std::optional<NeedCategory> need = std::nullopt;  // for kAcceptNeed
  // Applies the change to `r` as of `today`; false if the home already has it.
  bool (*apply)(Row& r, Date today);
  // The change in words, with placeholders (see Words): {need}, the need category; {lo}–{hi},
  // the ages of the needs it unlocks; {min}–{max}, the ages accepted now; {free}, free places.
  std::string_view ja;
  std::string_view en;
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

constexpr CandidateChange kChanges[] = {
    {.kind = Unlock::Kind::kReactivate,
     .apply = [](Row& r, Date) { return SetFlag(r, kFlagActive); },
     .ja = "登録状況を有効に戻す",
     .en = "Reactivating the registration",
     .preference = false},
    // A renewed registration runs one full cycle from today.
    {.kind = Unlock::Kind::kRenewRegistration,
     .apply =
         [](Row& r, Date today) {
           const int32_t renewed_until =
               today.AddYears(RenewalCycleYears(FosterTypes::FromBits(r.types))).days();
           if (r.expires >= renewed_until) return false;
           r.expires = renewed_until;
           return true;
         },
     .ja = "登録を更新する",
     .en = "Renewing the registration",
     .preference = false},
    {.kind = Unlock::Kind::kBaseCourses,
     .apply = [](Row& r, Date) { return SetFlag(r, kFlagBaseCourses); },
     .ja = "基礎研修・登録前研修を修了する",
     .en = "Completing basic and pre-registration training",
     .preference = false},
    {.kind = Unlock::Kind::kRenewalTraining,
     .apply =
         [](Row& r, Date today) {
           r.last_renewal = today.days();
           return true;
         },
     .ja = "更新研修を受講する",
     .en = "Completing renewal training",
     .preference = false},
    // Specialized registration starts a new two-year term with the training just completed.
    {.kind = Unlock::Kind::kSpecializedTraining,
     .apply =
         [](Row& r, Date today) {
           if (!SetFlag(r, kFlagSpecializedCourse)) return false;
           r.types |= Bit(FosterType::kSpecialized);
           r.last_renewal = std::max(r.last_renewal, today.days());
           return true;
         },
     .ja = "専門里親研修を修了する",
     .en = "Completing specialized foster parent training",
     .preference = false},
    {.kind = Unlock::Kind::kAcceptNeed,
     .need = NeedCategory::kDisability,
     .apply = AcceptNeed<NeedCategory::kDisability>,
     .ja = "{need}のある子どもの受入れを検討する",
     .en = "Accepting children with {need} needs",
     .preference = true},
    {.kind = Unlock::Kind::kAcceptNeed,
     .need = NeedCategory::kMedical,
     .apply = AcceptNeed<NeedCategory::kMedical>,
     .ja = "{need}のある子どもの受入れを検討する",
     .en = "Accepting children with {need} needs",
     .preference = true},
    {.kind = Unlock::Kind::kAcceptNeed,
     .need = NeedCategory::kBehavioral,
     .apply = AcceptNeed<NeedCategory::kBehavioral>,
     .ja = "{need}のある子どもの受入れを検討する",
     .en = "Accepting children with {need} needs",
     .preference = true},
    // Tried with every age; proposed as the range that covers the needs it unlocks.
    {.kind = Unlock::Kind::kWiderAgeRange,
     .apply =
         [](Row& r, Date) {
           r.age_min = 0;
           r.age_max = kMaxChildAge;
           return true;
         },
     .ja = "受入年齢を {lo}〜{hi} 歳に広げる（現在 {min}〜{max} 歳）",
     .en = "Accepting ages {lo}-{hi} (now {min}-{max})",
     .preference = true},
    {.kind = Unlock::Kind::kBothSexes,
     .apply =
         [](Row& r, Date) {
           constexpr uint8_t kBoth = Sexes{Sex::kFemale, Sex::kMale}.bits();
           if (r.sexes == kBoth) return false;
           r.sexes = kBoth;
           return true;
         },
     .ja = "性別を問わず受け入れる",
     .en = "Accepting girls and boys",
     .preference = true},
    {.kind = Unlock::Kind::kMoreSiblings,
     .apply =
         [](Row& r, Date) {
           if (r.max_siblings >= r.free) return false;
           r.max_siblings = r.free;
           return true;
         },
     .ja = "きょうだい {free} 人まで受け入れる",
     .en = "Accepting siblings groups of up to {free}",
     .preference = true},
    {.kind = Unlock::Kind::kNotRespiteOnly,
     .apply =
         [](Row& r, Date) {
           if (!(r.flags & kFlagRespiteOnly)) return false;
           r.flags &= static_cast<uint8_t>(~kFlagRespiteOnly);
           return true;
         },
     .ja = "レスパイト以外の委託も受け入れる",
     .en = "Accepting placements other than respite",
     .preference = true},
};

static_assert(std::size(kChanges) == kChangeCount, "kChangeCount counts the changes");

// `text` with its placeholders filled in for the home as it is (`before`) and the unlock found.
std::string Words(std::string_view text, bool ja, const Row& before, const Unlock& u) {
  std::string out;
  while (!text.empty()) {
    const size_t open = text.find('{');
    const size_t close = text.find('}', open);
    out += text.substr(0, open);
    if (open == std::string_view::npos || close == std::string_view::npos) break;
    const std::string_view key = text.substr(open + 1, close - open - 1);
    if (key == "need" && u.need) {
      out += ja ? NeedLabelJa(*u.need) : std::string(ToString(*u.need));
    } else if (key == "lo" || key == "hi" || key == "min" || key == "max" || key == "free") {
      const int value = key == "lo"    ? u.age_min
                        : key == "hi"  ? u.age_max
                        : key == "min" ? before.age_min
                        : key == "max" ? before.age_max
                                       : before.free;
      out += std::to_string(value);
    }
    text.remove_prefix(close + 1);
  }
  return out;
}

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

Unlock::Kind ChangeKind(size_t c) { return kChanges[c].kind; }

bool ApplyChange(size_t c, Row& r, Date today) { return kChanges[c].apply(r, today); }

std::vector<Unlock> UnlocksFrom(const Row& row, const UnlockCounts& counts) {
  std::vector<Unlock> out;
  for (size_t c = 0; c < kChangeCount; ++c) {
    const CandidateChange& change = kChanges[c];
    const UnlockCount& n = counts.by_change[c];
    if (n.needs == 0) continue;
    // Only the wider age range has ages: the range that covers the needs it unlocks.
    const bool ages = change.kind == Unlock::Kind::kWiderAgeRange;
    Unlock u{change.kind, change.need, 0, 0, n.needs, "", ""};
    if (ages) {
      u.age_min = std::min<int>(row.age_min, n.age_min);
      u.age_max = std::max<int>(row.age_max, n.age_max);
    }
    const std::string count = std::to_string(u.needs_unlocked);
    u.ja = Words(change.ja, true, row, u) + "と、現在の委託ニーズ " + count + " 件の候補になります";
    u.en = Words(change.en, false, row, u) + " would make this home a candidate for " + count +
           " of today's open needs";
    out.push_back(std::move(u));
  }
  std::stable_sort(out.begin(), out.end(), [](const Unlock& a, const Unlock& b) {
    return a.needs_unlocked > b.needs_unlocked;
  });
  return out;
}

std::optional<LongUnplacedEntry> HomeIndex::LongUnplacedEntryOf(size_t i, const HomeInput& home,
                                                                const OpenNeeds& needs) const {
  LongUnplacedEntry e;
  e.facts = DeriveHomeFacts(home.parent, home.trainings, home.placements, today_, policy_.readiness,
                            policy_.long_unplaced_months);
  if (!e.facts.long_unplaced) return std::nullopt;
  e.foster_parent_id = home.parent.id;
  e.agency_id = home.parent.agency_id;
  const Row row = Gather(i);
  const UnlockCounts counts = CountUnlocks(row, needs.From(row.region), today_);
  e.eligible_now = counts.eligible_now;
  e.unlocks = UnlocksFrom(row, counts);
  e.next_step = SuggestNextStep(e.facts, e.unlocks);
  return e;
}

std::vector<LongUnplacedEntry> HomeIndex::LongUnplaced(std::span<const HomeInput> homes,
                                                       std::span<const Need> open_needs,
                                                       std::optional<int64_t> agency_id) const {
  const OpenNeeds needs(open_needs, *this);
  std::vector<LongUnplacedEntry> out;
  for (const HomeInput& home : homes) {
    if (agency_id && home.parent.agency_id != *agency_id) continue;
    const auto i = Find(home.parent.id);
    if (!i) continue;
    if (auto entry = LongUnplacedEntryOf(*i, home, needs)) out.push_back(std::move(*entry));
  }
  std::sort(out.begin(), out.end(), CloserToReady);
  return out;
}

}  // namespace fostermatch::matching
