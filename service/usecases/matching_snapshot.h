#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "matching/engine.h"
#include "service/storage/database.h"
#include "service/usecases/data_version.h"
#include "service/usecases/household_table.h"
#include "service/usecases/text_memo.h"

namespace fostermatch::usecases {

// How a snapshot was made, for tests and logs: a full load, or the previous snapshot with only
// the households the change log names reloaded.
struct SnapshotBuildStats {
  bool full_rebuild = true;
  size_t households_loaded = 0;  // household records read from the database for this snapshot
  double milliseconds = 0;
};

// What reads derive from one household's records on one day (children placed, months unplaced,
// readiness with its texts), and the text a front door encodes of the household with them,
// written once by the first reader that asks. Immutable but for that memo; thread-safe.
class DerivedHousehold final {
 public:
  DerivedHousehold(matching::Date today, matching::HomeFacts facts)
      : today_(today), facts_(std::move(facts)) {}
  DerivedHousehold(const DerivedHousehold&) = delete;
  DerivedHousehold& operator=(const DerivedHousehold&) = delete;

  // The fields of `home` as of `today` under `policy`.
  static std::shared_ptr<const DerivedHousehold> Of(const matching::HomeInput& home,
                                                    matching::Date today,
                                                    const matching::MatchPolicy& policy);

  matching::Date today() const { return today_; }
  const matching::HomeFacts& facts() const { return facts_; }
  // `encode()` the first time (any caller's: every caller must encode the same way, e.g. the
  // API's JSON of the household), the same text afterwards. Throws what `encode` throws, and then
  // keeps nothing.
  template <typename Encode>
  const std::string& Encoded(Encode&& encode) const {
    return encoded_.Get(std::forward<Encode>(encode));
  }

 private:
  matching::Date today_;
  matching::HomeFacts facts_;
  TextMemo encoded_;
};

// The engine's view of the database: every household with its trainings and placements, and
// the index built from them. Immutable once built; shared by concurrent requests. A household's
// record is shared with the snapshots before and after it for as long as it does not change.
struct MatchingSnapshot {
  using Home = std::shared_ptr<const matching::HomeInput>;

  uint64_t data_version = 0;  // the database's data version read before loading
  // The newest data version that changed a need as far as this snapshot knows (its own when
  // built in full): needs read since it was current still are (NeedCache).
  uint64_t needs_version = 0;
  matching::Date today;
  std::chrono::steady_clock::time_point built_at;  // for /metrics: how old the view is
  // Every household with its derived fields as of `today`, made with the snapshot: a patch of the
  // same day shares the rows (and chunks) of the households it did not reload, so fields are
  // derived once per household per change and day, and a reader never derives the whole city.
  HouseholdTable households;
  std::vector<matching::Agency> agencies;
  std::shared_ptr<const matching::RegionDistances> regions;
  std::shared_ptr<const matching::HomeIndex> index;  // shared while no household changes
  SnapshotBuildStats stats;
  // The recent patches this snapshot of the same day came through, oldest first: the households
  // each changed, with their index rows before it (HomeIndex::Rerank brings a ranking made of an
  // older snapshot up to date from them). A full build or a new day starts none.
  struct Step {
    uint64_t from = 0, to = 0;  // data versions
    std::vector<matching::HomeIndex::PriorRow> before;
  };
  static constexpr size_t kMostSteps = 64;         // kept at most; the oldest go first
  static constexpr size_t kMostStepRows = 4096;    // rows kept over all steps, at most
  std::vector<std::shared_ptr<const Step>> steps;  // shared with the next snapshot

  // The household with this id, or nullptr.
  const matching::HomeInput* FindHome(int64_t id) const;
  // The households changed since the snapshot of data version `version` (of this day), each with
  // its row then; nullptr if the steps kept do not reach back to it. Thread-safe.
  using Changes = std::shared_ptr<const std::vector<matching::HomeIndex::PriorRow>>;
  Changes ChangedSince(uint64_t version) const;

 private:
  // ChangedSince's answers by version: after a write every kept ranking asks the same question.
  mutable std::mutex changed_since_mu_;
  mutable std::vector<std::pair<uint64_t, Changes>> changed_since_;
};

// Keeps the matching index consistent with committed writes without a query per home per
// request: each read first reads the database's data version (one indexed single-row read), so
// a change committed by any process (this one, another server, the CLI) is ranked by the next
// read here. A snapshot older than that version is brought up to date from the change log
// (schema/0005): only the households changed since are reloaded, the rest are shared; a change
// that is not per household (regions, agencies, a pruned log, a large import) rebuilds in full.
// Readers that need no newer version keep the current snapshot while one is built. A new day
// rebuilds the index from the records in memory (months unplaced and readiness depend on
// "today"); meanwhile other readers keep yesterday's. Thread-safe.
class MatchingService final {
 public:
  MatchingService(storage::Database& db, DataVersionWatch& versions, matching::MatchPolicy policy,
                  std::function<matching::Date()> today);

  // The snapshot as of the database's current data version, brought up to date first if stale.
  // Throws StorageError.
  std::shared_ptr<const MatchingSnapshot> Current();

  const matching::MatchPolicy& policy() const { return policy_; }
  matching::Date Today() const { return today_(); }

 private:
  std::shared_ptr<const MatchingSnapshot> Published();
  std::shared_ptr<const MatchingSnapshot> Next(const MatchingSnapshot* old, uint64_t data_version,
                                               matching::Date today);
  std::shared_ptr<const MatchingSnapshot> Build(uint64_t data_version, matching::Date today);
  std::shared_ptr<const MatchingSnapshot> Patch(const MatchingSnapshot& old,
                                                std::span<const int64_t> changed,
                                                uint64_t data_version, matching::Date today,
                                                bool needs_changed);

  storage::Database& db_;
  DataVersionWatch& versions_;
  matching::MatchPolicy policy_;
  std::function<matching::Date()> today_;
  std::mutex building_;  // one build at a time; held while loading
  std::mutex mu_;        // guards snapshot_ only, for as long as a pointer copy
  std::shared_ptr<const MatchingSnapshot> snapshot_;
};

// Loads every household with its records (for the index and the monthly batch).
std::vector<matching::HomeInput> LoadHomes(storage::Database& db);

}  // namespace fostermatch::usecases
