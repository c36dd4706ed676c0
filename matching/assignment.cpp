#include "matching/assignment.h"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>
#include <queue>
#include <stdexcept>
#include <string>
#include <tuple>
#include <unordered_map>

#include "matching/assignment_mip.h"
#include "matching/parallel.h"
#include "matching/priced_homes.h"
#include "matching/set_cuts.h"

namespace fostermatch::matching {
namespace {

// Per-place costs must be integers: a need's value is spread over its places, so values are
// scaled by lcm(1..4) and divided by the group size.
constexpr int64_t kScale = 12;
// Local search on the rounded relaxation: how many passes over the needs at most.
constexpr int kImprovePasses = 10;
// Targets: the first is this fraction of the gap below the bound, each next one kTargetsBetween
// times further. Few arcs can reach a target near the bound, so the first solves are small, and
// the first target is usually reached: on the national run, starting at a quarter of the gap
// took CBC 10.3 s over 270,000 arcs in all, at a 64th 6.5 s over 200,000 (more, smaller solves).
constexpr int64_t kFirstTargetShare = 64;
constexpr int64_t kTargetsBetween = 4;
// Level values are multiplied by this in the set program's bound, so that rounding its prices
// to whole numbers loses little of the bound.
constexpr int64_t kLevelScale = 64;

AssignmentResult Greedy(const std::vector<AssignmentNeed>& needs,
                        const std::vector<AssignmentHome>& homes,
                        const std::vector<AssignmentArc>& arcs,
                        const std::vector<size_t>& arc_ids) {
  std::vector<size_t> order = arc_ids;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return arcs[a].value > arcs[b].value; });
  AssignmentResult r;
  r.home_of_need.assign(needs.size(), std::nullopt);
  std::vector<int> free(homes.size());
  for (size_t h = 0; h < homes.size(); ++h) free[h] = homes[h].free;
  for (size_t a : order) {
    const AssignmentArc& arc = arcs[a];
    if (r.home_of_need[arc.need] || free[arc.home] < needs[arc.need].slots || arc.value <= 0) {
      continue;
    }
    r.home_of_need[arc.need] = arc.home;
    free[arc.home] -= needs[arc.need].slots;
    r.total += arc.value;
  }
  return r;
}

// What solving a part of the problem proved: the value of the assignment it wrote, an upper
// bound on the part's optimum, and whether they meet.
struct PartOutcome {
  int64_t total = 0;
  int64_t upper = 0;
  bool proven = true;
};

// One connected part's flow relaxation, and the incumbent rounded from it.
class Component {
 public:
  Component(const std::vector<AssignmentNeed>& needs, const std::vector<AssignmentHome>& homes,
            const std::vector<AssignmentArc>& arcs, std::vector<size_t> need_ids,
            std::vector<size_t> home_ids, std::vector<size_t> arc_ids)
      : needs_(needs),
        homes_(homes),
        arcs_(arcs),
        need_ids_(std::move(need_ids)),
        home_ids_(std::move(home_ids)),
        arc_ids_(std::move(arc_ids)) {}

  // Solves the flow relaxation and sets the incumbent (greedy, or the relaxation rounded and
  // improved). Returns false when the relaxation is a whole assignment, which is then optimal;
  // otherwise sets `prices` to what the relaxation's duals say each need is worth (per need, in
  // the order of the part's needs): the starting prices of the stronger per-home bound.
  bool Root(std::vector<double>& prices) {
    BuildGraph();
    StartFromGreedy();
    Relaxation relax;
    SolveRelaxation(relax, &prices);  // always feasible: the bypass places nobody
    root_bound_ = relax.scaled_value / kScale;
    if (!AnySplit(relax)) {
      best_total_ = root_bound_;
      for (size_t n : need_ids_) best_[n] = relax.home_of_need.at(n);
      return false;
    }
    RoundToIncumbent(relax);
    return true;
  }

  int64_t best_total() const { return best_total_; }
  int64_t root_bound() const { return root_bound_; }

  int solved() const { return solved_; }

  // Writes the incumbent into `result` for this component's needs.
  void WriteIncumbent(AssignmentResult& result) const {
    for (size_t n : need_ids_) result.home_of_need[n] = best_.at(n);
  }

 private:
  struct Relaxation {
    int64_t scaled_value = 0;
    std::unordered_map<size_t, std::vector<std::pair<size_t, int>>> flow_of_need;  // arc, units
    std::unordered_map<size_t, std::optional<size_t>> home_of_need;
  };
  // The greedy assignment is the first incumbent.
  void StartFromGreedy() {
    AssignmentResult greedy = Greedy(needs_, homes_, arcs_, arc_ids_);
    best_total_ = greedy.total;
    for (size_t n : need_ids_) best_[n] = greedy.home_of_need[n];
  }

  // The part's flow network: a need sends one unit per place to its homes' places.
  void BuildGraph() {
    source_ = graph_.addNode();
    sink_ = graph_.addNode();
    std::unordered_map<size_t, Node> home_node;
    supply_ = 0;
    for (size_t n : need_ids_) {
      need_node_[n] = graph_.addNode();
      const Arc a = graph_.addArc(source_, need_node_[n]);
      lower_[a] = 0;
      upper_[a] = needs_[n].slots;
      cost_[a] = 0;
      supply_ += needs_[n].slots;
    }
    for (size_t h : home_ids_) {
      home_node[h] = graph_.addNode();
      const Arc a = graph_.addArc(home_node[h], sink_);
      lower_[a] = 0;
      upper_[a] = homes_[h].free;
      cost_[a] = 0;
    }
    const Arc bypass = graph_.addArc(source_, sink_);  // places nobody: unassigned needs
    lower_[bypass] = 0;
    upper_[bypass] = supply_;
    cost_[bypass] = 0;
    for (size_t i : arc_ids_) {
      const AssignmentArc& in = arcs_[i];
      const Arc a = graph_.addArc(need_node_[in.need], home_node[in.home]);
      cost_[a] = -in.value * (kScale / needs_[in.need].slots);
      lower_[a] = 0;
      upper_[a] = in.value > 0 ? needs_[in.need].slots : 0;
      arcs_of_need_[in.need].push_back(assignment_arcs_.size());
      value_of_[Key(in.need, in.home)] = in.value;
      assignment_arcs_.push_back({a, i});
    }
  }

  // The flow relaxation; with `prices`, also each need's worth by the solver's node potentials:
  // the potential drop from the source to the need, per place, times its places.
  void SolveRelaxation(Relaxation& out, std::vector<double>* prices = nullptr) {
    ++solved_;
    lemon::NetworkSimplex<lemon::SmartDigraph, int64_t, int64_t> ns(graph_);
    ns.lowerMap(lower_).upperMap(upper_).costMap(cost_).stSupply(source_, sink_, supply_);
    ns.run();
    out.scaled_value = -ns.totalCost();
    for (size_t n : need_ids_) out.home_of_need[n] = std::nullopt;
    for (const auto& [a, i] : assignment_arcs_) {
      const int64_t units = ns.flow(a);
      if (units > 0) out.flow_of_need[arcs_[i].need].push_back({i, static_cast<int>(units)});
    }
    if (!prices) return;
    prices->clear();
    for (size_t n : need_ids_) {
      const int64_t drop = ns.potential(need_node_.at(n)) - ns.potential(source_);
      prices->push_back(std::max<double>(0, static_cast<double>(drop) * needs_[n].slots / kScale));
    }
  }

  // A feasible assignment near the relaxation: keep the groups it placed whole, then place the
  // split ones greedily where they still fit. Raises the incumbent when better.
  void RoundToIncumbent(const Relaxation& relax) {
    std::unordered_map<size_t, int> used;
    std::unordered_map<size_t, std::optional<size_t>> chosen;
    int64_t total = 0;
    std::vector<size_t> split_needs;
    for (size_t n : need_ids_) {
      chosen[n] = std::nullopt;
      auto it = relax.flow_of_need.find(n);
      if (it == relax.flow_of_need.end()) continue;
      const auto& flows = it->second;
      if (flows.size() == 1 && flows[0].second == needs_[n].slots) {
        const AssignmentArc& a = arcs_[flows[0].first];
        chosen[n] = a.home;
        used[a.home] += needs_[n].slots;
        total += a.value;
      }
    }
    for (size_t n : need_ids_) {
      if (!chosen[n]) split_needs.push_back(n);
    }
    // The rest, largest groups first (they are the hardest to fit), each to its best home that
    // still has room, among all its homes: the children placed rarely fall short of the bound.
    std::stable_sort(split_needs.begin(), split_needs.end(),
                     [&](size_t a, size_t b) { return needs_[a].slots > needs_[b].slots; });
    for (size_t n : split_needs) {
      const AssignmentArc* best = nullptr;
      for (size_t k : arcs_of_need_[n]) {
        const AssignmentArc& a = arcs_[assignment_arcs_[k].second];
        if (a.value > 0 && used[a.home] + needs_[n].slots <= homes_[a.home].free &&
            (!best || a.value > best->value)) {
          best = &a;
        }
      }
      if (best) {
        chosen[n] = best->home;
        used[best->home] += needs_[n].slots;
        total += best->value;
      }
    }
    Repair(chosen, used, total);
    Improve(chosen, used, total);
    if (total > best_total_) {
      best_total_ = total;
      best_ = std::move(chosen);
    }
  }

  // Makes room for needs still without a home: moves people already placed in one of the need's
  // homes to other homes of theirs with room, when what the need adds outweighs what the moves
  // lose (one level of ejection; with children placed first this seats a large sibling group
  // that smaller needs had crowded out).
  void Repair(std::unordered_map<size_t, std::optional<size_t>>& chosen,
              std::unordered_map<size_t, int>& used, int64_t& total) const {
    std::unordered_map<size_t, std::vector<size_t>> occupants;
    for (size_t n : need_ids_) {
      if (chosen[n]) occupants[*chosen[n]].push_back(n);
    }
    for (size_t n : need_ids_) {
      if (chosen[n]) continue;
      for (size_t k : arcs_of_need_.at(n)) {
        const AssignmentArc& target = arcs_[assignment_arcs_[k].second];
        if (target.value <= 0) continue;
        // Each occupant of the target home that can move: where to, and what it loses.
        std::vector<std::tuple<int64_t, size_t, size_t>> moves;  // loss, occupant, new home
        int room = homes_[target.home].free - used[target.home];
        std::unordered_map<size_t, int> planned;  // places the moves take elsewhere
        for (size_t m : occupants[target.home]) {
          if (room >= needs_[n].slots) break;
          const int64_t now = *ValueOf(m, target.home);
          const AssignmentArc* to = nullptr;
          for (size_t km : arcs_of_need_.at(m)) {
            const AssignmentArc& a = arcs_[assignment_arcs_[km].second];
            if (a.home != target.home && a.value > 0 &&
                used[a.home] + planned[a.home] + needs_[m].slots <= homes_[a.home].free &&
                (!to || a.value > to->value)) {
              to = &a;
            }
          }
          if (!to) continue;
          planned[to->home] += needs_[m].slots;
          room += needs_[m].slots;
          moves.emplace_back(now - to->value, m, to->home);
        }
        if (room < needs_[n].slots) continue;
        int64_t loss = 0;
        for (const auto& [l, m, h] : moves) loss += l;
        if (target.value <= loss) continue;
        for (const auto& [l, m, h] : moves) {
          used[target.home] -= needs_[m].slots;
          used[h] += needs_[m].slots;
          chosen[m] = h;
          occupants[h].push_back(m);
          std::erase(occupants[target.home], m);
        }
        chosen[n] = target.home;
        used[target.home] += needs_[n].slots;
        occupants[target.home].push_back(n);
        total += target.value - loss;
        break;
      }
    }
  }

  static uint64_t Key(size_t need, size_t home) { return (uint64_t{need} << 32) | home; }
  std::optional<int64_t> ValueOf(size_t need, size_t home) const {
    auto it = value_of_.find(Key(need, home));
    return it == value_of_.end() ? std::nullopt : std::optional<int64_t>(it->second);
  }

  // Local search on a whole assignment: a need moves to a better home with room, or two needs
  // trade homes, while that raises the total. Cheap next to a flow solve, and it closes much of
  // what rounding leaves on the table, so the bound meets it sooner.
  void Improve(std::unordered_map<size_t, std::optional<size_t>>& chosen,
               std::unordered_map<size_t, int>& used, int64_t& total) const {
    std::unordered_map<size_t, std::vector<size_t>> occupants;
    for (size_t n : need_ids_) {
      if (chosen[n]) occupants[*chosen[n]].push_back(n);
    }
    auto move = [&](size_t n, size_t from, size_t to) {
      used[from] -= needs_[n].slots;
      used[to] += needs_[n].slots;
      std::erase(occupants[from], n);
      occupants[to].push_back(n);
      chosen[n] = to;
    };
    for (int pass = 0; pass < kImprovePasses; ++pass) {
      bool improved = false;
      for (size_t n : need_ids_) {
        if (!chosen[n]) continue;
        for (size_t k : arcs_of_need_.at(n)) {
          const size_t a = *chosen[n];
          const AssignmentArc& to = arcs_[assignment_arcs_[k].second];
          if (to.home == a) continue;
          const int64_t now = *ValueOf(n, a);
          const int s = needs_[n].slots;
          if (used[to.home] + s <= homes_[to.home].free) {
            if (to.value > now) {
              total += to.value - now;
              move(n, a, to.home);
              improved = true;
            }
            continue;
          }
          for (size_t m : occupants[to.home]) {
            const auto back = ValueOf(m, a);
            const int sm = needs_[m].slots;
            if (!back || used[a] - s + sm > homes_[a].free ||
                used[to.home] - sm + s > homes_[to.home].free) {
              continue;
            }
            const int64_t gain = to.value + *back - now - *ValueOf(m, to.home);
            if (gain <= 0) continue;
            total += gain;
            move(m, to.home, a);
            move(n, a, to.home);
            improved = true;
            break;
          }
        }
      }
      if (!improved) return;
    }
  }

  // Whether some need's flow is split over homes or covers only part of it; records the homes
  // of the needs placed whole.
  bool AnySplit(Relaxation& relax) const {
    for (size_t n : need_ids_) {
      auto it = relax.flow_of_need.find(n);
      if (it == relax.flow_of_need.end()) continue;
      const auto& flows = it->second;
      if (flows.size() == 1 && flows[0].second == needs_[n].slots) {
        relax.home_of_need[n] = arcs_[flows[0].first].home;
        continue;
      }
      return true;
    }
    return false;
  }

  const std::vector<AssignmentNeed>& needs_;
  const std::vector<AssignmentHome>& homes_;
  const std::vector<AssignmentArc>& arcs_;
  std::vector<size_t> need_ids_, home_ids_, arc_ids_;
  using Node = lemon::SmartDigraph::Node;
  using Arc = lemon::SmartDigraph::Arc;
  lemon::SmartDigraph graph_;
  lemon::SmartDigraph::ArcMap<int64_t> lower_{graph_}, upper_{graph_}, cost_{graph_};
  Node source_, sink_;
  int64_t supply_ = 0;
  std::unordered_map<size_t, Node> need_node_;                    // per need
  std::vector<std::pair<Arc, size_t>> assignment_arcs_;           // graph arc, input arc
  std::unordered_map<size_t, std::vector<size_t>> arcs_of_need_;  // need → assignment_arcs_
  std::unordered_map<uint64_t, int64_t> value_of_;  // Key(need, home) → the arc's value
  std::unordered_map<size_t, std::optional<size_t>> best_;
  int64_t best_total_ = 0;
  int64_t root_bound_ = 0;
  int solved_ = 0;
};

// Union-find over needs and homes (homes offset by the number of needs).
struct Components {
  std::vector<size_t> parent;
  explicit Components(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t Find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void Join(size_t a, size_t b) { parent[Find(a)] = Find(b); }
};

struct Parts {
  std::vector<size_t> needs, homes, arcs;
};

// The connected components of the graph of `arc_ids`, each with its needs, homes and arcs in
// input order.
std::vector<Parts> SplitIntoParts(const std::vector<AssignmentNeed>& needs,
                                  const std::vector<AssignmentHome>& homes,
                                  const std::vector<AssignmentArc>& arcs,
                                  const std::vector<size_t>& arc_ids) {
  Components uf(needs.size() + homes.size());
  for (size_t i : arc_ids) uf.Join(arcs[i].need, needs.size() + arcs[i].home);
  std::unordered_map<size_t, size_t> index_of_root;
  std::vector<Parts> parts;
  std::vector<char> seen(needs.size() + homes.size(), 0);
  for (size_t i : arc_ids) {
    auto [it, fresh] = index_of_root.emplace(uf.Find(arcs[i].need), parts.size());
    if (fresh) parts.emplace_back();
    Parts& p = parts[it->second];
    p.arcs.push_back(i);
    seen[arcs[i].need] = seen[needs.size() + arcs[i].home] = 1;
  }
  for (size_t n = 0; n < needs.size(); ++n) {
    if (seen[n]) parts[index_of_root.at(uf.Find(n))].needs.push_back(n);
  }
  for (size_t h = 0; h < homes.size(); ++h) {
    if (seen[needs.size() + h])
      parts[index_of_root.at(uf.Find(needs.size() + h))].homes.push_back(h);
  }
  return parts;
}

struct Problem {
  const std::vector<AssignmentNeed>& needs;
  const std::vector<AssignmentHome>& homes;
  const std::vector<AssignmentArc>& arcs;
  const AssignmentOptions& options;
};

// A value's parts on each level, highest first (one level when there are no weights).
std::vector<int64_t> Levels(const AssignmentOptions& o, int64_t value) {
  return LevelsOf(o.level_weights, value);
}

// Where the search between incumbent and bound runs: on whole values, or on the last level of
// the objective once every higher level is settled (incumbent and bound agree on it), where
// numbers are small and the set program's bound is exact.
struct Space {
  int64_t bound = 0;  // on this space's values, times `scale`
  int64_t scale = 1;
  std::vector<PricedHomes::ArcSlack> slacks;    // smallest first
  std::optional<std::vector<int64_t>> settled;  // the settled levels' sums, in level space
};

// What the solver must reach on each level for an assignment worth at least `target` in
// `space` when none is worth more than `upper` there: in level space the settled levels are
// pinned; on whole values the leading levels on which target and upper agree are.
std::vector<LevelTarget> TargetLevels(const Problem& pb, const Space& space,
                                      const std::vector<size_t>& arc_ids, int64_t target,
                                      int64_t upper) {
  const size_t count = std::max<size_t>(1, pb.options.level_weights.size());
  std::vector<LevelTarget> levels(count);
  if (space.settled) {
    for (size_t l = 0; l + 1 < count; ++l) levels[l] = {{}, (*space.settled)[l], true};
    levels.back().at_least = target;
  } else {
    const auto low = Levels(pb.options, target), high = Levels(pb.options, upper);
    bool settled = true;
    for (size_t l = 0; l < count; ++l) {
      levels[l].at_least = settled ? low[l] : 0;
      levels[l].pinned = settled && low[l] == high[l];
      settled = levels[l].pinned;
    }
  }
  for (size_t a : arc_ids) {
    const auto worth = Levels(pb.options, pb.arcs[a].value);
    for (size_t l = 0; l < count; ++l) levels[l].worth.push_back(worth[l]);
  }
  return levels;
}

// Per-home bounds need each home's room small enough to enumerate its best sets.
void CheckRoom(const std::vector<AssignmentHome>& homes) {
  for (const AssignmentHome& h : homes) {
    if (h.free > kMaxHomeRoom) {
      throw std::invalid_argument("a home has more than " + std::to_string(kMaxHomeRoom) +
                                  " free places");
    }
  }
}

// The search in one part: the best assignment so far (written into the result), and what the
// solver may still use.
class PartSearch {
 public:
  PartSearch(const Problem& pb, const Parts& part, AssignmentResult& result, int64_t best)
      : pb_(pb), part_(part), result_(result), best_(best) {}

  int64_t best() const { return best_; }

  // The arcs the incumbent uses.
  std::vector<size_t> IncumbentArcs() const {
    std::vector<size_t> arcs;
    for (size_t a : part_.arcs) {
      if (result_.home_of_need[pb_.arcs[a].need] == pb_.arcs[a].home) arcs.push_back(a);
    }
    return arcs;
  }

  // The best assignment over the first `count` arcs of `space`'s slacks that is worth at least
  // `target` there; kept if better than the incumbent. Returns CBC's outcome and what the
  // assignment found is worth in `space` (0 if none).
  std::pair<MipOutcome, int64_t> Solve(const Space& space, size_t count, int64_t target,
                                       int64_t upper) {
    const std::vector<size_t> arcs = Nearest(space, count);
    MipOutcome mip =
        MaximiseLevels(pb_.needs, pb_.homes, pb_.arcs, arcs,
                       TargetLevels(pb_, space, arcs, target, upper), pb_.options.max_nodes);
    result_.subproblems += static_cast<int>(mip.nodes) + 1;
    const int64_t found = Keep(mip.chosen);
    const int64_t worth = mip.chosen.empty() ? 0 : InSpace(space, found);
    return {std::move(mip), worth};
  }

  // The first `count` arcs of `space`'s slacks, in input order.
  static std::vector<size_t> Nearest(const Space& space, size_t count) {
    std::vector<size_t> arcs;
    for (size_t k = 0; k < count; ++k) arcs.push_back(space.slacks[k].arc);
    std::sort(arcs.begin(), arcs.end());
    return arcs;
  }

  // An assignment of some of the part's needs (its arcs), kept if better than the incumbent.
  // Returns its value.
  int64_t Keep(const std::vector<size_t>& chosen) {
    int64_t found = 0;
    for (size_t a : chosen) found += pb_.arcs[a].value;
    if (!chosen.empty() && found > best_) {
      best_ = found;
      for (size_t n : part_.needs) result_.home_of_need[n] = std::nullopt;
      for (size_t a : chosen) result_.home_of_need[pb_.arcs[a].need] = pb_.arcs[a].home;
    }
    return found;
  }

  // The most an assignment over a stopped solve's arcs is worth in `space`, when CBC stopped on
  // the last level with a bound (every higher level then held where it was).
  std::optional<int64_t> MostOver(const Space& space, const MipOutcome& mip) const {
    const std::vector<int64_t>& at_most = mip.stopped_at_most;
    const std::vector<int64_t>& weights = pb_.options.level_weights;
    if (at_most.size() != std::max<size_t>(1, weights.size())) return std::nullopt;
    if (space.settled || weights.empty()) return at_most.back();
    int64_t value = 0;
    for (size_t l = 0; l < weights.size(); ++l) value += at_most[l] * weights[l];
    return value;
  }

  int64_t InSpace(const Space& space, int64_t value) const {
    return space.settled ? Levels(pb_.options, value).back() : value;
  }

 private:
  const Problem& pb_;
  const Parts& part_;
  AssignmentResult& result_;
  int64_t best_;
};

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

// How many arcs, by the slacks' order, an assignment worth `target` in `space` can use.
size_t Reaching(const Space& space, int64_t target) {
  const PricedHomes::ArcSlack last{space.bound - target * space.scale, SIZE_MAX};
  return static_cast<size_t>(std::upper_bound(space.slacks.begin(), space.slacks.end(), last) -
                             space.slacks.begin());
}

// The best assignment over the first `count` arcs of `space`'s slacks worth more than the
// incumbent. Returns the bound it leaves: an assignment outside those arcs is worth at most
// bound − (the first slack left out).
int64_t SolveNearest(PartSearch& search, const Space& space, size_t count, int64_t upper) {
  const int64_t best = search.InSpace(space, search.best());
  const auto [mip, found] = search.Solve(space, count, best + 1, upper);
  int64_t over_these = found;  // the most an assignment over these arcs is worth
  if (mip.status == MipOutcome::Status::kStopped) {
    const auto most = search.MostOver(space, mip);
    if (!most) return upper;
    over_these = *most;
  }
  const int64_t left_out = count == space.slacks.size()
                               ? best
                               : FloorDiv(space.bound - space.slacks[count].slack, space.scale);
  return std::min(upper, std::max({best, over_these, left_out}));
}

// Searches between the incumbent and `upper` (in `space`): targets nearest the bound first,
// each solved exactly over the arcs that can reach it (few near the bound); the first target
// reached is the optimum, each one missed lowers the bound below it. When even a target next to
// the bound needs more arcs than the solver takes: one solve over as many as it takes, nearest
// first (usually a far better incumbent, and a lower bound). Returns the bound left (the
// incumbent's value if proven) and whether it is proven.
std::pair<int64_t, bool> SearchTargets(const Problem& pb, PartSearch& search, const Space& space,
                                       int64_t upper) {
  const size_t most = pb.options.most_mip_arcs;
  int64_t best = search.InSpace(space, search.best());
  int64_t step = std::max<int64_t>(1, (upper - best) / kFirstTargetShare);
  while (upper > best) {
    int64_t target = std::max(best + 1, upper - step);
    while (Reaching(space, target) > most && target < upper) {  // aim nearer the bound
      step /= kTargetsBetween;
      target = std::max(best + 1, upper - step);
    }
    const size_t count = Reaching(space, target);
    if (count > most) {
      upper = SolveNearest(search, space, std::min(most, space.slacks.size()), upper);
      best = search.InSpace(space, search.best());
      return {std::max(upper, best), upper <= best};
    }
    const auto [mip, found] = search.Solve(space, count, target, upper);
    best = std::max(best, found);
    if (mip.status == MipOutcome::Status::kStopped) {
      // Nothing outside these arcs reaches the target; over them, CBC's bound holds.
      const auto most = search.MostOver(space, mip);
      return {most ? std::max(best, std::min(upper, std::max(target - 1, *most))) : upper, false};
    }
    // Every assignment worth the target uses only these arcs and meets these levels, so the
    // best among them is the optimum if it reaches the target; if not, nothing does.
    if (found >= target) return {best, true};
    upper = target - 1;
    step = std::max<int64_t>(1, step) * kTargetsBetween;
  }
  return {best, true};
}

// The bound with cuts as a space for the search, in whole numbers times kLevelScale: the bound
// rounded up and the slacks down, past the margin of their floating-point sums.
Space SpaceOf(const CutBound& cut, const std::vector<int64_t>& settled) {
  constexpr double kMargin = 1e-3;
  const double scale = static_cast<double>(kLevelScale);
  Space space{
      static_cast<int64_t>(std::ceil((cut.bound + kMargin) * scale)), kLevelScale, {}, settled};
  for (const CutBound::Slack& s : cut.slacks) {
    const double slack = std::isinf(s.slack) ? 1e15 : (s.slack - kMargin) * scale;
    space.slacks.push_back({std::max<int64_t>(0, static_cast<int64_t>(std::floor(slack))), s.arc});
  }
  std::sort(space.slacks.begin(), space.slacks.end());
  return space;
}

// One part: the flow relaxation (optimal when whole) and its rounded incumbent; per-home bounds
// from prices started at the relaxation's duals, and the search between them. If that leaves a
// gap and only the last level is open, the set program's exact bound on that level alone, and
// the search again on it.
PartOutcome SolvePart(const Problem& pb, const Parts& part, AssignmentResult& result) {
  Component flow(pb.needs, pb.homes, pb.arcs, part.needs, part.homes, part.arcs);
  std::vector<double> start;
  const bool split = flow.Root(start);
  result.subproblems += flow.solved();
  flow.WriteIncumbent(result);
  if (!split) return {flow.best_total(), flow.best_total(), true};
  PartSearch search(pb, part, result, flow.best_total());
  int64_t upper = 0;
  {  // scoped: at national scale its arcs' slacks alone take hundreds of megabytes
    const PricedHomes priced(pb.needs, pb.homes, pb.arcs, part.needs, part.homes, part.arcs);
    const Prices prices = priced.Improve(start, search.best(), pb.options.price_steps);
    const Space whole{priced.Bound(prices), 1, priced.Slacks(prices), std::nullopt};
    bool proven = false;
    std::tie(upper, proven) =
        SearchTargets(pb, search, whole, std::min(flow.root_bound(), whole.bound));
    if (proven) return {search.best(), upper, true};
  }
  // The solver could not take every arc that might beat the incumbent. If the higher levels are
  // settled, the set program's bound on the last level alone may leave few enough.
  const auto levels = Levels(pb.options, search.best());
  const auto upper_levels = Levels(pb.options, upper);
  const std::vector<int64_t> settled(levels.begin(), levels.end() - 1);
  if (!std::equal(settled.begin(), settled.end(), upper_levels.begin())) {
    return {search.best(), upper, false};
  }
  const size_t last = levels.size() - 1;
  const PricedHomes priced(pb.needs, pb.homes, pb.arcs, part.needs, part.homes, part.arcs,
                           {pb.options.level_weights, last, settled, kLevelScale});
  const Prices prices = priced.Converge(search.IncumbentArcs(), pb.options.price_steps);
  ++result.set_program_parts;
  const Space level{priced.Bound(prices), kLevelScale, priced.Slacks(prices), settled};
  // The last level's weight is 1: a value is the settled levels' part plus the last level.
  const int64_t prefix = search.best() - levels[last];
  const int64_t level_upper = std::min(upper_levels[last], FloorDiv(level.bound, kLevelScale));
  const auto [left, done] = SearchTargets(pb, search, level, level_upper);
  if (done) return {search.best(), prefix + left, true};
  // Sibling groups spread over homes keep that bound far above the optimum: the set program
  // with cuts bounds the arcs that can beat the incumbent, and the search runs again under it.
  const int64_t best = search.InSpace(level, search.best());
  const CutBound cut =
      BoundWithCuts(pb.needs, pb.homes, pb.arcs, PartSearch::Nearest(level, Reaching(level, best)),
                    {pb.options.level_weights, last, settled, 1}, search.IncumbentArcs());
  ++result.cut_bound_parts;
  const Space strong = SpaceOf(cut, settled);
  const auto [tight, proven] =
      SearchTargets(pb, search, strong, std::min(left, FloorDiv(strong.bound, kLevelScale)));
  return {search.best(), prefix + tight, proven};
}

// One part solved into a result of its own (only its needs' homes set) and what it proved.
struct SolvedPart {
  AssignmentResult result;
  PartOutcome outcome;
};

// Solves every part, on up to `threads` threads, largest first. Parts share only the problem
// (read-only), so each part's result is the same on any number of threads; the caller merges
// them in part order. An exception from any part is rethrown once all threads have stopped.
std::vector<SolvedPart> SolveEach(const Problem& pb, const std::vector<Parts>& parts, int threads) {
  std::vector<size_t> order(parts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return parts[a].arcs.size() > parts[b].arcs.size(); });
  std::vector<SolvedPart> solved(parts.size());
  ForEachOnThreads(order.size(), threads, [&](size_t k) {
    SolvedPart& part = solved[order[k]];
    part.result.home_of_need.assign(pb.needs.size(), std::nullopt);
    part.outcome = SolvePart(pb, parts[order[k]], part.result);
  });
  return solved;
}

PartOutcome SolveParts(const Problem& pb, AssignmentResult& result) {
  std::vector<size_t> all(pb.arcs.size());
  std::iota(all.begin(), all.end(), 0);
  const std::vector<Parts> parts = SplitIntoParts(pb.needs, pb.homes, pb.arcs, all);
  PartOutcome sum;
  std::vector<SolvedPart> solved = SolveEach(pb, parts, pb.options.threads);
  for (size_t i = 0; i < parts.size(); ++i) {
    const SolvedPart& part = solved[i];
    for (size_t n : parts[i].needs) result.home_of_need[n] = part.result.home_of_need[n];
    result.subproblems += part.result.subproblems;
    result.set_program_parts += part.result.set_program_parts;
    result.cut_bound_parts += part.result.cut_bound_parts;
    sum.total += part.outcome.total;
    sum.upper += part.outcome.upper;
    sum.proven = sum.proven && part.outcome.proven;
    ++result.components;
  }
  return sum;
}

// Places any need still without a home where it fits, best arc first: an assignment the solver
// left early is still maximal (no need waits while one of its homes has room).
void FillRemainingRoom(const Problem& pb, AssignmentResult& result) {
  std::vector<int> free(pb.homes.size());
  for (size_t h = 0; h < pb.homes.size(); ++h) free[h] = pb.homes[h].free;
  for (size_t n = 0; n < pb.needs.size(); ++n) {
    if (auto h = result.home_of_need[n]) free[*h] -= pb.needs[n].slots;
  }
  std::vector<size_t> order(pb.arcs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return pb.arcs[a].value > pb.arcs[b].value; });
  for (size_t i : order) {
    const AssignmentArc& a = pb.arcs[i];
    if (result.home_of_need[a.need] || free[a.home] < pb.needs[a.need].slots || a.value < 0) {
      continue;
    }
    result.home_of_need[a.need] = a.home;
    free[a.home] -= pb.needs[a.need].slots;
  }
}

// The value of the assignment written, from its arcs.
int64_t TotalOf(const Problem& pb, const AssignmentResult& result) {
  int64_t total = 0;
  for (const AssignmentArc& a : pb.arcs) {
    if (result.home_of_need[a.need] == a.home) total += a.value;
  }
  return total;
}

}  // namespace

AssignmentResult AssignExact(const std::vector<AssignmentNeed>& needs,
                             const std::vector<AssignmentHome>& homes,
                             const std::vector<AssignmentArc>& arcs,
                             const AssignmentOptions& options) {
  CheckRoom(homes);
  AssignmentResult result;
  result.home_of_need.assign(needs.size(), std::nullopt);
  const Problem pb{needs, homes, arcs, options};
  const PartOutcome o = SolveParts(pb, result);
  FillRemainingRoom(pb, result);
  result.total = TotalOf(pb, result);
  result.proven_optimal = o.proven;
  result.upper_bound = std::max(o.upper, result.total);
  return result;
}

AssignmentResult AssignGreedy(const std::vector<AssignmentNeed>& needs,
                              const std::vector<AssignmentHome>& homes,
                              const std::vector<AssignmentArc>& arcs) {
  std::vector<size_t> all(arcs.size());
  std::iota(all.begin(), all.end(), 0);
  AssignmentResult r = Greedy(needs, homes, arcs, all);
  r.upper_bound = r.total;
  r.proven_optimal = false;
  return r;
}

}  // namespace fostermatch::matching
