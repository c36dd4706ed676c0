#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "matching/engine.h"
#include "service/storage/database.h"
#include "service/usecases/data_version.h"

namespace fostermatch::usecases {

// The engine's view of the database: every household with its trainings and placements, and
// the index built from them. Immutable once built; shared by concurrent requests.
struct MatchingSnapshot {
  uint64_t data_version = 0;  // the database's data version read before loading
  matching::Date today;
  std::chrono::steady_clock::time_point built_at;  // for /metrics: how old the view is
  std::vector<matching::HomeInput> homes;          // by id
  std::vector<matching::Agency> agencies;
  std::shared_ptr<const matching::RegionDistances> regions;
  std::unique_ptr<matching::HomeIndex> index;

  // The household with this id, or nullptr.
  const matching::HomeInput* FindHome(int64_t id) const;
};

// Keeps the matching index consistent with committed writes without a query per home per
// request: each read first reads the database's data version (one indexed single-row read), so
// a change committed by any process (this one, another server, the CLI) is ranked by the next
// read here. A snapshot older than that version is rebuilt once (a few milliseconds for
// thousands of homes) and later readers share it. A new day also triggers a rebuild, since
// months unplaced and readiness depend on "today". Thread-safe.
class MatchingService final {
 public:
  MatchingService(storage::Database& db, DataVersionWatch& versions, matching::MatchPolicy policy,
                  std::function<matching::Date()> today);

  // The snapshot as of the database's current data version, rebuilt first if stale. Throws
  // StorageError.
  std::shared_ptr<const MatchingSnapshot> Current();

  const matching::MatchPolicy& policy() const { return policy_; }
  matching::Date Today() const { return today_(); }

 private:
  std::shared_ptr<const MatchingSnapshot> Build(uint64_t data_version, matching::Date today);

  storage::Database& db_;
  DataVersionWatch& versions_;
  matching::MatchPolicy policy_;
  std::function<matching::Date()> today_;
  std::mutex mu_;  // guards snapshot_ and serialises rebuilds
  std::shared_ptr<const MatchingSnapshot> snapshot_;
};

// Loads every household with its records (for the index and the monthly batch).
std::vector<matching::HomeInput> LoadHomes(storage::Database& db);

}  // namespace fostermatch::usecases
