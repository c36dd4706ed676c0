// What would unlock a long-unplaced home, counted from the open-need summary, against the
// oracle it replaced: every change tried on the home against every open need, rule by rule.

#include <gtest/gtest.h>

#include <climits>
#include <random>

#include "matching/open_needs.h"
#include "matching/rules.h"
#include "matching/unlock_counts.h"
#include "tests/support/random_city.h"

namespace fostermatch::matching {
namespace {

const Date kToday = Date::FromYmd(2026, 11, 25);

// Households with every field a hard rule or a change reads varied at random, most of them
// long-unplaced.
std::vector<HomeInput> RandomHomes(std::mt19937& rng, const std::vector<std::string>& codes,
                                   int count) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::vector<HomeInput> homes;
  for (int i = 1; i <= count; ++i) {
    HomeInput h;
    FosterParent& fp = h.parent;
    fp.id = i;
    fp.agency_id = pick(1, 3);
    fp.household_name = "H" + std::to_string(i);
    fp.region = codes[pick(0, static_cast<int>(codes.size()) - 1)];
    fp.types = FosterTypes::FromBits(static_cast<uint8_t>(pick(1, 15)));
    fp.status = static_cast<ParentStatus>(pick(0, 4) == 0 ? pick(1, 2) : 0);
    fp.registered_on = kToday.AddMonths(-pick(-2, 100));
    fp.registration_expires_on = kToday.AddMonths(pick(-6, 40));
    fp.capacity = pick(0, 4);
    fp.accepts.age_min = pick(0, 12);
    fp.accepts.age_max = pick(0, 17);
    fp.accepts.sexes = Sexes::FromBits(static_cast<uint8_t>(pick(1, 3)));
    fp.accepts.max_siblings = pick(0, 4);
    fp.accepts.needs = NeedCategories::FromBits(static_cast<uint8_t>(pick(0, 15)));
    fp.respite_only = pick(0, 5) == 0;
    for (Course c : {Course::kBasic, Course::kPreRegistration, Course::kSpecialized,
                     Course::kRenewal, Course::kPractical}) {
      if (pick(0, 4) == 0) continue;
      Training t;
      t.foster_parent_id = i;
      t.course = c;
      t.completed_on = kToday.AddMonths(-pick(-3, 80));  // a few dated after today
      t.hours = pick(1, 20);
      h.trainings.push_back(t);
    }
    if (pick(0, 5) == 0) {
      h.placements.push_back({i, 1000 + i, i, pick(1, 2), kToday.AddMonths(-pick(14, 40)),
                              kToday.AddMonths(-pick(12, 13)), ""});
    }
    homes.push_back(std::move(h));
  }
  return homes;
}

Need RandomNeed(std::mt19937& rng, const std::vector<std::string>& codes, int64_t id) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Need n;
  n.id = id;
  n.case_ref = "C-" + std::to_string(id);
  n.region = pick(0, 30) == 0 ? "unknown" : codes[pick(0, static_cast<int>(codes.size()) - 1)];
  n.child = {pick(0, 17), pick(0, 1) ? Sex::kFemale : Sex::kMale};
  n.siblings = pick(1, 4);
  n.needs = NeedCategories::FromBits(static_cast<uint8_t>(pick(0, 15) & pick(0, 15)));
  n.kind = static_cast<NeedKind>(pick(0, 3));
  if (pick(0, 3) == 0) n.requires_type = static_cast<FosterType>(pick(0, 3));
  // Some have passed (judged on today), some start far ahead (past registrations and cycles).
  n.earliest_start = kToday.AddDays(pick(0, 4) == 0 ? pick(0, 1200) : pick(-200, 100));
  return n;
}

// The oracle: every change applied to the home, tried against every need it reaches.
UnlockCounts CountByTrial(const Row& row, std::span<const NeedQuery> all, Date today) {
  std::vector<const NeedQuery*> needs;
  for (const NeedQuery& q : all) {
    if (q.minutes[row.region] <= q.max_minutes) needs.push_back(&q);
  }
  UnlockCounts out;
  std::vector<bool> blocked(needs.size());
  for (size_t k = 0; k < needs.size(); ++k) {
    blocked[k] = FirstFailure(row, *needs[k]).has_value();
    out.eligible_now += !blocked[k];
  }
  for (size_t c = 0; c < kChangeCount; ++c) {
    Row changed = row;
    if (!ApplyChange(c, changed, today)) continue;
    UnlockCount& u = out.by_change[c];
    u.age_min = INT_MAX, u.age_max = INT_MIN;
    for (size_t k = 0; k < needs.size(); ++k) {
      if (!blocked[k] || FirstFailure(changed, *needs[k])) continue;
      ++u.needs;
      u.age_min = std::min<int>(u.age_min, needs[k]->age);
      u.age_max = std::max<int>(u.age_max, needs[k]->age);
    }
  }
  return out;
}

struct World {
  std::shared_ptr<const RegionDistances> regions;
  std::vector<HomeInput> homes;
  std::vector<Need> needs;
};

World RandomWorld(std::mt19937& rng, int homes, int needs) {
  World w;
  std::vector<std::string> codes;
  w.regions = testing::RandomCity(rng, std::uniform_int_distribution<int>(1, 8)(rng), 0.3, &codes);
  w.homes = RandomHomes(rng, codes, homes);
  for (int j = 1; j <= needs; ++j) w.needs.push_back(RandomNeed(rng, codes, j));
  return w;
}

MatchPolicy RandomPolicy(std::mt19937& rng) {
  MatchPolicy policy;
  policy.max_travel_minutes = std::uniform_int_distribution<int>(20, 120)(rng);
  return policy;
}

std::vector<NeedQuery> Queries(const World& w, const HomeIndex& index) {
  std::vector<NeedQuery> out;
  for (const Need& n : w.needs) {
    out.push_back(NeedQuery::From(n, *w.regions, index.today(), index.policy().max_travel_minutes));
  }
  return out;
}

TEST(Unlocks, CountsFromTheOpenNeedSummaryEqualTryingEveryChangeOnEveryNeed) {
  std::mt19937 rng(20261126);
  int compared = 0, unlocked = 0;
  for (int round = 0; round < 40; ++round) {
    // Up to a few hundred needs: several bitset words, partial last words.
    const World w = RandomWorld(rng, 120, std::uniform_int_distribution<int>(0, 300)(rng));
    const HomeIndex index(w.homes, w.regions, kToday, RandomPolicy(rng));
    const OpenNeeds summary(w.needs, index);
    const std::vector<NeedQuery> queries = Queries(w, index);
    for (size_t i = 0; i < index.size(); ++i) {
      const Row row = index.Gather(i);
      const UnlockCounts got = CountUnlocks(row, summary.From(row.region), kToday);
      const UnlockCounts want = CountByTrial(row, queries, kToday);
      ASSERT_EQ(got.eligible_now, want.eligible_now) << "round " << round << " home " << row.id;
      for (size_t c = 0; c < kChangeCount; ++c) {
        const UnlockCount& g = got.by_change[c];
        const UnlockCount& e = want.by_change[c];
        ASSERT_EQ(g.needs, e.needs) << "round " << round << " home " << row.id << " change " << c;
        if (g.needs > 0 && ChangeKind(c) == Unlock::Kind::kWiderAgeRange) {
          ASSERT_EQ(g.age_min, e.age_min) << "round " << round << " home " << row.id;
          ASSERT_EQ(g.age_max, e.age_max) << "round " << round << " home " << row.id;
        }
        unlocked += g.needs > 0;
      }
      ++compared;
    }
  }
  // The comparison means something only if the random homes do get unlocked.
  EXPECT_GT(compared, 3000);
  EXPECT_GT(unlocked, 1500);
}

TEST(Unlocks, LongUnplacedListIsTheOneFromTryingEveryChangeInTheSameOrder) {
  std::mt19937 rng(1126);
  size_t listed = 0;
  for (int round = 0; round < 20; ++round) {
    const World w = RandomWorld(rng, 150, std::uniform_int_distribution<int>(1, 200)(rng));
    const HomeIndex index(w.homes, w.regions, kToday, RandomPolicy(rng));
    const std::vector<NeedQuery> queries = Queries(w, index);
    for (std::optional<int64_t> agency : {std::optional<int64_t>(), std::optional<int64_t>(2)}) {
      const auto entries = index.LongUnplaced(w.homes, w.needs, agency);
      // The homes the list should hold, in its order.
      std::vector<LongUnplacedEntry> expected;
      for (const HomeInput& h : w.homes) {
        const auto i = index.Find(h.parent.id);
        if ((agency && h.parent.agency_id != *agency) || !i) continue;
        LongUnplacedEntry e;
        e.foster_parent_id = h.parent.id;
        e.facts = DeriveHomeFacts(h.parent, h.trainings, h.placements, kToday,
                                  index.policy().readiness, index.policy().long_unplaced_months);
        if (e.facts.long_unplaced) expected.push_back(e);
      }
      std::sort(expected.begin(), expected.end(), CloserToReady);
      ASSERT_EQ(entries.size(), expected.size());
      for (size_t k = 0; k < entries.size(); ++k) {
        const LongUnplacedEntry& e = entries[k];
        ASSERT_EQ(e.foster_parent_id, expected[k].foster_parent_id) << "position " << k;
        const Row row = index.Gather(*index.Find(e.foster_parent_id));
        const UnlockCounts trial = CountByTrial(row, queries, kToday);
        EXPECT_EQ(e.eligible_now, trial.eligible_now);
        const std::vector<Unlock> want = UnlocksFrom(row, trial);
        ASSERT_EQ(e.unlocks.size(), want.size()) << "home " << e.foster_parent_id;
        for (size_t u = 0; u < want.size(); ++u) {
          EXPECT_EQ(e.unlocks[u].kind, want[u].kind);
          EXPECT_EQ(e.unlocks[u].need, want[u].need);
          EXPECT_EQ(e.unlocks[u].needs_unlocked, want[u].needs_unlocked);
          EXPECT_EQ(e.unlocks[u].age_min, want[u].age_min);
          EXPECT_EQ(e.unlocks[u].age_max, want[u].age_max);
          EXPECT_EQ(e.unlocks[u].ja, want[u].ja);
          EXPECT_EQ(e.unlocks[u].en, want[u].en);
        }
        ++listed;
      }
    }
  }
  EXPECT_GT(listed, 1000u);
}

// A household's entry is a function of itself and the open needs: the same whether the index
// holds every home or that home alone.
TEST(Unlocks, OneHomesEntryDependsOnlyOnItselfAndTheOpenNeeds) {
  std::mt19937 rng(2611);
  const World w = RandomWorld(rng, 60, 120);
  const MatchPolicy policy = RandomPolicy(rng);
  const HomeIndex all(w.homes, w.regions, kToday, policy);
  const OpenNeeds needs(w.needs, all);
  int entries = 0;
  for (const HomeInput& h : w.homes) {
    const auto i = all.Find(h.parent.id);
    if (!i) continue;
    const HomeIndex alone(std::span<const HomeInput>(&h, 1), w.regions, kToday, policy);
    const auto together = all.LongUnplacedEntryOf(*i, h, needs);
    const auto by_itself = alone.LongUnplacedEntryOf(0, h, OpenNeeds(w.needs, alone));
    ASSERT_EQ(together.has_value(), by_itself.has_value());
    if (!together) continue;
    ++entries;
    EXPECT_EQ(together->eligible_now, by_itself->eligible_now);
    ASSERT_EQ(together->unlocks.size(), by_itself->unlocks.size());
    for (size_t u = 0; u < together->unlocks.size(); ++u) {
      EXPECT_EQ(together->unlocks[u].en, by_itself->unlocks[u].en);
    }
    EXPECT_EQ(together->next_step.code, by_itself->next_step.code);
  }
  EXPECT_GT(entries, 10);
}

}  // namespace
}  // namespace fostermatch::matching
