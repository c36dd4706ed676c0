#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "matching/domain.h"
#include "service/storage/codec.h"

namespace fostermatch::storage {

// Placements of a need's children with a household. Writers must hold a WriteTransaction.
class PlacementRepository final {
 public:
  explicit PlacementRepository(soci::session& s) : s_(s) {}

  int64_t Insert(const matching::Placement& p);
  // Records the end of a placement; returns false if no such placement.
  bool End(int64_t id, matching::Date ended_on, const std::string& outcome);
  // Find and ListForFosterParent (one record, one household: what a write decides on) throw
  // UnreadableRecordError for a row that cannot be decoded; ListAll and ListForFosterParents
  // (lists, the matching snapshot) log it and leave it out.
  std::optional<matching::Placement> Find(int64_t id);
  // A household's placements, oldest first.
  std::vector<matching::Placement> ListForFosterParent(int64_t foster_parent_id);
  // Every placement, by household then start: for derived fields and the matching index.
  std::vector<matching::Placement> ListAll();
  // Placements of households with ids in [first_id, last_id], by household then start.
  std::vector<matching::Placement> ListForFosterParents(int64_t first_id, int64_t last_id);

 private:
  std::vector<matching::Placement> Query(BadRow policy, const std::string& where,
                                         const int64_t* param, const int64_t* param2 = nullptr);
  soci::session& s_;
};

}  // namespace fostermatch::storage
