#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "matching/domain.h"

namespace fostermatch::storage {

// Training records. Writers must hold a WriteTransaction.
class TrainingRepository final {
 public:
  explicit TrainingRepository(soci::session& s) : s_(s) {}

  enum class UpsertResult { kInserted, kUpdated };

  // Inserts a record and returns its id (external_id may be empty: entered by hand).
  int64_t Insert(const matching::Training& t);
  // Inserts, or updates the record with the same non-empty external_id (idempotent import).
  UpsertResult UpsertByExternalId(const matching::Training& t);
  // A household's records, oldest first.
  std::vector<matching::Training> ListForFosterParent(int64_t foster_parent_id);
  // Every record, by household then date: for building the matching index.
  std::vector<matching::Training> ListAll();
  // Records of households with ids in [first_id, last_id], by household then date.
  std::vector<matching::Training> ListForFosterParents(int64_t first_id, int64_t last_id);

  // Upserts many records by external_id with statements prepared once (the CSV import). Every
  // record must have a non-empty external_id. Returns one result per record.
  std::vector<UpsertResult> BulkUpsertByExternalId(const std::vector<matching::Training>& records);

 private:
  soci::session& s_;
};

}  // namespace fostermatch::storage
