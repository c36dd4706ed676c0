#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "matching/domain.h"
#include "service/storage/codec.h"

namespace fostermatch::storage {

struct NeedFilter {
  std::optional<matching::NeedStatus> status;
  std::optional<std::string> region;
  int64_t after_id = 0;
  int limit = 0;  // 0 = no limit
};

// Child placement needs with their need categories and sharing list. Writers must hold a
// WriteTransaction.
class NeedRepository final {
 public:
  explicit NeedRepository(soci::session& s) : s_(s) {}

  // Returns the new id. Throws ConstraintError on a duplicate case_ref or unknown region/agency.
  int64_t Insert(const matching::Need& need);
  bool Update(const matching::Need& need);
  // Sets only the status; returns false if no such need.
  bool SetStatus(int64_t id, matching::NeedStatus status);
  // Throws UnreadableRecordError if the need's row cannot be decoded.
  std::optional<matching::Need> Find(int64_t id);
  // Locks the need's row until the transaction ends (PostgreSQL; SQLite's write transaction
  // already excludes other writers). Returns false if it does not exist.
  bool LockForUpdate(int64_t id, bool postgres);
  std::vector<matching::Need> List(const NeedFilter& filter, Scan* scan = nullptr);

 private:
  std::vector<matching::Need> Select(const NeedFilter& filter, BadRow policy, Scan* scan);
  void ReplaceSets(const matching::Need& need);
  soci::session& s_;
};

}  // namespace fostermatch::storage
