// The monthly run's proposals as a person acts on them, on many random small cities (the pure
// computation, no database): every proposal passes the rules on the day the placement could
// start (judged by the independent reference model), no home gets more children than its free
// places, every proposal goes to an agency that may see the need, and no need waits while one
// of its eligible homes (of an agency that may see it) still has room. Then the objective:
// children placed before score, so a sibling group is not passed over for one child.

#include "service/usecases/monthly_run.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>

#include "tests/reference_model.h"

namespace fostermatch::usecases {
namespace {

using namespace matching;

constexpr int kCities = 60;
const Date kToday = Date::FromYmd(2026, 11, 25);

struct City {
  MonthlyRunInput input;
  reference::Geography geo;
  std::vector<reference::Home> homes;  // the same homes, for the reference model
};

class CityMaker {
 public:
  explicit CityMaker(uint32_t seed) : rng_(seed) {}

  // A city of 4–40 homes and 3–30 needs, or of these sizes.
  City Make(std::optional<int> home_count = std::nullopt,
            std::optional<int> need_count = std::nullopt) {
    City c;
    MonthlyRunInput& in = c.input;
    in.today = kToday;
    for (int r = 0; r < 4; ++r) {
      const std::string code = "R" + std::to_string(r);
      in.regions.push_back({code, code, code, 43.0 + r * 0.02, 141.3 + r * 0.02});
    }
    // Agency 1 serves R0 and R1, agency 2 serves R2 and R3, agency 3 serves every region.
    in.agencies = {
        {1, "A1", {"R0", "R1"}}, {2, "A2", {"R2", "R3"}}, {3, "A3", {"R0", "R1", "R2", "R3"}}};
    const int homes = home_count.value_or(Pick(4, 40));
    for (int i = 0; i < homes; ++i) in.homes.push_back(MakeHome(i + 1));
    const int needs = need_count.value_or(Pick(3, 30));
    for (int j = 0; j < needs; ++j) in.open_needs.push_back(MakeNeed(j + 1));
    c.geo.regions = in.regions;
    for (const HomeInput& h : in.homes) c.homes.push_back({h.parent, h.trainings, h.placements});
    return c;
  }

 private:
  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }

  HomeInput MakeHome(int64_t id) {
    HomeInput h;
    FosterParent& p = h.parent;
    p.id = id;
    p.agency_id = Pick(1, 3);
    p.household_name = "H" + std::to_string(id);
    p.region = "R" + std::to_string(Pick(0, 3));
    p.types = {FosterType::kFoster};
    p.registered_on = kToday.AddMonths(-Pick(1, 59));
    // Some registrations lapse between today and a need's later start.
    p.registration_expires_on = Pick(1, 4) == 1
                                    ? kToday.AddDays(Pick(0, 60))
                                    : DefaultRegistrationExpiry(p.types, p.registered_on);
    p.capacity = Pick(1, 4);
    p.accepts = {0, 17, {Sex::kFemale, Sex::kMale}, Pick(1, 4), {}};
    auto course = [&](Course c, Date on) {
      Training t;
      t.foster_parent_id = id;
      t.course = c;
      t.completed_on = on;
      t.hours = 6;
      h.trainings.push_back(t);
    };
    course(Course::kBasic, p.registered_on.AddDays(-60));
    course(Course::kPreRegistration, p.registered_on.AddDays(-30));
    if (Pick(0, 1)) course(Course::kPractical, kToday.AddDays(-Pick(10, 700)));
    return h;
  }

  Need MakeNeed(int64_t id) {
    Need n;
    n.id = id;
    n.case_ref = "C-" + std::to_string(id);
    n.region = "R" + std::to_string(Pick(0, 3));
    n.child = {Pick(0, 17), Pick(0, 1) ? Sex::kFemale : Sex::kMale};
    n.siblings = Pick(1, 10) <= 6 ? 1 : Pick(2, 4);
    n.earliest_start = kToday.AddDays(Pick(-90, 90));
    n.urgency = Pick(1, 3);
    if (Pick(1, 4) == 1) n.shared_with = {Pick(1, 3)};
    return n;
  }

  std::mt19937 rng_;
};

// Visibility written from the README: shared_with when given, else the agencies serving the
// need's region.
bool MaySee(const Need& need, int64_t agency, const std::vector<Agency>& agencies) {
  if (!need.shared_with.empty()) {
    return std::find(need.shared_with.begin(), need.shared_with.end(), agency) !=
           need.shared_with.end();
  }
  for (const Agency& a : agencies) {
    if (a.id == agency &&
        std::find(a.regions.begin(), a.regions.end(), need.region) != a.regions.end()) {
      return true;
    }
  }
  return false;
}

template <typename Check>
void ForEachCity(Check check) {
  for (int c = 0; c < kCities; ++c) {
    CityMaker maker(static_cast<uint32_t>(7000 + c));
    const City city = maker.Make();
    MonthlyRunOptions options;
    options.month = "2026-11";
    const model::MonthlyRun run = ComputeMonthlyRun(city.input, options);
    SCOPED_TRACE("city seed " + std::to_string(7000 + c));
    check(city, run);
  }
}

const Need& NeedOf(const City& c, int64_t id) {
  return *std::find_if(c.input.open_needs.begin(), c.input.open_needs.end(),
                       [&](const Need& n) { return n.id == id; });
}

const reference::Home& HomeOf(const City& c, int64_t id) {
  return *std::find_if(c.homes.begin(), c.homes.end(),
                       [&](const reference::Home& h) { return h.parent.id == id; });
}

TEST(MonthlyRunProperties, EveryProposalPassesTheRulesOnThePlacementsPossibleStart) {
  int proposals = 0;
  ForEachCity([&](const City& c, const model::MonthlyRun& run) {
    for (const model::Proposal& p : run.proposals) {
      const auto verdict =
          reference::Judge(HomeOf(c, p.foster_parent_id), NeedOf(c, p.need_id), c.geo, kToday);
      EXPECT_FALSE(verdict.excluded_by) << "need " << p.need_id << " to home " << p.foster_parent_id
                                        << ": " << *verdict.excluded_by;
      ++proposals;
    }
  });
  EXPECT_GT(proposals, 100) << "the cities make proposals";
}

TEST(MonthlyRunProperties, NoHomeIsProposedMoreChildrenThanItsPlaces) {
  ForEachCity([&](const City& c, const model::MonthlyRun& run) {
    std::map<int64_t, int> children;
    for (const model::Proposal& p : run.proposals) children[p.foster_parent_id] += p.siblings;
    for (const auto& [home, count] : children) {
      EXPECT_LE(count, HomeOf(c, home).parent.capacity) << "home " << home;
    }
  });
}

TEST(MonthlyRunProperties, EveryProposalGoesToAnAgencyThatMaySeeTheNeed) {
  ForEachCity([&](const City& c, const model::MonthlyRun& run) {
    for (const model::Proposal& p : run.proposals) {
      EXPECT_TRUE(MaySee(NeedOf(c, p.need_id), p.agency_id, c.input.agencies))
          << "need " << p.need_id << " to agency " << p.agency_id;
    }
  });
}

// Maximal: a need without a proposal has no eligible home, of an agency that may see it, with
// room left after the run's proposals.
TEST(MonthlyRunProperties, NoNeedWaitsWhileOneOfItsHomesHasRoom) {
  int waiting_with_eligible_homes = 0;
  ForEachCity([&](const City& c, const model::MonthlyRun& run) {
    std::map<int64_t, int> used;
    for (const model::Proposal& p : run.proposals) used[p.foster_parent_id] += p.siblings;
    for (const model::Unassigned& u : run.unassigned) {
      const Need& need = NeedOf(c, u.need_id);
      for (const reference::Home& h : c.homes) {
        if (reference::Judge(h, need, c.geo, kToday).excluded_by) continue;
        if (!MaySee(need, h.parent.agency_id, c.input.agencies)) continue;
        ++waiting_with_eligible_homes;
        EXPECT_LT(h.parent.capacity - used[h.parent.id], need.siblings)
            << "need " << need.id << " waits while home " << h.parent.id << " has room";
      }
    }
  });
  EXPECT_GT(waiting_with_eligible_homes, 0) << "some needs compete for their homes";
}

// A city of one eligible home with `places`, seen by every agency, taking groups that large.
MonthlyRunInput OneHomeCity(uint32_t seed, int places) {
  CityMaker maker(seed);
  MonthlyRunInput in = maker.Make().input;
  in.homes.resize(1);
  FosterParent& home = in.homes[0].parent;
  home.capacity = places;
  home.accepts = {0, 17, {Sex::kFemale, Sex::kMale}, places, {}};
  home.registration_expires_on = kToday.AddYears(3);
  home.agency_id = 3;
  return in;
}

Need NeedIn(const std::string& region, int64_t id, Child child, int siblings, int urgency) {
  Need n;
  n.id = id;
  n.case_ref = "C-" + std::to_string(id);
  n.region = region;
  n.child = child;
  n.siblings = siblings;
  n.earliest_start = kToday;
  n.urgency = urgency;
  return n;
}

// Needs are ranked a block at a time on the run's threads, and parts solved side by side: a city
// of several blocks gives the same proposals and totals on any number of threads.
TEST(MonthlyRunThreads, ARunOnSeveralThreadsProposesWhatOneThreadProposes) {
  const City city = CityMaker(9100).Make(160, 700);
  MonthlyRunOptions options;
  options.month = "2026-11";
  options.assignment_threads = 1;
  const model::MonthlyRun one = ComputeMonthlyRun(city.input, options);
  options.assignment_threads = 3;
  const model::MonthlyRun three = ComputeMonthlyRun(city.input, options);
  auto homes_of = [](const model::MonthlyRun& run) {
    std::map<int64_t, int64_t> home_of_need;
    for (const model::Proposal& p : run.proposals) home_of_need[p.need_id] = p.foster_parent_id;
    return home_of_need;
  };
  EXPECT_GT(one.proposals.size(), 100u) << "the city makes proposals";
  EXPECT_EQ(homes_of(one), homes_of(three));
  EXPECT_EQ(one.summary.arcs, three.summary.arcs);
  EXPECT_EQ(one.summary.total_score, three.summary.total_score);
}

// One home with three places, a group of three siblings and one child who fits it better: the
// default objective places the three; the score alone would place the one.
TEST(MonthlyRunObjective, ASiblingGroupIsNotPassedOverForOneChildWithABetterScore) {
  MonthlyRunInput in = OneHomeCity(1, 3);
  const std::string& region = in.homes[0].parent.region;
  // The group lives at the far end of the city and is older than the middle of the accepted
  // ages: a lower proximity and fit than the one child's.
  in.open_needs = {NeedIn(region == "R3" ? "R0" : "R3", 1, {16, Sex::kMale}, 3, 2),
                   NeedIn(region, 2, {8, Sex::kFemale}, 1, 2)};
  MonthlyRunOptions options;
  options.month = "2026-11";
  model::MonthlyRun run = ComputeMonthlyRun(in, options);
  ASSERT_EQ(run.proposals.size(), 1u);
  EXPECT_EQ(run.proposals[0].need_id, 1) << "three children placed rather than one";
  EXPECT_EQ(run.summary.children_placed, 3);
  EXPECT_EQ(run.summary.sibling_groups_placed, 1);
  options.objective = *ParseObjective("score");
  run = ComputeMonthlyRun(in, options);
  ASSERT_EQ(run.proposals.size(), 1u);
  EXPECT_EQ(run.proposals[0].need_id, 2) << "the score alone prefers the one child";
  EXPECT_EQ(run.policy.objective, "score");
}

// Two needs alike but for urgency, one place: the more urgent need gets it, whatever the ids.
TEST(MonthlyRunObjective, UrgencyDecidesBetweenNeedsThatPlaceAsManyChildren) {
  MonthlyRunInput in = OneHomeCity(2, 1);
  const std::string& region = in.homes[0].parent.region;
  in.open_needs = {NeedIn(region, 1, {8, Sex::kFemale}, 1, 1),
                   NeedIn(region, 2, {8, Sex::kFemale}, 1, 3)};
  MonthlyRunOptions options;
  options.month = "2026-11";
  const model::MonthlyRun run = ComputeMonthlyRun(in, options);
  ASSERT_EQ(run.proposals.size(), 1u);
  EXPECT_EQ(run.proposals[0].need_id, 2);
  EXPECT_EQ(run.policy.objective, "children,urgency,score");
}

}  // namespace
}  // namespace fostermatch::usecases
