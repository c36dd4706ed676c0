#include "matching/set_program.h"

#include <algorithm>
#include <mutex>

#include "matching/assignment_mip.h"

namespace fostermatch::matching {

SetProgram::SetProgram(size_t needs, size_t homes, const std::vector<int64_t>& settled)
    : needs_(static_cast<int>(needs)),
      homes_(static_cast<int>(homes)),
      levels_(static_cast<int>(settled.size())) {
  std::lock_guard coin(CoinLock());
  lp_.reset(Clp_newModel());
  std::vector<double> lower(needs + homes, -kInfinity), upper(needs + homes, 1);
  for (int64_t s : settled) {
    lower.push_back(static_cast<double>(s));
    upper.push_back(static_cast<double>(s));
  }
  const CoinBigIndex no_columns[] = {0};
  Clp_loadProblem(lp_.get(), 0, static_cast<int>(lower.size()), no_columns, nullptr, nullptr,
                  nullptr, nullptr, nullptr, lower.data(), upper.data());
  Clp_setLogLevel(lp_.get(), 0);
}

void SetProgram::Free::operator()(Clp_Simplex* m) const {
  std::lock_guard coin(CoinLock());
  Clp_deleteModel(m);
}

void SetProgram::Add(size_t home, const std::vector<uint32_t>& needs, double value,
                     const std::vector<double>& settled, const std::vector<int>& cuts) {
  for (uint32_t n : needs) Put(static_cast<int>(n), 1);
  Put(needs_ + static_cast<int>(home), 1);
  for (size_t l = 0; l < settled.size(); ++l) {
    if (settled[l] != 0) Put(needs_ + homes_ + static_cast<int>(l), settled[l]);
  }
  for (int k : cuts) Put(needs_ + homes_ + levels_ + k, 1);
  cost_.push_back(-value);
  starts_.push_back(static_cast<CoinBigIndex>(rows_.size()));
}

void SetProgram::AddLevelSlack(double penalty) {
  for (int l = 0; l < levels_; ++l) {
    for (const double sign : {1.0, -1.0}) {
      Put(needs_ + homes_ + l, sign);
      cost_.push_back(penalty);
      starts_.push_back(static_cast<CoinBigIndex>(rows_.size()));
    }
  }
}

double SetProgram::Solve() {
  const std::vector<double> lower(cost_.size(), 0), upper(cost_.size(), kInfinity);
  std::lock_guard coin(CoinLock());
  Clp_addColumns(lp_.get(), static_cast<int>(cost_.size()), lower.data(), upper.data(),
                 cost_.data(), starts_.data(), rows_.data(), elements_.data());
  starts_.assign(1, 0);
  rows_.clear();
  elements_.clear();
  cost_.clear();
  Clp_primal(lp_.get(), 0);
  return -Clp_objectiveValue(lp_.get());
}

double SetProgram::Resolve() {
  std::lock_guard coin(CoinLock());
  Clp_dual(lp_.get(), 0);
  return -Clp_objectiveValue(lp_.get());
}

void SetProgram::AddCuts(const std::vector<std::vector<int>>& columns_of_cut) {
  std::vector<double> lower(columns_of_cut.size(), -kInfinity), upper(columns_of_cut.size(), 1);
  std::vector<CoinBigIndex> starts{0};
  std::vector<int> columns;
  for (const auto& cut : columns_of_cut) {
    columns.insert(columns.end(), cut.begin(), cut.end());
    starts.push_back(static_cast<CoinBigIndex>(columns.size()));
  }
  const std::vector<double> ones(columns.size(), 1);
  std::lock_guard coin(CoinLock());
  Clp_addRows(lp_.get(), static_cast<int>(columns_of_cut.size()), lower.data(), upper.data(),
              starts.data(), columns.data(), ones.data());
}

bool SetProgram::optimal() const {
  std::lock_guard coin(CoinLock());
  return Clp_status(lp_.get()) == 0;
}

std::vector<double> SetProgram::ColumnValues() const {
  std::lock_guard coin(CoinLock());
  const double* x = Clp_getColSolution(lp_.get());
  return {x, x + Clp_getNumCols(lp_.get())};
}

double SetProgram::Dual(int row) const {
  std::lock_guard coin(CoinLock());
  return Clp_dualRowSolution(lp_.get())[row];
}

}  // namespace fostermatch::matching
