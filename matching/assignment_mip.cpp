#include "matching/assignment_mip.h"

#include <coin/Cbc_C_Interface.h>

#include <cmath>
#include <memory>
#include <unordered_map>

namespace fostermatch::matching {
namespace {

// Level sums are far below this; a bound beyond it means CBC has none.
constexpr double kLargestBound = 1e15;

// One CBC model: a column per arc, a row per need (at most once), per home (within its places)
// and per level (its sum's range); the objective is one level's worth.
class Model {
 public:
  Model(const std::vector<AssignmentNeed>& needs, const std::vector<AssignmentHome>& homes,
        const std::vector<AssignmentArc>& arcs, const std::vector<size_t>& arc_ids,
        const std::vector<LevelTarget>& levels, size_t objective) {
    std::unordered_map<size_t, int> need_row, home_row;
    for (size_t a : arc_ids) {
      if (need_row.emplace(arcs[a].need, Rows()).second) AddRow(0, 1);
    }
    for (size_t a : arc_ids) {
      if (home_row.emplace(arcs[a].home, Rows()).second) AddRow(0, homes[arcs[a].home].free);
    }
    const int first_level_row = Rows();
    for (const LevelTarget& l : levels) {
      AddRow(static_cast<double>(l.at_least),
             l.pinned ? static_cast<double>(l.at_least) : kNoLimit);
    }
    for (size_t k = 0; k < arc_ids.size(); ++k) {
      const AssignmentArc& arc = arcs[arc_ids[k]];
      start_.push_back(static_cast<CoinBigIndex>(index_.size()));
      Add(need_row.at(arc.need), 1);
      Add(home_row.at(arc.home), needs[arc.need].slots);
      for (size_t l = 0; l < levels.size(); ++l) {
        Add(first_level_row + static_cast<int>(l), static_cast<double>(levels[l].worth[k]));
      }
      objective_.push_back(static_cast<double>(levels[objective].worth[k]));
    }
    start_.push_back(static_cast<CoinBigIndex>(index_.size()));
    const std::vector<double> lower(arc_ids.size(), 0), upper(arc_ids.size(), 1);
    model_.reset(Cbc_newModel());
    Cbc_loadProblem(model_.get(), static_cast<int>(arc_ids.size()), Rows(), start_.data(),
                    index_.data(), value_.data(), lower.data(), upper.data(), objective_.data(),
                    row_lower_.data(), row_upper_.data());
    for (size_t k = 0; k < arc_ids.size(); ++k) Cbc_setInteger(model_.get(), static_cast<int>(k));
    Cbc_setObjSense(model_.get(), -1);  // maximise
    Cbc_setLogLevel(model_.get(), 0);
    // Every solve here already holds a target (an incumbent's level to beat), and the
    // feasibility pump's hunt for a first solution took 42% of a national run's time: off, the
    // 50,000-home run took 12.7 s instead of 22.3 s, sibling-heavy 2,000 homes 8.9 s instead of
    // 30 s (assignment_bench, 2026-11-26). The 5,000-home city, never proven, takes longer.
    Cbc_setParameter(model_.get(), "feasibilityPump", "off");
    // Nor do the other heuristics or the presolve earn their time here: each model is small and
    // already reduced to the arcs that can reach the target, and the root's cuts close most of
    // it. Both off, the national run's CBC time fell from 9.5 s to 7.7 s (assignment_bench,
    // 2026-11-26); each alone saved about half of that.
    Cbc_setParameter(model_.get(), "heuristicsOnOff", "off");
    Cbc_setParameter(model_.get(), "preprocess", "off");
  }

  Cbc_Model* get() { return model_.get(); }

 private:
  static constexpr double kNoLimit = 1e30;  // CBC's infinity
  int Rows() const { return static_cast<int>(row_lower_.size()); }
  void AddRow(double lower, double upper) {
    row_lower_.push_back(lower);
    row_upper_.push_back(upper);
  }
  void Add(int row, double value) {
    if (value == 0) return;
    index_.push_back(row);
    value_.push_back(value);
  }

  struct Free {
    void operator()(Cbc_Model* m) const { Cbc_deleteModel(m); }
  };
  std::vector<CoinBigIndex> start_;
  std::vector<int> index_;
  std::vector<double> value_, objective_, row_lower_, row_upper_;
  std::unique_ptr<Cbc_Model, Free> model_;
};

// What a solve stopped on level `stopped` proved (MipOutcome::stopped_at_most). The objective
// is a sum of whole numbers, so the optimum is at most CBC's bound rounded down; one more allows
// for its floating point.
std::vector<int64_t> AtMost(Model& model, const std::vector<LevelTarget>& levels, size_t stopped) {
  const double bound = Cbc_getBestPossibleObjValue(model.get());
  if (!std::isfinite(bound) || std::abs(bound) > kLargestBound) return {};
  std::vector<int64_t> at_most;
  for (size_t l = 0; l < stopped; ++l) at_most.push_back(levels[l].at_least);
  at_most.push_back(static_cast<int64_t>(std::floor(bound)) + 1);
  return at_most;
}

}  // namespace

std::mutex& CoinLock() {
  static std::mutex lock;
  return lock;
}

MipOutcome MaximiseLevels(const std::vector<AssignmentNeed>& needs,
                          const std::vector<AssignmentHome>& homes,
                          const std::vector<AssignmentArc>& arcs,
                          const std::vector<size_t>& arc_ids, std::vector<LevelTarget> levels,
                          int max_nodes) {
  std::lock_guard coin(CoinLock());
  MipOutcome out;
  out.status = MipOutcome::Status::kOptimal;
  for (size_t l = 0; l < levels.size(); ++l) {
    if (levels[l].pinned && l + 1 < levels.size()) continue;  // nothing to choose on this level
    Model model(needs, homes, arcs, arc_ids, levels, l);
    Cbc_setMaximumNodes(model.get(), max_nodes);
    Cbc_solve(model.get());
    out.nodes += Cbc_getNodeCount(model.get());
    const double* x = Cbc_bestSolution(model.get());
    if (!x) {
      out.status = Cbc_isProvenInfeasible(model.get()) ? MipOutcome::Status::kInfeasible
                                                       : MipOutcome::Status::kStopped;
      if (out.status == MipOutcome::Status::kStopped)
        out.stopped_at_most = AtMost(model, levels, l);
      return out;
    }
    out.chosen.clear();
    int64_t sum = 0;
    for (size_t k = 0; k < arc_ids.size(); ++k) {
      if (x[k] > 0.5) {
        out.chosen.push_back(arc_ids[k]);
        sum += levels[l].worth[k];
      }
    }
    if (!Cbc_isProvenOptimal(model.get())) {
      out.status = MipOutcome::Status::kStopped;
      out.stopped_at_most = AtMost(model, levels, l);
      return out;
    }
    // Later levels choose only among assignments this good on this one.
    levels[l].at_least = sum;
    levels[l].pinned = true;
  }
  return out;
}

}  // namespace fostermatch::matching
