#include "matching/assignment.h"

#include <gtest/gtest.h>

#include <climits>
#include <numeric>
#include <random>
#include <tuple>

#include "matching/objective.h"
#include "matching/priced_homes.h"
#include "matching/set_cuts.h"

namespace fostermatch::matching {
namespace {

struct Instance {
  std::vector<AssignmentNeed> needs;
  std::vector<AssignmentHome> homes;
  std::vector<AssignmentArc> arcs;
};

// Tries every choice (no home, or each feasible arc) for every need.
int64_t BruteForce(const Instance& in, size_t need, std::vector<int>& free) {
  if (need == in.needs.size()) return 0;
  int64_t best = BruteForce(in, need + 1, free);
  for (const AssignmentArc& a : in.arcs) {
    if (a.need != need || free[a.home] < in.needs[need].slots) continue;
    free[a.home] -= in.needs[need].slots;
    best = std::max(best, a.value + BruteForce(in, need + 1, free));
    free[a.home] += in.needs[need].slots;
  }
  return best;
}

// Capacities hold, every pairing is an arc, and the reported total is the arcs' sum.
void ExpectFeasible(const Instance& in, const AssignmentResult& r) {
  std::vector<int> used(in.homes.size(), 0);
  int64_t total = 0;
  for (size_t n = 0; n < in.needs.size(); ++n) {
    if (!r.home_of_need[n]) continue;
    const size_t h = *r.home_of_need[n];
    used[h] += in.needs[n].slots;
    auto arc = std::find_if(in.arcs.begin(), in.arcs.end(),
                            [&](const AssignmentArc& a) { return a.need == n && a.home == h; });
    ASSERT_NE(arc, in.arcs.end()) << "need " << n << " placed without an arc";
    total += arc->value;
  }
  for (size_t h = 0; h < in.homes.size(); ++h) EXPECT_LE(used[h], in.homes[h].free);
  EXPECT_EQ(total, r.total);
}

Instance Random(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Instance in;
  const int needs = pick(1, 7), homes = pick(1, 4);
  for (int n = 0; n < needs; ++n) in.needs.push_back({n + 1, pick(1, 10) <= 6 ? 1 : pick(2, 3)});
  for (int h = 0; h < homes; ++h) in.homes.push_back({100 + h, pick(0, 4)});
  for (int n = 0; n < needs; ++n) {
    for (int h = 0; h < homes; ++h) {
      if (pick(0, 2) > 0) {
        in.arcs.push_back({static_cast<size_t>(n), static_cast<size_t>(h), pick(1, 10000)});
      }
    }
  }
  return in;
}

std::vector<size_t> NeedsOf(const Instance& in) {
  std::vector<size_t> ids(in.needs.size());
  std::iota(ids.begin(), ids.end(), 0);
  return ids;
}
std::vector<size_t> HomesOf(const Instance& in) {
  std::vector<size_t> ids(in.homes.size());
  std::iota(ids.begin(), ids.end(), 0);
  return ids;
}

TEST(Assignment, ExactEqualsBruteForceOnSmallRandomInstances) {
  std::mt19937 rng(11);
  int with_siblings = 0;
  for (int round = 0; round < 2000; ++round) {
    const Instance in = Random(rng);
    std::vector<int> free;
    for (const auto& h : in.homes) free.push_back(h.free);
    const int64_t optimum = BruteForce(in, 0, free);
    const AssignmentResult exact = AssignExact(in.needs, in.homes, in.arcs);
    ASSERT_EQ(exact.total, optimum) << "round " << round;
    EXPECT_TRUE(exact.proven_optimal);
    ExpectFeasible(in, exact);
    const AssignmentResult greedy = AssignGreedy(in.needs, in.homes, in.arcs);
    ExpectFeasible(in, greedy);
    EXPECT_GE(exact.total, greedy.total);
    for (const auto& n : in.needs) with_siblings += n.slots > 1;
  }
  EXPECT_GT(with_siblings, 1000) << "the instances exercise sibling groups";
}

TEST(Assignment, BeatsGreedyWhereGreedyIsShortsighted) {
  // Greedy gives the one home to need 0 (value 10); the optimum gives it to need 1 (9) and
  // need 0 to the second home (8): 17 > 10.
  Instance in;
  in.needs = {{1, 1}, {2, 1}};
  in.homes = {{10, 1}, {11, 1}};
  in.arcs = {{0, 0, 10}, {0, 1, 8}, {1, 0, 9}};
  EXPECT_EQ(AssignGreedy(in.needs, in.homes, in.arcs).total, 10);
  const auto exact = AssignExact(in.needs, in.homes, in.arcs);
  EXPECT_EQ(exact.total, 17);
  EXPECT_EQ(exact.home_of_need[0], 1u);
  EXPECT_EQ(exact.home_of_need[1], 0u);
}

TEST(Assignment, SiblingsAreNeverSplitOverHomes) {
  // Two homes with one place each cannot take a pair of siblings, though the places add up.
  Instance in;
  in.needs = {{1, 2}};
  in.homes = {{10, 1}, {11, 1}};
  in.arcs = {{0, 0, 50}, {0, 1, 50}};
  const auto r = AssignExact(in.needs, in.homes, in.arcs);
  EXPECT_FALSE(r.home_of_need[0]);
  EXPECT_EQ(r.total, 0);
}

TEST(Assignment, SameInputGivesTheSameAssignment) {
  std::mt19937 rng(5);
  for (int round = 0; round < 50; ++round) {
    const Instance in = Random(rng);
    const auto a = AssignExact(in.needs, in.homes, in.arcs);
    const auto b = AssignExact(in.needs, in.homes, in.arcs);
    EXPECT_EQ(a.home_of_need, b.home_of_need);
  }
}

TEST(Assignment, IndependentRegionsAreSolvedAsSeparateComponents) {
  Instance in;
  in.needs = {{1, 1}, {2, 1}};
  in.homes = {{10, 1}, {11, 1}};
  in.arcs = {{0, 0, 5}, {1, 1, 7}};
  const auto r = AssignExact(in.needs, in.homes, in.arcs);
  EXPECT_EQ(r.components, 2);
  EXPECT_EQ(r.total, 12);
}

// The objective's levels compared as tuples, by brute force, against AssignExact on the
// weighted sum: the weights order assignments exactly as the levels do.
using Levels = std::tuple<int64_t, int64_t, int64_t>;  // children, urgency × children, score

Levels BruteForceLevels(const Instance& in, const std::vector<PlacementWorth>& worth, size_t need,
                        std::vector<int>& free) {
  if (need == in.needs.size()) return {0, 0, 0};
  Levels best = BruteForceLevels(in, worth, need + 1, free);
  for (size_t k = 0; k < in.arcs.size(); ++k) {
    const AssignmentArc& a = in.arcs[k];
    if (a.need != need || free[a.home] < in.needs[need].slots) continue;
    free[a.home] -= in.needs[need].slots;
    auto [c, u, s] = BruteForceLevels(in, worth, need + 1, free);
    free[a.home] += in.needs[need].slots;
    const PlacementWorth& w = worth[k];
    best = std::max(best, Levels{c + w.children, u + int64_t{w.urgency} * w.children, s + w.score});
  }
  return best;
}

// Gives each need an urgency of 1..`most_urgent` and each arc its worth on every level, and
// rewrites the arcs' values as the objective's weighted sums.
struct LevelledArcs {
  std::vector<PlacementWorth> worth;  // per arc
  LexicographicWeights weights;
};
LevelledArcs WithLevels(Instance& in, std::mt19937& rng, int most_urgent) {
  std::vector<int> urgency;
  for (size_t n = 0; n < in.needs.size(); ++n) {
    urgency.push_back(std::uniform_int_distribution<int>(1, most_urgent)(rng));
  }
  std::vector<PlacementWorth> worth, best(in.needs.size(), PlacementWorth{0, 0, 0});
  for (const AssignmentArc& a : in.arcs) {
    worth.push_back({in.needs[a.need].slots, urgency[a.need], a.value});
    PlacementWorth& b = best[a.need];
    b = {worth.back().children, worth.back().urgency, std::max(b.score, a.value)};
  }
  LevelledArcs out{std::move(worth), LexicographicWeights(AssignmentObjective{}, best)};
  for (size_t k = 0; k < in.arcs.size(); ++k) in.arcs[k].value = out.weights.Value(out.worth[k]);
  return out;
}

TEST(Assignment, ChildrenFirstThenUrgencyThenScoreEqualsBruteForceOverTheLevels) {
  std::mt19937 rng(23);
  int settled_by_mip = 0;  // rounds where the flow relaxation split a group: bounds + CBC decided
  for (int round = 0; round < 1500; ++round) {
    Instance in = Random(rng);
    const LevelledArcs levelled = WithLevels(in, rng, 3);
    const LexicographicWeights& weights = levelled.weights;
    std::vector<int> free;
    for (const auto& h : in.homes) free.push_back(h.free);
    const Levels optimum = BruteForceLevels(in, levelled.worth, 0, free);
    // Level by level with the weights, and on the weighted sum as one level: both exact.
    for (const auto& level_weights : {weights.Weights(), std::vector<int64_t>{}}) {
      const AssignmentResult exact =
          AssignExact(in.needs, in.homes, in.arcs, {.level_weights = level_weights});
      const auto split = weights.Split(exact.total);
      ASSERT_EQ(Levels(split[0].second, split[1].second, split[2].second), optimum)
          << "round " << round << ", " << level_weights.size() << " levels";
      EXPECT_TRUE(exact.proven_optimal);
      ExpectFeasible(in, exact);
      settled_by_mip += exact.subproblems > 1;
    }
  }
  EXPECT_GT(settled_by_mip, 100) << "the exact path beyond the flow relaxation was tested";
}

// With CBC allowed only a handful of arcs, parts go through the set program's bound on the last
// level and targets, and on to its bound with cuts; whatever is proven must be the optimum, and
// every bound must hold.
TEST(Assignment, SetProgramBoundsHoldAndProveWhenTheSolverGetsFewArcs) {
  std::mt19937 rng(29);
  int proven_by_set_program = 0, gaps = 0, cut_bounded = 0;
  for (int round = 0; round < 1500; ++round) {
    Instance in = Random(rng);
    const LevelledArcs levelled = WithLevels(in, rng, 2);
    const LexicographicWeights& weights = levelled.weights;
    std::vector<int> free;
    for (const auto& h : in.homes) free.push_back(h.free);
    const auto [children, urgency_sum, score] = BruteForceLevels(in, levelled.worth, 0, free);
    const std::vector<int64_t> w = weights.Weights();
    const int64_t optimum = w[0] * children + w[1] * urgency_sum + w[2] * score;
    for (const auto& level_weights : {weights.Weights(), std::vector<int64_t>{}}) {
      const AssignmentResult r = AssignExact(in.needs, in.homes, in.arcs,
                                             {.most_mip_arcs = 4, .level_weights = level_weights});
      ExpectFeasible(in, r);
      ASSERT_LE(r.total, optimum) << "round " << round;
      ASSERT_GE(r.upper_bound, optimum) << "round " << round << ": a bound cut off the optimum";
      if (r.proven_optimal) {
        ASSERT_EQ(r.total, optimum) << "round " << round;
      }
      // Counted with weights only: there the set program also holds the settled levels.
      proven_by_set_program +=
          !level_weights.empty() && r.proven_optimal && r.set_program_parts > 0;
      gaps += !r.proven_optimal;
      cut_bounded += r.cut_bound_parts > 0;
    }
  }
  EXPECT_GT(proven_by_set_program, 50) << "the set program's bound proved optima over levels";
  EXPECT_GT(cut_bounded, 50) << "parts went on to the bound with cuts";
  EXPECT_GT(gaps, 50) << "bounds were checked where the solver stopped short";
}

// Where CBC runs out of nodes (none allowed here: it stops after the root whenever that leaves
// it fractional), the bound it reached over the arcs it had still bounds the part: every
// reported bound holds, and what is proven is the optimum.
TEST(Assignment, BoundsWhereTheSolverRanOutOfNodesHold) {
  std::mt19937 rng(37);
  int stopped = 0;
  for (int round = 0; round < 1500; ++round) {
    Instance in = Random(rng);
    const LevelledArcs levelled = WithLevels(in, rng, 2);
    std::vector<int> free;
    for (const auto& h : in.homes) free.push_back(h.free);
    const auto [children, urgency_sum, score] = BruteForceLevels(in, levelled.worth, 0, free);
    const std::vector<int64_t> w = levelled.weights.Weights();
    const int64_t optimum = w[0] * children + w[1] * urgency_sum + w[2] * score;
    for (const size_t arcs : {size_t{4}, size_t{30000}}) {
      const AssignmentResult r = AssignExact(
          in.needs, in.homes, in.arcs, {.max_nodes = 0, .most_mip_arcs = arcs, .level_weights = w});
      ExpectFeasible(in, r);
      ASSERT_LE(r.total, optimum) << "round " << round;
      ASSERT_GE(r.upper_bound, optimum) << "round " << round << ": a bound cut off the optimum";
      if (r.proven_optimal) {
        ASSERT_EQ(r.total, optimum) << "round " << round;
      }
      stopped += !r.proven_optimal;
    }
  }
  EXPECT_GT(stopped, 20) << "parts were left where the solver stopped";
}

// Every assignment of `in` (each need in no home or along one arc that fits), as the arcs used.
template <typename Visit>
void EachAssignment(const Instance& in, size_t need, std::vector<int>& free,
                    std::vector<size_t>& used, Visit&& visit) {
  if (need == in.needs.size()) return visit(used);
  EachAssignment(in, need + 1, free, used, visit);
  for (size_t k = 0; k < in.arcs.size(); ++k) {
    const AssignmentArc& a = in.arcs[k];
    if (a.need != need || free[a.home] < in.needs[need].slots) continue;
    free[a.home] -= in.needs[need].slots;
    used.push_back(k);
    EachAssignment(in, need + 1, free, used, visit);
    used.pop_back();
    free[a.home] += in.needs[need].slots;
  }
}

// The set program with cuts bounds the last level of the objective, the higher ones held at
// their optimum: by brute force, no assignment meeting those levels scores above the bound, and
// none using an arc scores above the bound less that arc's slack. The cuts tighten the set
// program's own bound on some instances (it mixes sibling groups over homes).
TEST(SetCuts, TheBoundWithCutsAndEveryArcsSlackHoldOnTheLastLevel) {
  std::mt19937 rng(41);
  int tighter = 0;
  for (int round = 0; round < 800; ++round) {
    Instance in = Random(rng);
    const std::vector<int64_t> w = WithLevels(in, rng, 2).weights.Weights();
    std::vector<int> free;
    for (const auto& h : in.homes) free.push_back(h.free);
    std::vector<size_t> used;
    auto levels = [&](const std::vector<size_t>& arcs) {
      std::vector<int64_t> sum(3, 0);
      for (size_t k : arcs) {
        const auto l = LevelsOf(w, in.arcs[k].value);
        for (size_t i = 0; i < 3; ++i) sum[i] += l[i];
      }
      return sum;
    };
    std::vector<int64_t> best{-1, -1, -1};
    std::vector<size_t> best_arcs;
    EachAssignment(in, 0, free, used, [&](const std::vector<size_t>& arcs) {
      if (const auto l = levels(arcs); l > best) std::tie(best, best_arcs) = std::tie(l, arcs);
    });
    const std::vector<int64_t> settled(best.begin(), best.begin() + 2);
    std::vector<int64_t> best_with(in.arcs.size(), INT64_MIN);  // per arc, over the settled
    EachAssignment(in, 0, free, used, [&](const std::vector<size_t>& arcs) {
      const auto l = levels(arcs);
      if (l[0] != settled[0] || l[1] != settled[1]) return;
      for (size_t k : arcs) best_with[k] = std::max(best_with[k], l[2]);
    });
    std::vector<size_t> all(in.arcs.size());
    std::iota(all.begin(), all.end(), 0);
    const CutBound cut =
        BoundWithCuts(in.needs, in.homes, in.arcs, all, {w, 2, settled, 1}, best_arcs);
    ASSERT_GE(cut.bound + 1e-6, static_cast<double>(best[2])) << "round " << round;
    for (const CutBound::Slack& s : cut.slacks) {
      if (best_with[s.arc] == INT64_MIN) continue;
      ASSERT_LE(static_cast<double>(best_with[s.arc]), cut.bound - s.slack + 1e-6)
          << "round " << round << ", arc " << s.arc;
    }
    const int64_t scale = 64;  // as the solver asks for it: whole prices lose little
    const PricedHomes plain(in.needs, in.homes, in.arcs, NeedsOf(in), HomesOf(in), all,
                            {w, 2, settled, scale});
    const auto plain_bound = static_cast<double>(plain.Bound(plain.Converge(best_arcs, 300)));
    tighter += cut.bound < plain_bound / scale - 0.5;
  }
  EXPECT_GT(tighter, 5) << "the cuts tightened the set program's bound";
}

// Many independent parts (a country's regions), some through CBC and the set program: solved on
// several threads, the assignment, its bound and every count are those of one thread.
TEST(Assignment, PartsSolvedOnSeveralThreadsGiveWhatOneThreadGives) {
  std::mt19937 rng(31);
  for (int round = 0; round < 60; ++round) {
    Instance country;
    for (int region = 0; region < 12; ++region) {
      const Instance part = Random(rng);
      const size_t needs = country.needs.size(), homes = country.homes.size();
      country.needs.insert(country.needs.end(), part.needs.begin(), part.needs.end());
      country.homes.insert(country.homes.end(), part.homes.begin(), part.homes.end());
      for (AssignmentArc a : part.arcs) {
        a.need += needs;
        a.home += homes;
        country.arcs.push_back(a);
      }
    }
    const LevelledArcs levelled = WithLevels(country, rng, 3);
    auto solve = [&](int threads) {
      return AssignExact(
          country.needs, country.homes, country.arcs,
          {.most_mip_arcs = 6, .level_weights = levelled.weights.Weights(), .threads = threads});
    };
    const AssignmentResult one = solve(1);
    for (int threads : {2, 5}) {
      const AssignmentResult many = solve(threads);
      ExpectFeasible(country, many);
      EXPECT_EQ(many.home_of_need, one.home_of_need) << "round " << round;
      EXPECT_EQ(std::tie(many.total, many.upper_bound, many.proven_optimal, many.components,
                         many.subproblems, many.set_program_parts, many.cut_bound_parts),
                std::tie(one.total, one.upper_bound, one.proven_optimal, one.components,
                         one.subproblems, one.set_program_parts, one.cut_bound_parts))
          << "round " << round << ", " << threads << " threads";
    }
  }
}

TEST(AssignmentObjective, ParsesLevelsInOrderAndRefusesUnknownOrRepeatedOnes) {
  EXPECT_EQ(ObjectiveText(*ParseObjective("children,urgency,score")), "children,urgency,score");
  EXPECT_EQ(ObjectiveText(*ParseObjective("score,children")), "score,children");
  for (const char* bad : {"", "children,", ",score", "score,score", "scores", "children urgency"}) {
    EXPECT_FALSE(ParseObjective(bad)) << bad;
  }
}

// One child more outweighs any urgency and score the others could lose; one urgency point more
// outweighs any score.
TEST(AssignmentObjective, EachLevelOutweighsEverythingAfterIt) {
  const std::vector<PlacementWorth> best = {{1, 3, 10000}, {4, 3, 10000}, {2, 1, 9000}};
  const LexicographicWeights w(AssignmentObjective{}, best);
  int64_t all_later = 0;
  for (const auto& b : best)
    all_later += w.Value({0, 0, b.score}) + w.Value({b.children, b.urgency, 0}) -
                 w.Value({b.children, 0, 0});
  EXPECT_GT(w.Value({1, 1, 0}) - w.Value({0, 0, 0}), all_later);
  EXPECT_GT(w.Value({1, 2, 0}) - w.Value({1, 1, 0}), w.Value({0, 0, 10000 + 10000 + 9000}));
  EXPECT_EQ(w.Split(w.Value({4, 3, 77})),
            (std::vector<std::pair<ObjectiveLevel, int64_t>>{{ObjectiveLevel::kChildren, 4},
                                                             {ObjectiveLevel::kUrgency, 12},
                                                             {ObjectiveLevel::kScore, 77}}));
}

}  // namespace
}  // namespace fostermatch::matching
