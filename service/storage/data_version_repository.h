#pragma once

#include <soci/soci.h>

#include <cstdint>

namespace fostermatch::storage {

// The database's data version (schema/0004): one number that every committed change to cached
// data moves forward, so that processes sharing the database can tell when their copy is stale.
class DataVersionRepository final {
 public:
  explicit DataVersionRepository(soci::session& s) : s_(s) {}

  // The current version: one read of a one-row table by its primary key. Throws StorageError.
  uint64_t Current();
  // Moves the version forward by one and returns the new value. Call inside a WriteTransaction,
  // as late as possible: on PostgreSQL the row stays locked until the transaction ends, which
  // also orders concurrent bumps. Throws StorageError.
  uint64_t Bump();

 private:
  soci::session& s_;
};

}  // namespace fostermatch::storage
