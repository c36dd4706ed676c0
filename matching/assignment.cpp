#include "matching/assignment.h"

#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <climits>
#include <numeric>
#include <queue>
#include <unordered_map>

namespace fostermatch::matching {
namespace {

// Per-place costs must be integers: a need's value is spread over its places, so values are
// scaled by lcm(1..4) and divided by the group size.
constexpr int64_t kScale = 12;

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

// One connected component's branch-and-bound over flow relaxations.
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

  // Fills `result` for this component's needs.
  void Solve(int max_subproblems, AssignmentResult& result) {
    BuildGraph();
    // The greedy assignment is the first incumbent.
    AssignmentResult greedy = Greedy(needs_, homes_, arcs_, arc_ids_);
    best_total_ = greedy.total;
    for (size_t n : need_ids_) best_[n] = greedy.home_of_need[n];
    // Best first: the open branch with the highest bound next, so the incumbent is proven
    // optimal as soon as no open bound beats it.
    auto by_bound = [](const Branch& a, const Branch& b) { return a.bound < b.bound; };
    std::priority_queue<Branch, std::vector<Branch>, decltype(by_bound)> open(by_bound);
    Branch root;
    root.bound = INT64_MAX;
    open.push(std::move(root));
    while (!open.empty()) {
      Branch b = open.top();
      open.pop();
      // Values are integers: a branch must promise at least one more than the incumbent.
      if (b.bound < (best_total_ + 1) * kScale) continue;
      if (solved_ >= max_subproblems) {
        // Best first: this branch's bound is the highest still open, so it bounds the optimum.
        result.proven_optimal = false;
        stopped_bound_ =
            std::max(stopped_bound_, b.bound == INT64_MAX ? best_total_ : b.bound / kScale);
        break;
      }
      Relaxation relax;
      if (!SolveRelaxation(b, relax)) continue;  // infeasible
      if (relax.scaled_value < (best_total_ + 1) * kScale) continue;
      auto split = FirstSplit(relax);
      if (!split) {
        best_total_ = relax.scaled_value / kScale;
        for (size_t n : need_ids_) best_[n] = relax.home_of_need.at(n);
        continue;
      }
      RoundToIncumbent(relax);
      Branch forbid = b;
      forbid.forbidden.push_back(split->arc);
      forbid.bound = relax.scaled_value;
      Branch force = std::move(b);
      force.forced.push_back({split->need, split->arc});
      force.bound = relax.scaled_value;
      open.push(std::move(force));
      open.push(std::move(forbid));
    }
    for (size_t n : need_ids_) result.home_of_need[n] = best_[n];
    result.total += best_total_;
    result.upper_bound += std::max(stopped_bound_, best_total_);
    result.subproblems += solved_;
  }

 private:
  struct Forced {
    size_t need;
    size_t arc;
  };
  struct Branch {
    std::vector<Forced> forced;
    std::vector<size_t> forbidden;
    int64_t bound = 0;  // the parent's relaxation value (scaled)
  };
  struct Relaxation {
    int64_t scaled_value = 0;
    std::unordered_map<size_t, std::vector<std::pair<size_t, int>>> flow_of_need;  // arc, units
    std::unordered_map<size_t, std::optional<size_t>> home_of_need;
  };
  struct Split {
    size_t need;
    size_t arc;
  };

  // The component's flow network, built once; each branch only changes arc bounds.
  void BuildGraph() {
    source_ = graph_.addNode();
    sink_ = graph_.addNode();
    std::unordered_map<size_t, Node> need_node, home_node;
    supply_ = 0;
    for (size_t n : need_ids_) {
      need_node[n] = graph_.addNode();
      source_arc_[n] = graph_.addArc(source_, need_node[n]);
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
      const Arc a = graph_.addArc(need_node[in.need], home_node[in.home]);
      cost_[a] = -in.value * (kScale / needs_[in.need].slots);
      lower_[a] = 0;
      local_of_[i] = assignment_arcs_.size();
      arcs_of_need_[in.need].push_back(assignment_arcs_.size());
      assignment_arcs_.push_back({a, i});
    }
  }

  bool SolveRelaxation(const Branch& b, Relaxation& out) {
    ++solved_;
    // Bounds for this branch: a forced group must be placed whole, on its forced arc only; a
    // forbidden arc carries nothing.
    for (const auto& [a, i] : assignment_arcs_) {
      upper_[a] = arcs_[i].value > 0 ? needs_[arcs_[i].need].slots : 0;
    }
    for (size_t n : need_ids_) {
      lower_[source_arc_[n]] = 0;
      upper_[source_arc_[n]] = needs_[n].slots;
      cost_[source_arc_[n]] = 0;
    }
    for (const Forced& f : b.forced) {
      lower_[source_arc_[f.need]] = needs_[f.need].slots;
      for (size_t k : arcs_of_need_[f.need]) {
        if (assignment_arcs_[k].second != f.arc) upper_[assignment_arcs_[k].first] = 0;
      }
    }
    for (size_t i : b.forbidden) upper_[assignment_arcs_[local_of_.at(i)].first] = 0;
    lemon::NetworkSimplex<lemon::SmartDigraph, int64_t, int64_t> ns(graph_);
    ns.lowerMap(lower_).upperMap(upper_).costMap(cost_).stSupply(source_, sink_, supply_);
    if (ns.run() != decltype(ns)::OPTIMAL) return false;
    out.scaled_value = -ns.totalCost();
    for (size_t n : need_ids_) out.home_of_need[n] = std::nullopt;
    for (const auto& [a, i] : assignment_arcs_) {
      const int64_t units = ns.flow(a);
      if (units > 0) out.flow_of_need[arcs_[i].need].push_back({i, static_cast<int>(units)});
    }
    return true;
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
      } else {
        split_needs.push_back(n);
      }
    }
    for (size_t n : split_needs) {
      const AssignmentArc* best = nullptr;
      for (const auto& [i, units] : relax.flow_of_need.at(n)) {
        (void)units;
        const AssignmentArc& a = arcs_[i];
        if (used[a.home] + needs_[n].slots <= homes_[a.home].free &&
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
    if (total > best_total_) {
      best_total_ = total;
      best_ = std::move(chosen);
    }
  }

  // The first need (in input order) whose flow is split over homes or covers only part of it.
  std::optional<Split> FirstSplit(Relaxation& relax) const {
    for (size_t n : need_ids_) {
      auto it = relax.flow_of_need.find(n);
      if (it == relax.flow_of_need.end()) continue;
      const auto& flows = it->second;
      if (flows.size() == 1 && flows[0].second == needs_[n].slots) {
        relax.home_of_need[n] = arcs_[flows[0].first].home;
        continue;
      }
      auto most = std::max_element(flows.begin(), flows.end(), [](const auto& a, const auto& b) {
        return a.second < b.second;
      });
      return Split{n, most->first};
    }
    return std::nullopt;
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
  std::unordered_map<size_t, Arc> source_arc_;                    // per need
  std::vector<std::pair<Arc, size_t>> assignment_arcs_;           // graph arc, input arc
  std::unordered_map<size_t, size_t> local_of_;                   // input arc → assignment_arcs_
  std::unordered_map<size_t, std::vector<size_t>> arcs_of_need_;  // need → assignment_arcs_
  std::unordered_map<size_t, std::optional<size_t>> best_;
  int64_t best_total_ = 0;
  int64_t stopped_bound_ = 0;  // the optimum's bound, set when the search stops early
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

}  // namespace

AssignmentResult AssignExact(const std::vector<AssignmentNeed>& needs,
                             const std::vector<AssignmentHome>& homes,
                             const std::vector<AssignmentArc>& arcs, int max_subproblems) {
  AssignmentResult result;
  result.home_of_need.assign(needs.size(), std::nullopt);
  Components uf(needs.size() + homes.size());
  for (const AssignmentArc& a : arcs) uf.Join(a.need, needs.size() + a.home);
  // Group the arcs, needs and homes by component, each in input order.
  std::unordered_map<size_t, size_t> index_of_root;
  struct Parts {
    std::vector<size_t> needs, homes, arcs;
  };
  std::vector<Parts> parts;
  auto part = [&](size_t node) -> Parts& {
    auto [it, fresh] = index_of_root.emplace(uf.Find(node), parts.size());
    if (fresh) parts.emplace_back();
    return parts[it->second];
  };
  for (size_t i = 0; i < arcs.size(); ++i) part(arcs[i].need).arcs.push_back(i);
  for (size_t n = 0; n < needs.size(); ++n) {
    if (index_of_root.count(uf.Find(n))) part(n).needs.push_back(n);
  }
  for (size_t h = 0; h < homes.size(); ++h) {
    if (index_of_root.count(uf.Find(needs.size() + h))) part(needs.size() + h).homes.push_back(h);
  }
  for (Parts& p : parts) {
    Component c(needs, homes, arcs, std::move(p.needs), std::move(p.homes), std::move(p.arcs));
    c.Solve(max_subproblems, result);
    ++result.components;
  }
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
