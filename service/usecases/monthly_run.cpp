#include "service/usecases/monthly_run.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <unordered_map>

#include "matching/assignment.h"
#include "matching/parallel.h"
#include "matching/scope.h"
#include "service/errors.h"
#include "service/usecases/long_unplaced.h"

namespace fostermatch::usecases {

using namespace matching;

namespace {

double Round(double v, double scale) { return std::round(v * scale) / scale; }

model::Tally MakeTally(int registered, int placed) {
  return {registered, placed, registered == 0 ? 0.0 : Round(1.0 * placed / registered, 1000)};
}

struct Count {
  int registered = 0;
  int placed = 0;
  void Add(bool has_child) {
    ++registered;
    placed += has_child;
  }
  model::Tally Tally() const { return MakeTally(registered, placed); }
};

// 委託率 and friends: households registered (not withdrawn), those with a child placed now.
void CountHouseholds(const MonthlyRunInput& in, const std::vector<HomeFacts>& facts,
                     model::Statistics& stats) {
  Count all;
  std::map<std::string, Count> by_region, by_type;
  std::map<int64_t, Count> by_agency;
  for (size_t i = 0; i < in.homes.size(); ++i) {
    const FosterParent& fp = in.homes[i].parent;
    if (fp.status == ParentStatus::kWithdrawn) continue;
    const bool placed = facts[i].current_children > 0;
    for (Count* c : {&all, &by_region[fp.region], &by_agency[fp.agency_id]}) c->Add(placed);
    for (std::string_view type : fp.types.Names()) by_type[std::string(type)].Add(placed);
    if (fp.registration_expires_on >= in.today &&
        fp.registration_expires_on <= in.today.AddDays(90)) {
      ++stats.registrations_expiring_within_90_days;
      for (const Gap& g : facts[i].readiness.missing) {
        stats.renewal_training_due_within_90_days += g.kind == GapKind::kRenewalDueSoon;
      }
    }
  }
  stats.households = all.Tally();
  stats.placement_rate = stats.households.rate;
  for (const Region& r : in.regions) {
    stats.by_region.push_back({r.code, r.name_ja, r.name_en, by_region[r.code].Tally()});
  }
  for (const Agency& a : in.agencies) {
    stats.by_agency.push_back({a.id, a.name, by_agency[a.id].Tally()});
  }
  for (const auto& [type, c] : by_type) stats.by_type[type] = c.Tally();
}

model::Statistics Statistics(const MonthlyRunInput& in, const std::vector<HomeFacts>& facts) {
  model::Statistics stats;
  CountHouseholds(in, facts, stats);
  for (const Need& n : in.open_needs) {
    stats.needs_open_over_30_days += n.earliest_start <= in.today.AddDays(-30);
    stats.needs_open_over_90_days += n.earliest_start <= in.today.AddDays(-90);
  }
  if (in.previous) {
    const double before = in.previous->statistics.placement_rate;
    stats.month_over_month = {in.previous->month, before,
                              Round(100 * (stats.placement_rate - before), 10)};
    // Why homes said no to last month's proposals: what the center learns from declines.
    stats.previous_proposals = CountResponses(in.previous->proposals);
    stats.previous_proposals.month = in.previous->month;
  }
  return stats;
}

// The assignment problem: every eligible home whose agency may see the need is an arc, valued
// by the objective's levels. Arcs are appended need by need, so a need's arcs are one range.
struct Problem {
  AssignmentInstance instance;
  std::vector<size_t> first_arc;  // per need, and one past the last arc at the end
  std::optional<LexicographicWeights> weights;
};

// Needs are ranked this many at a time on the run's threads: a block's candidate lists are
// held at once, never the whole run's.
constexpr size_t kRankedAtOnce = 256;

Problem BuildProblem(const MonthlyRunInput& in, const HomeIndex& index,
                     const MonthlyRunOptions& options, const RunProgress& progress) {
  Problem p;
  AssignmentInstance& inst = p.instance;
  inst.objective = options.objective;
  std::unordered_map<size_t, size_t> home_slot;  // index position → inst.homes position
  std::vector<PlacementWorth> best(in.open_needs.size(), PlacementWorth{0, 0, 0});
  const size_t total = in.open_needs.size();
  const int threads = ThreadsOrCores(options.assignment_threads);
  std::vector<RankResult> ranked;
  for (size_t first = 0; first < total; first += kRankedAtOnce) {
    ranked.assign(std::min(kRankedAtOnce, total - first), {});
    ForEachOnThreads(ranked.size(), threads, [&](size_t k) {
      ranked[k] = index.Rank(in.open_needs[first + k], {SIZE_MAX, std::nullopt, /*explain=*/false,
                                                        /*reachable_only=*/true});
    });
    for (size_t k = 0; k < ranked.size(); ++k) {  // in need order: the same on any threads
      const size_t n = first + k;
      const Need& need = in.open_needs[n];
      p.first_arc.push_back(inst.arcs.size());
      inst.needs.push_back({need.id, need.siblings});
      for (const Candidate& c : ranked[k].candidates) {
        if (!AgencyMaySeeNeed(need, c.agency_id, in.agencies)) continue;
        const size_t i = *index.Find(c.foster_parent_id);
        auto [it, fresh] = home_slot.emplace(i, inst.homes.size());
        if (fresh) inst.homes.push_back({c.foster_parent_id, index.free_places(i)});
        inst.arcs.push_back({n, it->second, 0});
        inst.worth.push_back({need.siblings, need.urgency, std::llround(c.score * 100)});
        best[n] = {need.siblings, need.urgency, std::max(best[n].score, inst.worth.back().score)};
      }
    }
    if (progress) progress("ranking needs", first + ranked.size(), total);
  }
  p.first_arc.push_back(inst.arcs.size());
  p.weights.emplace(options.objective, best);
  inst.level_weights = p.weights->Weights();
  for (size_t a = 0; a < inst.arcs.size(); ++a) {
    inst.arcs[a].value = p.weights->Value(inst.worth[a]);
  }
  return p;
}

std::map<std::string, int> ExcludedByRule(const RankResult& r) {
  std::map<std::string, int> excluded;
  for (size_t e = 0; e < kExclusionCount; ++e) {
    if (r.excluded[e] > 0)
      excluded[std::string(ExclusionName(static_cast<Exclusion>(e)))] = r.excluded[e];
  }
  return excluded;
}

// Why a need got no proposal: no home passes its rules; or the homes that do belong to agencies
// the need is not shared with; or every such home was given to other needs.
std::string UnassignedReason(const RankResult& full, bool had_arcs) {
  if (full.eligible == 0) return "no_eligible_home";
  return had_arcs ? "eligible_homes_taken" : "eligible_homes_not_shared";
}

void AddProposalsAndUnassigned(const MonthlyRunInput& in, const HomeIndex& index, const Problem& p,
                               const AssignmentResult& a, model::MonthlyRun& run) {
  std::unordered_map<int64_t, const HomeInput*> home_by_id;
  for (const HomeInput& h : in.homes) home_by_id[h.parent.id] = &h;
  const AssignmentInstance& inst = p.instance;
  for (size_t n = 0; n < in.open_needs.size(); ++n) {
    const Need& need = in.open_needs[n];
    if (auto h = a.home_of_need[n]) {
      const FosterParent& home = home_by_id.at(inst.homes[*h].id)->parent;
      double score = 0;
      for (size_t arc = p.first_arc[n]; arc < p.first_arc[n + 1]; ++arc) {
        if (inst.arcs[arc].home == *h) score = static_cast<double>(inst.worth[arc].score) / 100;
      }
      run.proposals.push_back({0, need.id, need.case_ref, need.region, need.siblings, home.id,
                               home.agency_id, home.household_name, home.region, score,
                               std::nullopt, ""});
      run.summary.total_score += score;
      run.summary.children_placed += need.siblings;
      run.summary.sibling_groups_placed += need.siblings > 1;
    } else {
      // The ranking pruned far regions; the center sees every home's first failing rule.
      const RankResult full = index.Rank(need, {0, std::nullopt, false, false});
      run.unassigned.push_back({need.id, need.case_ref, need.region,
                                UnassignedReason(full, p.first_arc[n] < p.first_arc[n + 1]),
                                full.evaluated, full.eligible, ExcludedByRule(full)});
    }
  }
  run.summary.total_score = Round(run.summary.total_score, 100);
}

void AddLongUnplaced(const MonthlyRunInput& in, const HomeIndex& index, model::MonthlyRun& run,
                     const RunProgress& progress) {
  std::unordered_map<int64_t, const HomeInput*> home_by_id;
  for (const HomeInput& h : in.homes) home_by_id[h.parent.id] = &h;
  for (size_t a = 0; a < in.agencies.size(); ++a) {
    const int64_t agency_id = in.agencies[a].id;
    std::vector<Need> visible;
    for (const Need& n : in.open_needs) {
      if (AgencyMaySeeNeed(n, agency_id, in.agencies)) visible.push_back(n);
    }
    auto& items = run.long_unplaced[std::to_string(agency_id)];
    for (const auto& e : index.LongUnplaced(in.homes, visible, agency_id)) {
      items.push_back(ToLongUnplacedItem(e, *home_by_id.at(e.foster_parent_id)));
    }
    if (progress) progress("long-unplaced lists", a + 1, in.agencies.size());
  }
}

void Describe(const MonthlyRunInput& in, const MonthlyRunOptions& options, model::MonthlyRun& run) {
  run.month = options.month;
  run.today = in.today.ToString();
  for (const Agency& a : in.agencies) run.agencies.push_back({a.id, a.name});
  const ScoreWeights& w = in.policy.weights;
  run.policy = {ObjectiveText(options.objective), w.proximity, w.readiness, w.waiting, w.fit,
                in.policy.long_unplaced_months};
}

// The first level on which the bound exceeds the assignment, and by how much.
void SetGap(const LexicographicWeights& weights, const AssignmentResult& a, model::RunSummary& s) {
  const auto bound = weights.Split(a.upper_bound), found = weights.Split(a.total);
  for (size_t l = 0; l < bound.size() && !a.proven_optimal; ++l) {
    if (bound[l].second == found[l].second) continue;
    const ObjectiveLevel level = bound[l].first;
    s.optimality_gap_level = std::string(ObjectiveLevelName(level));
    const auto gap = static_cast<double>(bound[l].second - found[l].second);
    s.optimality_gap = level == ObjectiveLevel::kScore ? gap / 100 : gap;
    return;
  }
}

}  // namespace

Date RunDate(const std::string& month, Date today) {
  auto first = ParseMonth(month);
  if (!first) throw ValidationError("month", "must be YYYY-MM from 1900-01 to 2200-12");
  const Date this_month = Date::FromYmd(today.year(), today.month(), 1);
  if (*first < this_month) {
    throw ValidationError("month", "has passed; its run stays as it was made (this month is " +
                                       this_month.ToString().substr(0, 7) + ")");
  }
  return *first == this_month ? today : *first;
}

model::MonthlyRun ComputeMonthlyRun(const MonthlyRunInput& in, const MonthlyRunOptions& options,
                                    const RunProgress& progress, AssignmentInstance* instance) {
  model::MonthlyRun run;
  Describe(in, options, run);
  auto regions = std::make_shared<RegionDistances>(in.regions, in.travel);
  HomeIndex index(in.homes, regions, in.today, in.policy);
  const Problem problem = BuildProblem(in, index, options, progress);
  if (progress) progress("assigning", 0, 1);
  const AssignmentInstance& inst = problem.instance;
  const AssignmentResult a = AssignExact(inst.needs, inst.homes, inst.arcs,
                                         {.max_nodes = options.assignment_budget,
                                          .level_weights = inst.level_weights,
                                          .threads = ThreadsOrCores(options.assignment_threads)});
  if (progress) progress("assigning", 1, 1);
  AddProposalsAndUnassigned(in, index, problem, a, run);
  AddLongUnplaced(in, index, run, progress);
  run.statistics = ComputeStatistics(in);
  model::RunSummary& s = run.summary;
  s.open_needs = static_cast<int>(in.open_needs.size());
  s.proposals = static_cast<int>(run.proposals.size());
  s.unassigned = s.open_needs - s.proposals;
  s.homes = static_cast<int>(in.homes.size());
  s.arcs = static_cast<int64_t>(inst.arcs.size());
  s.components = a.components;
  s.flow_problems_solved = a.subproblems;
  s.proven_optimal = a.proven_optimal;
  SetGap(*problem.weights, a, s);
  s.assignment_budget = options.assignment_budget;
  if (instance) *instance = inst;
  return run;
}

void HoldPlaces(const std::vector<Placement>& held, Date today, std::span<HomeInput> homes) {
  for (Placement p : held) {
    auto home = std::lower_bound(homes.begin(), homes.end(), p.foster_parent_id,
                                 [](const HomeInput& h, int64_t id) { return h.parent.id < id; });
    if (home == homes.end() || home->parent.id != p.foster_parent_id) continue;
    p.started_on = std::max(p.started_on, today.AddDays(1));
    home->placements.push_back(p);
  }
}

model::Statistics ComputeStatistics(const MonthlyRunInput& in) {
  std::vector<HomeFacts> facts;
  facts.reserve(in.homes.size());
  for (const HomeInput& h : in.homes) {
    facts.push_back(DeriveHomeFacts(h.parent, h.trainings, h.placements, in.today,
                                    in.policy.readiness, in.policy.long_unplaced_months));
  }
  return Statistics(in, facts);
}

model::ProposalResponses CountResponses(const std::vector<model::Proposal>& proposals) {
  model::ProposalResponses r;
  for (const auto& p : proposals) {
    if (p.response == "accept") ++r.accepted;
    if (p.response == "decline") {
      ++r.declined;
      ++r.declines_by_reason[p.response_reason.empty() ? "other" : p.response_reason];
    }
  }
  return r;
}

model::MonthlyRun AgencyPart(model::MonthlyRun run, int64_t agency_id) {
  std::erase_if(run.proposals, [&](const model::Proposal& p) { return p.agency_id != agency_id; });
  const std::string key = std::to_string(agency_id);
  std::erase_if(run.long_unplaced, [&](const auto& entry) { return entry.first != key; });
  run.unassigned.clear();
  std::erase_if(run.statistics.by_agency,
                [&](const model::AgencyTally& a) { return a.agency_id != agency_id; });
  run.responses = CountResponses(run.proposals);
  return run;
}

}  // namespace fostermatch::usecases
