// The engine's behaviour, pinned: each hard rule, score monotonicity, determinism, explanations,
// unlocks, and a property test over random inputs.

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "matching/engine.h"
#include "tests/support/random_city.h"

namespace fostermatch::matching {
namespace {

const Date kToday = Date::FromYmd(2026, 11, 25);

std::shared_ptr<const RegionDistances> TestRegions() {
  // Three of Sapporo's wards: Chuo and Kita are close, Teine is further out.
  return std::make_shared<RegionDistances>(
      std::vector<Region>{{"01101", "中央区", "Chuo", 43.0555, 141.3410},
                          {"01102", "北区", "Kita", 43.0906, 141.3407},
                          {"01109", "手稲区", "Teine", 43.1219, 141.2455}},
      std::vector<TravelMinutes>{});
}

Training Course_(int64_t fp, Course c, Date on, double hours = 6) {
  Training t;
  t.foster_parent_id = fp;
  t.course = c;
  t.completed_on = on;
  t.hours = hours;
  return t;
}

// A foster home in Chuo that is eligible for BaseNeed() and fully ready.
HomeInput ReadyHome(int64_t id) {
  HomeInput h;
  FosterParent& fp = h.parent;
  fp.id = id;
  fp.agency_id = 1;
  fp.household_name = "H" + std::to_string(id);
  fp.region = "01101";
  fp.types = {FosterType::kFoster};
  fp.registered_on = Date::FromYmd(2024, 4, 1);
  fp.registration_expires_on = Date::FromYmd(2029, 3, 31);
  fp.capacity = 2;
  fp.accepts = {0, 12, {Sex::kFemale, Sex::kMale}, 2, {}};
  h.trainings = {Course_(id, Course::kBasic, Date::FromYmd(2024, 1, 10)),
                 Course_(id, Course::kPreRegistration, Date::FromYmd(2024, 2, 10)),
                 Course_(id, Course::kPractical, Date::FromYmd(2026, 6, 1), 12)};
  return h;
}

Need BaseNeed() {
  Need n;
  n.id = 1;
  n.case_ref = "C-1";
  n.region = "01101";
  n.child = {6, Sex::kFemale};
  n.siblings = 1;
  n.kind = NeedKind::kLongTerm;
  n.earliest_start = Date::FromYmd(2026, 12, 1);
  return n;
}

std::optional<Exclusion> CheckOne(const HomeInput& home, const Need& need,
                                  MatchPolicy policy = {}) {
  std::vector<HomeInput> homes{home};
  HomeIndex index(homes, TestRegions(), kToday, policy);
  EXPECT_EQ(index.size(), 1u);
  return index.Check(0, need);
}

TEST(MatchingFilter, ReadyHomeIsEligible) {
  EXPECT_EQ(CheckOne(ReadyHome(1), BaseNeed()), std::nullopt);
}

TEST(MatchingFilter, SuspendedHomeIsExcludedAsNotActive) {
  HomeInput h = ReadyHome(1);
  h.parent.status = ParentStatus::kSuspended;
  EXPECT_EQ(CheckOne(h, BaseNeed()), Exclusion::kNotActive);
}

TEST(MatchingFilter, HomeWithoutFreeCapacityIsExcluded) {
  HomeInput h = ReadyHome(1);
  h.placements = {{1, 99, 1, 2, Date::FromYmd(2025, 1, 1), std::nullopt, ""}};
  EXPECT_EQ(CheckOne(h, BaseNeed()), Exclusion::kNoCapacity);
  h.placements[0].ended_on = Date::FromYmd(2026, 1, 1);
  EXPECT_EQ(CheckOne(h, BaseNeed()), std::nullopt) << "an ended placement frees the slots";
}

TEST(MatchingFilter, SiblingsNeedRoomForAllAndAcceptance) {
  HomeInput h = ReadyHome(1);
  Need n = BaseNeed();
  n.siblings = 3;
  EXPECT_EQ(CheckOne(h, n), Exclusion::kNoCapacity);
  h.parent.capacity = 3;
  EXPECT_EQ(CheckOne(h, n), Exclusion::kTooManySiblings);
  h.parent.accepts.max_siblings = 3;
  EXPECT_EQ(CheckOne(h, n), std::nullopt);
}

TEST(MatchingFilter, AdoptiveNeedTakesOnlyAdoptiveHomes) {
  Need n = BaseNeed();
  n.requires_type = FosterType::kAdoptive;
  HomeInput h = ReadyHome(1);
  EXPECT_EQ(CheckOne(h, n), Exclusion::kTypeMismatch);
  h.parent.types = {FosterType::kAdoptive};
  EXPECT_EQ(CheckOne(h, n), std::nullopt);
  EXPECT_EQ(CheckOne(h, BaseNeed()), Exclusion::kTypeMismatch)
      << "an adoptive-only home is for adoption placements";
}

TEST(MatchingFilter, KinshipOnlyHomeTakesOnlyKinshipNeeds) {
  HomeInput h = ReadyHome(1);
  h.parent.types = {FosterType::kKinship};
  EXPECT_EQ(CheckOne(h, BaseNeed()), Exclusion::kTypeMismatch);
  Need n = BaseNeed();
  n.requires_type = FosterType::kKinship;
  EXPECT_EQ(CheckOne(h, n), std::nullopt);
}

TEST(MatchingFilter, SpecialNeedsGoToSpecializedOrExplicitlyAcceptingHomes) {
  Need n = BaseNeed();
  n.needs = {NeedCategory::kBehavioral};
  HomeInput h = ReadyHome(1);
  EXPECT_EQ(CheckOne(h, n), Exclusion::kTypeMismatch);
  h.parent.accepts.needs = {NeedCategory::kBehavioral};
  EXPECT_EQ(CheckOne(h, n), std::nullopt) << "explicit acceptance suffices";

  HomeInput s = ReadyHome(2);
  s.parent.types = {FosterType::kFoster, FosterType::kSpecialized};
  s.parent.registered_on = Date::FromYmd(2025, 4, 1);  // specialized homes renew every 2 years
  s.parent.registration_expires_on = Date::FromYmd(2027, 3, 31);
  EXPECT_EQ(CheckOne(s, n), Exclusion::kTrainingIncomplete) << "specialized training missing";
  s.trainings.push_back(Course_(2, Course::kSpecialized, Date::FromYmd(2024, 3, 1)));
  EXPECT_EQ(CheckOne(s, n), std::nullopt);
}

TEST(MatchingFilter, AgeOutsideTheAcceptedRangeIsExcluded) {
  Need n = BaseNeed();
  n.child.age_years = 13;
  EXPECT_EQ(CheckOne(ReadyHome(1), n), Exclusion::kAgeOutOfRange);
  n.child.age_years = 12;
  EXPECT_EQ(CheckOne(ReadyHome(1), n), std::nullopt) << "the bounds are inclusive";
}

TEST(MatchingFilter, SexNotAcceptedIsExcluded) {
  HomeInput h = ReadyHome(1);
  h.parent.accepts.sexes = {Sex::kMale};
  EXPECT_EQ(CheckOne(h, BaseNeed()), Exclusion::kSexNotAccepted);
}

TEST(MatchingFilter, RespiteOnlyHomesTakeOnlyRespite) {
  HomeInput h = ReadyHome(1);
  h.parent.respite_only = true;
  EXPECT_EQ(CheckOne(h, BaseNeed()), Exclusion::kRespiteOnly);
  Need n = BaseNeed();
  n.kind = NeedKind::kRespite;
  EXPECT_EQ(CheckOne(h, n), std::nullopt);
}

TEST(MatchingFilter, RegistrationMustBeValidOnTheStartDate) {
  HomeInput h = ReadyHome(1);
  h.parent.registration_expires_on = Date::FromYmd(2026, 11, 30);
  EXPECT_EQ(CheckOne(h, BaseNeed()), Exclusion::kRegistrationExpired)
      << "valid today but expired on the earliest start";
}

TEST(MatchingFilter, DateRulesAreJudgedOnThePossibleStartNotOnAPastEarliestStart) {
  // The need could have started three months ago; a placement can start today at the earliest.
  Need n = BaseNeed();
  n.earliest_start = kToday.AddMonths(-3);
  HomeInput lapsed = ReadyHome(1);
  lapsed.parent.registration_expires_on = kToday.AddMonths(-1);
  EXPECT_EQ(CheckOne(lapsed, n), Exclusion::kRegistrationExpired);
  HomeInput recent = ReadyHome(2);
  recent.parent.registered_on = kToday.AddMonths(-1);
  EXPECT_EQ(CheckOne(recent, n), std::nullopt);
  // Five years and a month ago: past the first term today, though not three months ago.
  HomeInput renewal_due = ReadyHome(3);
  renewal_due.parent.registered_on = kToday.AddMonths(-61);
  EXPECT_EQ(CheckOne(renewal_due, n), Exclusion::kTrainingIncomplete);
}

TEST(MatchingFilter, MissingRequiredCourseIsExcluded) {
  HomeInput h = ReadyHome(1);
  h.trainings.erase(h.trainings.begin() + 1);  // pre-registration
  EXPECT_EQ(CheckOne(h, BaseNeed()), Exclusion::kTrainingIncomplete);
  h.trainings.push_back(Course_(1, Course::kPreRegistration, Date::FromYmd(2024, 2, 1)));
  h.trainings.back().outcome = TrainingOutcome::kFailed;
  EXPECT_EQ(CheckOne(h, BaseNeed()), Exclusion::kTrainingIncomplete)
      << "a failed course counts not";
}

TEST(MatchingFilter, RenewalTrainingIsNeededAfterTheFirstTerm) {
  HomeInput h = ReadyHome(1);
  h.parent.registered_on = Date::FromYmd(2019, 4, 1);
  EXPECT_EQ(CheckOne(h, BaseNeed()), Exclusion::kTrainingIncomplete);
  h.trainings.push_back(Course_(1, Course::kRenewal, Date::FromYmd(2023, 12, 1)));
  EXPECT_EQ(CheckOne(h, BaseNeed()), std::nullopt);
}

TEST(MatchingFilter, HomesBeyondTheTravelLimitAreTooFar) {
  HomeInput h = ReadyHome(1);
  h.parent.region = "01109";
  MatchPolicy policy;
  policy.max_travel_minutes = 20;
  EXPECT_EQ(CheckOne(h, BaseNeed(), policy), Exclusion::kTooFar);
  EXPECT_EQ(CheckOne(h, BaseNeed()), std::nullopt);
}

TEST(MatchingRank, ExclusionCountsAndEligibleAddUpToEvaluated) {
  std::vector<HomeInput> homes;
  for (int i = 1; i <= 6; ++i) homes.push_back(ReadyHome(i));
  homes[0].parent.status = ParentStatus::kWithdrawn;
  homes[1].parent.accepts.age_max = 3;
  homes[2].parent.accepts.age_max = 4;
  HomeIndex index(homes, TestRegions(), kToday, {});
  const RankResult r = index.Rank(BaseNeed(), {2, std::nullopt});
  EXPECT_EQ(r.evaluated, 6);
  EXPECT_EQ(r.excluded[static_cast<size_t>(Exclusion::kNotActive)], 1);
  EXPECT_EQ(r.excluded[static_cast<size_t>(Exclusion::kAgeOutOfRange)], 2);
  EXPECT_EQ(r.eligible, 3);
  int sum = r.eligible;
  for (int c : r.excluded) sum += c;
  EXPECT_EQ(sum, r.evaluated);
  EXPECT_EQ(r.candidates.size(), 2u) << "limited";
}

TEST(MatchingRank, AgencyScopeEvaluatesOnlyThatAgencysHomes) {
  std::vector<HomeInput> homes{ReadyHome(1), ReadyHome(2), ReadyHome(3)};
  homes[1].parent.agency_id = 2;
  HomeIndex index(homes, TestRegions(), kToday, {});
  const RankResult r = index.Rank(BaseNeed(), {10, 2});
  EXPECT_EQ(r.evaluated, 1);
  ASSERT_EQ(r.candidates.size(), 1u);
  EXPECT_EQ(r.candidates[0].foster_parent_id, 2);
}

TEST(MatchingScore, CloserRegionNeverScoresLower) {
  std::vector<HomeInput> homes{ReadyHome(1), ReadyHome(2), ReadyHome(3)};
  homes[1].parent.region = "01102";  // Kita, next to Chuo
  homes[2].parent.region = "01109";  // Teine, further
  HomeIndex index(homes, TestRegions(), kToday, {});
  const RankResult r = index.Rank(BaseNeed(), {10, std::nullopt});
  ASSERT_EQ(r.candidates.size(), 3u);
  EXPECT_EQ(r.candidates[0].foster_parent_id, 1);
  EXPECT_EQ(r.candidates[1].foster_parent_id, 2);
  EXPECT_EQ(r.candidates[2].foster_parent_id, 3);
  EXPECT_GT(r.candidates[0].components.proximity, r.candidates[1].components.proximity);
  EXPECT_GT(r.candidates[1].components.proximity, r.candidates[2].components.proximity);
}

TEST(MatchingScore, MoreMonthsUnplacedNeverScoresLower) {
  double previous = -1;
  for (int months : {0, 6, 12, 24, 36, 60}) {
    HomeInput h = ReadyHome(1);
    h.parent.registered_on = kToday.AddMonths(-months);
    h.parent.registration_expires_on = kToday.AddYears(3);
    if (months >= 60)
      h.trainings.push_back(Course_(1, Course::kRenewal, Date::FromYmd(2025, 1, 1)));
    std::vector<HomeInput> homes{h};
    HomeIndex index(homes, TestRegions(), kToday, {});
    const RankResult r = index.Rank(BaseNeed(), {1, std::nullopt});
    ASSERT_EQ(r.candidates.size(), 1u) << months;
    EXPECT_GE(r.candidates[0].components.waiting, previous) << months;
    EXPECT_GE(r.candidates[0].components.waiting, 0.0);
    EXPECT_LE(r.candidates[0].components.waiting, 1.0);
    previous = r.candidates[0].components.waiting;
  }
  EXPECT_EQ(previous, 1.0) << "saturates";
}

TEST(MatchingScore, ComponentsStayInTheUnitIntervalAndWeightsAreReported) {
  std::vector<HomeInput> homes{ReadyHome(1)};
  MatchPolicy policy;
  policy.weights = {1, 0, 0, 0};
  HomeIndex index(homes, TestRegions(), kToday, policy);
  const RankResult r = index.Rank(BaseNeed(), {1, std::nullopt});
  ASSERT_EQ(r.candidates.size(), 1u);
  EXPECT_DOUBLE_EQ(r.candidates[0].score, 100.0) << "same region, proximity only";
  EXPECT_EQ(r.weights.proximity, 1);
}

TEST(MatchingRank, SameInputInAnyOrderGivesTheSameRankingWithTiesById) {
  std::vector<HomeInput> homes;
  for (int i = 10; i >= 1; --i) homes.push_back(ReadyHome(i));  // identical but for the id
  HomeIndex a(homes, TestRegions(), kToday, {});
  std::mt19937 rng(7);
  std::shuffle(homes.begin(), homes.end(), rng);
  HomeIndex b(homes, TestRegions(), kToday, {});
  const RankResult ra = a.Rank(BaseNeed(), {10, std::nullopt});
  const RankResult rb = b.Rank(BaseNeed(), {10, std::nullopt});
  ASSERT_EQ(ra.candidates.size(), 10u);
  for (size_t i = 0; i < ra.candidates.size(); ++i) {
    EXPECT_EQ(ra.candidates[i].foster_parent_id, static_cast<int64_t>(i + 1));
    EXPECT_EQ(rb.candidates[i].foster_parent_id, ra.candidates[i].foster_parent_id);
    EXPECT_EQ(rb.candidates[i].score, ra.candidates[i].score);
  }
}

TEST(MatchingRank, MathematicallyEqualScoresTieToTheLowerId) {
  // Six more months unplaced (+25/6 points) and an accepted age range whose middle is further
  // from the child (age fit 1 → 1/6, −25/6 points) cancel exactly; floating-point sums need not.
  for (int months = 0; months <= 30; ++months) {
    for (int64_t waited_longer_id : {1, 2}) {
      std::vector<HomeInput> homes{ReadyHome(1), ReadyHome(2)};
      HomeInput& longer = homes[waited_longer_id - 1];
      HomeInput& shorter = homes[2 - waited_longer_id];
      longer.parent.registered_on = kToday.AddMonths(-(months + 6));
      longer.parent.accepts.age_min = 6;
      longer.parent.accepts.age_max = 16;
      shorter.parent.registered_on = kToday.AddMonths(-months);
      HomeIndex index(homes, TestRegions(), kToday, {});
      const RankResult r = index.Rank(BaseNeed(), {2, std::nullopt});
      ASSERT_EQ(r.candidates.size(), 2u);
      EXPECT_EQ(r.candidates[0].score, r.candidates[1].score) << months << " " << waited_longer_id;
      EXPECT_EQ(r.candidates[0].foster_parent_id, 1) << months << " " << waited_longer_id;
    }
  }
}

TEST(MatchingScore, ScoreIsRoundedHalfUpToHundredths) {
  // Fully ready, same region, room 1 of 2 left: 35 + 25 + 25 × months/36 + 5 × (age fit + 1.5).
  // A child of `age` in a 14-year range has an age fit in eighths: every score ends in 5 at the
  // third decimal, and must round up.
  for (int months : {0, 9, 18, 27, 36}) {
    for (int age_min = 0; age_min <= 3; ++age_min) {
      for (int age = age_min; age <= age_min + 14; age += 2) {
        HomeInput h = ReadyHome(1);
        h.parent.registered_on = kToday.AddMonths(-months);
        h.parent.accepts.age_min = age_min;
        h.parent.accepts.age_max = age_min + 14;
        std::vector<HomeInput> homes{h};
        HomeIndex index(homes, TestRegions(), kToday, {});
        Need n = BaseNeed();
        n.child.age_years = age;
        const RankResult r = index.Rank(n, {1, std::nullopt});
        ASSERT_EQ(r.candidates.size(), 1u);
        const int eighths = 8 - std::abs(age - age_min - 7);  // age fit × 8
        const int thousandths = 67500 + 25000 * months / 36 + 625 * eighths;
        EXPECT_EQ(r.candidates[0].score, (thousandths + 5) / 10 / 100.0)
            << months << " " << age_min << " " << age;
      }
    }
  }
}

TEST(MatchingExplain, EveryCandidateCarriesReasonsForEachComponentInBothLanguages) {
  std::vector<HomeInput> homes{ReadyHome(1), ReadyHome(2)};
  homes[1].parent.region = "01109";
  HomeIndex index(homes, TestRegions(), kToday, {});
  const RankResult r = index.Rank(BaseNeed(), {10, std::nullopt});
  for (const Candidate& c : r.candidates) {
    std::vector<std::string> components;
    for (const Reason& reason : *c.reasons) {
      EXPECT_FALSE(reason.ja.empty());
      EXPECT_FALSE(reason.en.empty());
      components.push_back(reason.component);
    }
    for (const char* expected : {"proximity", "waiting", "readiness", "fit"}) {
      EXPECT_NE(std::find(components.begin(), components.end(), expected), components.end())
          << expected;
    }
  }
  EXPECT_NE((*r.candidates[0].reasons)[0].ja.find("同じ区"), std::string::npos);
  EXPECT_NE((*r.candidates[1].reasons)[0].en.find("km"), std::string::npos);
}

TEST(MatchingReadiness, GapsAreActionableSentencesWithDates) {
  HomeInput h = ReadyHome(1);
  h.parent.registration_expires_on = Date::FromYmd(2027, 3, 31);
  h.trainings.pop_back();  // no practical training
  const HomeFacts f = DeriveHomeFacts(h.parent, h.trainings, h.placements, kToday, {}, 12);
  ASSERT_TRUE(f.readiness.hard_ok);
  std::vector<std::string> en;
  for (const Gap& g : f.readiness.missing) en.push_back(g.en);
  EXPECT_NE(std::find(en.begin(), en.end(), "renewal training due by 2027-03-31"), en.end());
  EXPECT_NE(std::find(en.begin(), en.end(), "no practical training on record"), en.end());
  EXPECT_LT(f.readiness.score, 100);
}

TEST(MatchingReadiness, MonthsUnplacedCountFromTheLastPlacementEndAndAreZeroWhilePlaced) {
  HomeInput h = ReadyHome(1);
  h.parent.registered_on = Date::FromYmd(2020, 1, 1);
  h.placements = {{1, 9, 1, 1, Date::FromYmd(2021, 1, 1), Date::FromYmd(2025, 5, 25), "reunified"}};
  HomeFacts f = DeriveHomeFacts(h.parent, h.trainings, h.placements, kToday, {}, 12);
  EXPECT_EQ(f.months_unplaced, 18);
  EXPECT_TRUE(f.long_unplaced);
  EXPECT_EQ(f.last_placement_ended_on, Date::FromYmd(2025, 5, 25));
  h.placements.push_back({2, 10, 1, 1, Date::FromYmd(2026, 9, 1), std::nullopt, ""});
  f = DeriveHomeFacts(h.parent, h.trainings, h.placements, kToday, {}, 12);
  EXPECT_EQ(f.months_unplaced, 0);
  EXPECT_EQ(f.current_children, 1);
  EXPECT_FALSE(f.long_unplaced);
}

TEST(MatchingUnlocks, SpecializedTrainingWouldUnlockSpecialNeeds) {
  HomeInput h = ReadyHome(1);
  h.parent.registered_on = Date::FromYmd(2024, 1, 1);  // 34 months: long-unplaced
  std::vector<HomeInput> homes{h};
  HomeIndex index(homes, TestRegions(), kToday, {});
  std::vector<Need> needs{BaseNeed(), BaseNeed(), BaseNeed()};
  needs[1].id = 2;
  needs[1].needs = {NeedCategory::kBehavioral};
  needs[2].id = 3;
  needs[2].child.age_years = 15;
  const auto entries = index.LongUnplaced(homes, needs, std::nullopt);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].eligible_now, 1);
  auto find = [&](Unlock::Kind kind) {
    return std::find_if(entries[0].unlocks.begin(), entries[0].unlocks.end(),
                        [&](const Unlock& u) { return u.kind == kind; });
  };
  auto specialized = find(Unlock::Kind::kSpecializedTraining);
  ASSERT_NE(specialized, entries[0].unlocks.end());
  EXPECT_EQ(specialized->needs_unlocked, 1);
  EXPECT_NE(specialized->ja.find("専門里親研修を修了すると、現在の委託ニーズ 1 件"),
            std::string::npos);
  auto age = find(Unlock::Kind::kWiderAgeRange);
  ASSERT_NE(age, entries[0].unlocks.end());
  EXPECT_EQ(age->age_max, 15);
  EXPECT_EQ(
      age->ja,
      "受入年齢を 0〜15 歳に広げる（現在 0〜12 歳）と、現在の委託ニーズ 1 件の候補になります");
  EXPECT_EQ(age->en,
            "Accepting ages 0-15 (now 0-12) would make this home a candidate for 1 of today's open "
            "needs");
  auto behavioral = find(Unlock::Kind::kAcceptNeed);
  ASSERT_NE(behavioral, entries[0].unlocks.end());
  EXPECT_EQ(behavioral->need, NeedCategory::kBehavioral);
  EXPECT_EQ(behavioral->ja,
            "行動面の課題のある子どもの受入れを検討すると、現在の委託ニーズ 1 件の候補になります");
  EXPECT_EQ(behavioral->en,
            "Accepting children with behavioral needs would make this home a candidate for 1 of "
            "today's open needs");
  EXPECT_EQ(behavioral->age_min, 0) << "ages only for a wider age range";
}

TEST(MatchingUnlocks, LongUnplacedListPutsTheClosestToReadyFirst) {
  std::vector<HomeInput> homes{ReadyHome(1), ReadyHome(2), ReadyHome(3)};
  homes[0].trainings.pop_back();                              // no practical: lower readiness
  homes[2].parent.registered_on = Date::FromYmd(2023, 1, 1);  // waited longer
  HomeIndex index(homes, TestRegions(), kToday, {});
  const auto entries = index.LongUnplaced(homes, std::vector<Need>{BaseNeed()}, std::nullopt);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].foster_parent_id, 3);
  EXPECT_EQ(entries[1].foster_parent_id, 2);
  EXPECT_EQ(entries[2].foster_parent_id, 1);
  EXPECT_EQ(entries[2].next_step.code, "practical_training");
}

// An independent statement of the hard rules, written from the design, to check the engine.
bool SatisfiesEveryHardRule(const HomeInput& h, const Need& n, const MatchPolicy& policy,
                            const RegionDistances& regions) {
  const FosterParent& fp = h.parent;
  const HomeFacts f = DeriveHomeFacts(fp, h.trainings, h.placements, kToday, policy.readiness,
                                      policy.long_unplaced_months);
  // A placement can start on the need's earliest start, or today if that has passed.
  const Date start = std::max(n.earliest_start, kToday);
  if (fp.status != ParentStatus::kActive) return false;
  if (!RegistrationValidOn(fp, start)) return false;
  if (!BaseCoursesDone(fp.types, f.trainings)) return false;
  if (!RenewalDone(fp, f.trainings, start)) return false;
  if (n.requires_type && !fp.types.Has(*n.requires_type)) return false;
  if (n.requires_type == FosterType::kSpecialized && !f.trainings.specialized) return false;
  for (NeedCategory c :
       {NeedCategory::kDisability, NeedCategory::kMedical, NeedCategory::kBehavioral}) {
    if (n.needs.Has(c) && !fp.accepts.needs.Has(c)) {
      if (!fp.types.Has(FosterType::kSpecialized) || !f.trainings.specialized) return false;
    }
  }
  if (fp.capacity - f.current_children < n.siblings) return false;
  if (fp.accepts.max_siblings < n.siblings) return false;
  if (n.child.age_years < fp.accepts.age_min || n.child.age_years > fp.accepts.age_max)
    return false;
  if (!fp.accepts.sexes.Has(n.child.sex)) return false;
  if (fp.respite_only && n.kind != NeedKind::kRespite) return false;
  const double minutes = regions.Minutes(*regions.Index(fp.region), *regions.Index(n.region));
  return minutes <= policy.max_travel_minutes;
}

// Households spread over `codes` with every field a hard rule reads varied at random.
std::vector<HomeInput> RandomHomes(std::mt19937& rng, const std::vector<std::string>& codes,
                                   int count) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<HomeInput> homes;
  for (int i = 1; i <= count; ++i) {
    HomeInput h = ReadyHome(i);
    FosterParent& fp = h.parent;
    fp.region = codes[pick(0, static_cast<int>(codes.size()) - 1)];
    fp.types = FosterTypes::FromBits(static_cast<uint8_t>(pick(1, 15)));
    fp.status = static_cast<ParentStatus>(pick(0, 5) == 0 ? pick(1, 2) : 0);
    fp.registered_on = kToday.AddMonths(-pick(1, 100));
    fp.registration_expires_on = kToday.AddMonths(pick(-6, 40));
    fp.capacity = pick(0, 4);
    fp.accepts.age_min = pick(0, 10);
    fp.accepts.age_max = pick(fp.accepts.age_min, 17);
    fp.accepts.sexes = Sexes::FromBits(static_cast<uint8_t>(pick(1, 3)));
    fp.accepts.max_siblings = pick(1, 3);
    fp.accepts.needs = NeedCategories::FromBits(static_cast<uint8_t>(pick(0, 15)));
    fp.respite_only = pick(0, 9) == 0;
    h.trainings.clear();
    for (Course c : {Course::kBasic, Course::kPreRegistration, Course::kSpecialized,
                     Course::kRenewal, Course::kPractical}) {
      if (pick(0, 4) > 0) h.trainings.push_back(Course_(i, c, kToday.AddMonths(-pick(0, 70))));
    }
    if (pick(0, 3) == 0) {
      h.placements.push_back({i, 1000 + i, i, pick(1, 2), kToday.AddMonths(-pick(1, 30)),
                              pick(0, 1) ? std::optional<Date>() : kToday.AddMonths(-1), ""});
    }
    homes.push_back(std::move(h));
  }
  return homes;
}

// A need in one of `codes`; its earliest start may have passed.
Need RandomNeed(std::mt19937& rng, const std::vector<std::string>& codes) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Need n = BaseNeed();
  n.region = codes[pick(0, static_cast<int>(codes.size()) - 1)];
  n.child = {pick(0, 17), pick(0, 1) ? Sex::kFemale : Sex::kMale};
  n.siblings = pick(1, 3);
  n.needs = NeedCategories::FromBits(static_cast<uint8_t>(pick(0, 15) & pick(0, 15)));
  n.kind = static_cast<NeedKind>(pick(0, 3));
  if (pick(0, 3) == 0) n.requires_type = static_cast<FosterType>(pick(0, 3));
  n.earliest_start = kToday.AddDays(pick(-200, 100));
  return n;
}

TEST(MatchingProperty, CandidatesAreExactlyTheHomesThatPassEveryRule) {
  std::mt19937 rng(20261125);
  const std::vector<std::string> codes = {"01101", "01102", "01109"};
  auto regions = TestRegions();
  MatchPolicy policy;
  policy.max_travel_minutes = 45;
  for (int round = 0; round < 40; ++round) {
    const std::vector<HomeInput> homes = RandomHomes(rng, codes, 150);
    HomeIndex index(homes, regions, kToday, policy);
    const Need n = RandomNeed(rng, codes);
    const RankResult r = index.Rank(n, {homes.size(), std::nullopt});
    int sum = r.eligible;
    for (int c : r.excluded) sum += c;
    ASSERT_EQ(sum, r.evaluated);
    ASSERT_EQ(static_cast<int>(r.candidates.size()), r.eligible);
    std::set<int64_t> candidates;
    for (const Candidate& c : r.candidates) {
      candidates.insert(c.foster_parent_id);
      EXPECT_GE(c.score, 0);
      EXPECT_LE(c.score, 100);
    }
    for (const HomeInput& h : homes) {
      const bool by_rules = SatisfiesEveryHardRule(h, n, policy, *regions);
      // Kinship-only and adoptive-only homes take only needs that ask for their type: a
      // placement rule stricter than the independent check above.
      const bool single_purpose = (h.parent.types == FosterTypes{FosterType::kKinship} ||
                                   h.parent.types == FosterTypes{FosterType::kAdoptive}) &&
                                  !n.requires_type;
      const bool specialized_only_untrained =
          h.parent.types == FosterTypes{FosterType::kSpecialized} &&
          !SummarizeTrainings(h.trainings, kToday, policy.readiness).specialized;
      const bool expected = by_rules && !single_purpose && !specialized_only_untrained;
      const auto why = index.Check(*index.Find(h.parent.id), n);
      EXPECT_EQ(candidates.count(h.parent.id) == 1, expected)
          << "round " << round << " home " << h.parent.id << " excluded as "
          << (why ? ExclusionName(*why) : "-") << " types " << int(h.parent.types.bits())
          << " needs " << int(n.needs.bits()) << " accepts " << int(h.parent.accepts.needs.bits());
    }
    for (size_t i = 1; i < r.candidates.size(); ++i) {
      ASSERT_GE(r.candidates[i - 1].score, r.candidates[i].score);
      if (r.candidates[i - 1].score == r.candidates[i].score) {
        ASSERT_LT(r.candidates[i - 1].foster_parent_id, r.candidates[i].foster_parent_id);
      }
    }
  }
}

// Pruning far regions changes what is counted, never who is ranked.
TEST(MatchingRank, ReachableOnlyFindsTheSameCandidatesAndEligibleHomes) {
  std::mt19937 rng(1125);
  for (int round = 0; round < 30; ++round) {
    std::vector<std::string> codes;
    const auto regions = testing::RandomCity(rng, 12, 0.2, &codes);
    const std::vector<HomeInput> homes = RandomHomes(rng, codes, 400);
    MatchPolicy policy;
    policy.max_travel_minutes = std::uniform_int_distribution<int>(15, 70)(rng);
    HomeIndex index(homes, regions, kToday, policy);
    for (int k = 0; k < 10; ++k) {
      const Need n = RandomNeed(rng, codes);
      const RankResult all = index.Rank(n, {5, std::nullopt, false, false});
      const RankResult pruned = index.Rank(n, {5, std::nullopt, false, true});
      EXPECT_LE(pruned.evaluated, all.evaluated);
      EXPECT_EQ(pruned.eligible, all.eligible) << "round " << round << " need " << k;
      ASSERT_EQ(pruned.candidates.size(), all.candidates.size());
      for (size_t i = 0; i < all.candidates.size(); ++i) {
        EXPECT_EQ(pruned.candidates[i].foster_parent_id, all.candidates[i].foster_parent_id);
        EXPECT_EQ(pruned.candidates[i].score, all.candidates[i].score);
      }
    }
  }
}

// Everything a reader gets from `index`, to compare two indexes.
void ExpectSameAnswers(const HomeIndex& updated, const HomeIndex& fresh,
                       const std::vector<HomeInput>& homes, const std::vector<Need>& needs) {
  ASSERT_EQ(updated.size(), fresh.size());
  for (size_t i = 0; i < fresh.size(); ++i) {
    ASSERT_EQ(updated.id(i), fresh.id(i));
    ASSERT_EQ(updated.free_places(i), fresh.free_places(i));
  }
  for (const Need& n : needs) {
    for (const RankOptions& options :
         {RankOptions{1000, std::nullopt, true, false}, RankOptions{3, int64_t{2}, false, false},
          RankOptions{5, std::nullopt, false, true}}) {
      const RankResult a = updated.Rank(n, options);
      const RankResult b = fresh.Rank(n, options);
      ASSERT_EQ(a.evaluated, b.evaluated);
      ASSERT_EQ(a.excluded, b.excluded);
      ASSERT_EQ(a.eligible, b.eligible);
      ASSERT_EQ(a.candidates.size(), b.candidates.size());
      for (size_t k = 0; k < a.candidates.size(); ++k) {
        ASSERT_EQ(a.candidates[k].foster_parent_id, b.candidates[k].foster_parent_id);
        ASSERT_EQ(a.candidates[k].score, b.candidates[k].score);
      }
    }
  }
  const auto a = updated.LongUnplaced(homes, needs, std::nullopt);
  const auto b = fresh.LongUnplaced(homes, needs, std::nullopt);
  ASSERT_EQ(a.size(), b.size());
  for (size_t k = 0; k < a.size(); ++k) {
    ASSERT_EQ(a[k].foster_parent_id, b[k].foster_parent_id);
    ASSERT_EQ(a[k].eligible_now, b[k].eligible_now);
    ASSERT_EQ(a[k].next_step.code, b[k].next_step.code);
    ASSERT_EQ(a[k].unlocks.size(), b[k].unlocks.size());
    for (size_t u = 0; u < a[k].unlocks.size(); ++u) {
      ASSERT_EQ(a[k].unlocks[u].en, b[k].unlocks[u].en);
    }
  }
}

// Random upserts (new ids below, among and above the others, replacements, moves to another
// region or to one the index does not know) and erases, checked against a fresh build.
TEST(MatchingIndexUpdate, UpsertsAndErasesAnswerAsAFreshBuildOfTheSameHomes) {
  std::mt19937 rng(20261126);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<std::string> codes;
  const auto regions = testing::RandomCity(rng, 6, 0.2, &codes);
  std::vector<std::string> home_codes = codes;
  home_codes.push_back("R999");  // not a region of the city: never indexed
  MatchPolicy policy;
  policy.max_travel_minutes = 40;
  for (int round = 0; round < 8; ++round) {
    std::map<int64_t, HomeInput> current;
    for (HomeInput& h : RandomHomes(rng, home_codes, pick(0, 40))) {
      h.parent.id = pick(1, 200);
      current[h.parent.id] = h;
    }
    auto values = [&] {
      std::vector<HomeInput> v;
      for (const auto& [id, h] : current) v.push_back(h);
      return v;
    };
    HomeIndex index(values(), regions, kToday, policy);
    for (int step = 0; step < 60; ++step) {
      if (pick(0, 2) > 0) {
        HomeInput h = RandomHomes(rng, home_codes, 1).front();
        h.parent.id = pick(0, 3) == 0 ? current.empty() ? 1 : current.rbegin()->first + pick(1, 5)
                                      : pick(1, 200);
        h.parent.agency_id = pick(1, 3);
        index.Upsert(h);
        current[h.parent.id] = h;
      } else {
        const int64_t id = pick(0, 1) && !current.empty()
                               ? std::next(current.begin(), pick(0, int(current.size()) - 1))->first
                               : pick(1, 200);
        index.Erase(id);
        current.erase(id);
      }
      if (step % 10 != 9) continue;
      std::vector<Need> needs;
      for (int k = 0; k < 4; ++k) needs.push_back(RandomNeed(rng, codes));
      const std::vector<HomeInput> homes = values();
      ExpectSameAnswers(index, HomeIndex(homes, regions, kToday, policy), homes, needs);
      if (HasFatalFailure()) FAIL() << "round " << round << " step " << step;
    }
  }
}

// Rerank from a ranking of the index before a few random changes equals Rank after them, in
// every count, candidate, component and reason, or declines; with every view and limit.
TEST(MatchingIndexUpdate, ReRankingOnlyTheChangedHomesAnswersAsRankingAll) {
  std::mt19937 rng(20261127);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<std::string> codes;
  const auto regions = testing::RandomCity(rng, 6, 0.2, &codes);
  MatchPolicy policy;
  policy.max_travel_minutes = 40;
  int reranked = 0, declined = 0, list_changed = 0;
  for (int round = 0; round < 2000; ++round) {
    std::vector<HomeInput> homes = RandomHomes(rng, codes, pick(0, 60));
    for (size_t k = 0; k < homes.size(); ++k) {
      homes[k].parent.id = static_cast<int64_t>(k) + 1;
      homes[k].parent.agency_id = pick(1, 2);
    }
    const HomeIndex before(homes, regions, kToday, policy);
    HomeIndex after = before;
    const Need need = RandomNeed(rng, codes);
    // Half the changes hit the candidates, half copy a candidate's record (eligible, or nearly).
    const auto top = before.Rank(need, {3, std::nullopt}).candidates;
    std::vector<HomeIndex::PriorRow> changed;
    for (int c = pick(1, 4); c > 0; --c) {
      const int64_t id = !top.empty() && pick(0, 1)
                             ? top[pick(0, int(top.size()) - 1)].foster_parent_id
                             : pick(1, static_cast<int>(homes.size()) + 3);
      if (std::any_of(changed.begin(), changed.end(), [&](auto& p) { return p.id == id; }))
        continue;
      HomeIndex::PriorRow prior{id, {}};
      if (const auto i = before.Find(id)) prior.row = before.Gather(*i);
      changed.push_back(prior);
      if (pick(0, 3) == 0) {
        after.Erase(id);
        continue;
      }
      HomeInput h = !top.empty() && pick(0, 1)
                        ? homes[size_t(top[pick(0, int(top.size()) - 1)].foster_parent_id - 1)]
                        : RandomHomes(rng, codes, 1).front();
      h.parent.id = id;
      h.parent.agency_id = pick(1, 2);
      after.Upsert(h);
    }
    const std::optional<int64_t> views[] = {std::nullopt, 1};
    for (const auto& agency : views) {
      for (size_t limit : {size_t{0}, size_t{1}, size_t{3}, size_t{10}}) {
        const RankOptions options{limit, agency};
        const RankResult old = before.Rank(need, options);
        const RankResult fresh = after.Rank(need, options);
        const auto patched = after.Rerank(need, options, old, changed);
        if (!patched) {
          ++declined;
          continue;
        }
        ++reranked;
        ASSERT_EQ(patched->evaluated, fresh.evaluated) << "round " << round;
        ASSERT_EQ(patched->excluded, fresh.excluded) << "round " << round;
        ASSERT_EQ(patched->eligible, fresh.eligible) << "round " << round;
        ASSERT_EQ(patched->candidates.size(), fresh.candidates.size()) << "round " << round;
        bool same_list = old.candidates.size() == fresh.candidates.size();
        for (size_t k = 0; k < fresh.candidates.size(); ++k) {
          const Candidate &a = patched->candidates[k], &b = fresh.candidates[k];
          ASSERT_EQ(a.foster_parent_id, b.foster_parent_id) << "round " << round << " at " << k;
          ASSERT_EQ(a.score, b.score);
          ASSERT_EQ(a.components.proximity, b.components.proximity);
          ASSERT_EQ(a.components.fit, b.components.fit);
          ASSERT_EQ(a.reasons->size(), b.reasons->size());
          for (size_t r = 0; r < a.reasons->size(); ++r) {
            ASSERT_EQ((*a.reasons)[r].en, (*b.reasons)[r].en);
          }
          same_list = same_list && k < old.candidates.size() &&
                      old.candidates[k].foster_parent_id == b.foster_parent_id &&
                      old.candidates[k].score == b.score;
        }
        list_changed += !same_list;
      }
    }
  }
  // The checks bite: most rankings are patched, and many of those changed their list.
  EXPECT_GT(reranked, 5 * declined);
  EXPECT_GT(declined, 5);
  EXPECT_GT(list_changed, 500) << reranked << " patched, " << declined << " declined";
}

TEST(MatchingIndexUpdate, ReRankingDeclinesWhenAListedHomeLeavesAFullList) {
  std::vector<HomeInput> homes;
  for (int64_t id = 1; id <= 5; ++id) homes.push_back(ReadyHome(id));
  const HomeIndex before(homes, TestRegions(), kToday, {});
  const RankOptions two{2, std::nullopt};
  const RankResult old = before.Rank(BaseNeed(), two);
  ASSERT_EQ(old.eligible, 5);
  ASSERT_EQ(old.candidates.size(), 2u);
  auto suspend = [&](int64_t id) {
    HomeIndex after = before;
    HomeInput h = homes[size_t(id - 1)];
    h.parent.status = ParentStatus::kSuspended;
    after.Upsert(h);
    return after.Rerank(BaseNeed(), two, old,
                        std::vector<HomeIndex::PriorRow>{{id, before.Gather(*before.Find(id))}});
  };
  EXPECT_FALSE(suspend(old.candidates[0].foster_parent_id))
      << "a list that lost a candidate was patched although homes below it were never judged";
  int64_t unlisted = 1;
  while (unlisted == old.candidates[0].foster_parent_id ||
         unlisted == old.candidates[1].foster_parent_id) {
    ++unlisted;
  }
  const auto patched = suspend(unlisted);
  ASSERT_TRUE(patched);
  EXPECT_EQ(patched->eligible, 4);
  EXPECT_EQ(patched->excluded[static_cast<size_t>(Exclusion::kNotActive)], 1);
}

TEST(MatchingIndexUpdate, UpsertingACopyLeavesTheOriginalAsItWas) {
  const std::vector<HomeInput> homes{ReadyHome(1), ReadyHome(3)};
  const HomeIndex original(homes, TestRegions(), kToday, {});
  HomeIndex copy = original;
  copy.Upsert(ReadyHome(2));
  copy.Erase(3);
  EXPECT_EQ(copy.size(), 2u);
  EXPECT_TRUE(copy.Find(2));
  EXPECT_FALSE(copy.Find(3));
  ExpectSameAnswers(original, HomeIndex(homes, TestRegions(), kToday, {}), homes, {BaseNeed()});
}

}  // namespace
}  // namespace fostermatch::matching
