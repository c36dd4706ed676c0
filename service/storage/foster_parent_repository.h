#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "matching/domain.h"
#include "service/storage/codec.h"

namespace fostermatch::storage {

struct FosterParentFilter {
  std::optional<std::string> region;
  std::optional<int64_t> agency_id;
  std::optional<matching::ParentStatus> status;
  std::optional<matching::FosterType> type;
  int64_t after_id = 0;  // keyset pagination: ids greater than this
  int limit = 0;         // 0 = no limit
};

// Foster households with their types and accepted needs (three tables, written together).
// Writers must hold a WriteTransaction.
class FosterParentRepository final {
 public:
  explicit FosterParentRepository(soci::session& s) : s_(s) {}

  // Returns the new id. Throws ConstraintError if the agency or region does not exist.
  int64_t Insert(const matching::FosterParent& fp);
  // Returns false if no household has fp.id.
  bool Update(const matching::FosterParent& fp);
  // Throws UnreadableRecordError if the household's row cannot be decoded.
  std::optional<matching::FosterParent> Find(int64_t id);
  // In id order. A row that cannot be decoded is logged and left out; `scan`, if given, says how
  // many rows were read and the last id.
  std::vector<matching::FosterParent> List(const FosterParentFilter& filter, Scan* scan = nullptr);
  // Every household id, ascending (to check references in bulk imports).
  std::vector<int64_t> AllIds();
  // Locks the household's row until the transaction ends (PostgreSQL; SQLite's write
  // transaction already excludes other writers). Returns false if it does not exist.
  bool LockForUpdate(int64_t id, bool postgres);

 private:
  void ReplaceSets(const matching::FosterParent& fp);
  std::vector<matching::FosterParent> Select(const FosterParentFilter& filter, BadRow policy,
                                             Scan* scan);
  soci::session& s_;
};

}  // namespace fostermatch::storage
