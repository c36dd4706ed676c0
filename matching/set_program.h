#pragma once

// The linear program over whole home sets (COIN-OR CLP, in-process): a column per set (a home
// and the needs it takes), a row per need (at most once), per home (at most one set) and per
// settled level (its sum held). Its best duals are the best prices of the per-home bound
// (PricedHomes::Converge); with cuts it bounds far tighter where sibling groups share homes
// (set_cuts.h).
// CLP minimises, so a column costs minus its value; its duals are then minus the prices.

#include <coin/Clp_C_Interface.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <vector>

namespace fostermatch::matching {

class SetProgram {
 public:
  SetProgram(size_t needs, size_t homes, const std::vector<int64_t>& settled);

  // Queues a column: home `home` taking `needs`, worth `value`, with these settled-level sums,
  // in these cuts (AddCuts; positions among them).
  void Add(size_t home, const std::vector<uint32_t>& needs, double value,
           const std::vector<double>& settled, const std::vector<int>& cuts = {});
  size_t queued() const { return cost_.size(); }
  // Queues, per settled level, a column raising and one lowering its sum, each costing
  // `penalty` per unit: the program is feasible even before any sets meet the levels.
  void AddLevelSlack(double penalty);

  // Adds the queued columns and re-solves from the last basis (primal simplex). Returns the
  // program's value.
  double Solve();
  // Re-solves after rows were added (dual simplex: the basis stays dual feasible).
  double Resolve();
  bool optimal() const;

  // Adds cuts: rows "the columns listed sum to at most 1", each a list of column positions
  // (the order columns were added in). Solve or Resolve next.
  void AddCuts(const std::vector<std::vector<int>>& columns_of_cut);

  // The program's solution, per column in the order added.
  std::vector<double> ColumnValues() const;

  double need_price(size_t n) const { return std::max(0.0, -Dual(static_cast<int>(n))); }
  double home_price(size_t h) const { return std::max(0.0, -Dual(needs_ + static_cast<int>(h))); }
  double level_price(size_t l) const { return -Dual(needs_ + homes_ + static_cast<int>(l)); }
  double cut_price(size_t k) const {
    return std::max(0.0, -Dual(needs_ + homes_ + levels_ + static_cast<int>(k)));
  }

 private:
  static constexpr double kInfinity = 1e30;
  double Dual(int row) const;
  void Put(int row, double element) {
    rows_.push_back(row);
    elements_.push_back(element);
  }
  struct Free {
    void operator()(Clp_Simplex* m) const;
  };
  int needs_, homes_, levels_;
  std::unique_ptr<Clp_Simplex, Free> lp_;
  std::vector<CoinBigIndex> starts_{0};
  std::vector<int> rows_;
  std::vector<double> elements_, cost_;
};

}  // namespace fostermatch::matching
