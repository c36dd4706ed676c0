#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "matching/domain.h"

namespace fostermatch::storage {

// Placements of a need's children with a household. Writers must hold a WriteTransaction.
class PlacementRepository final {
 public:
  explicit PlacementRepository(soci::session& s) : s_(s) {}

  int64_t Insert(const matching::Placement& p);
  // Records the end of a placement; returns false if no such placement.
  bool End(int64_t id, matching::Date ended_on, const std::string& outcome);
  std::optional<matching::Placement> Find(int64_t id);
  // A household's placements, oldest first.
  std::vector<matching::Placement> ListForFosterParent(int64_t foster_parent_id);
  // Every placement, by household then start: for derived fields and the matching index.
  std::vector<matching::Placement> ListAll();
  // Children placed with the household and not yet ended.
  int CurrentChildren(int64_t foster_parent_id);

 private:
  std::vector<matching::Placement> Query(const std::string& where, const int64_t* param);
  soci::session& s_;
};

}  // namespace fostermatch::storage
