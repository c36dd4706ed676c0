#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fostermatch::storage {

// The database's data version (schema/0004): one number that every committed change to cached
// data moves forward, so that processes sharing the database can tell when their copy is stale;
// and the change log (schema/0005): which households each version changed, so that a process
// can reload only those. The repositories that write a household, its trainings or placements,
// regions or agencies note what they change here; the bump stamps those notes with the version
// it commits.
class DataVersionRepository final {
 public:
  explicit DataVersionRepository(soci::session& s) : s_(s) {}

  // The current version: one read of a one-row table by its primary key. Throws StorageError.
  uint64_t Current();
  // Moves the version forward by one, stamps the changes noted in this transaction with it and
  // returns the new value. Call inside a WriteTransaction, as late as possible: on PostgreSQL
  // the row stays locked until the transaction ends, which also orders concurrent bumps. Throws
  // StorageError.
  uint64_t Bump();

  // Notes, in the current write transaction, that a household (its record, a training or a
  // placement) changed. Throws StorageError.
  void NoteHousehold(int64_t foster_parent_id);
  // Notes the household that holds the training with this external id now, if any (before the
  // training moves to another household). Throws StorageError.
  void NoteTrainingHolder(const std::string& external_id);
  // Notes the household of this placement, if it exists. Throws StorageError.
  void NotePlacementHousehold(int64_t placement_id);
  // Notes a change that is not one household's (regions, travel times, agencies): every reader
  // rebuilds in full. Throws StorageError.
  void NoteEverything();
  // Notes that a need was added or changed: readers forget the needs they hold. Throws
  // StorageError.
  void NoteNeeds();

  struct Changes {
    std::vector<int64_t> households;  // ascending and distinct
    bool needs = false;
  };
  // What versions after `after` up to `upto` changed, or nullopt if one of them changed
  // everything or the log no longer reaches back to `after`. Throws StorageError.
  std::optional<Changes> ChangedSince(uint64_t after, uint64_t upto);

 private:
  void PruneBefore(uint64_t version);
  soci::session& s_;
};

// The current data version, read again and again on one session with one prepared statement:
// no parse and no pool lease per read, for a process that reads it before every matching read.
// Holds no transaction between reads. Not thread-safe.
class DataVersionReader final {
 public:
  explicit DataVersionReader(soci::session& s);
  // Throws StorageError.
  uint64_t Read();

 private:
  long long version_ = 0;  // before st_: the statement writes into it
  soci::statement st_;
};

}  // namespace fostermatch::storage
