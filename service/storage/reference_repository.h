#pragma once

#include <soci/soci.h>

#include <optional>
#include <vector>

#include "matching/domain.h"

namespace fostermatch::storage {

// Regions (and their travel-time overrides) and agencies: small reference data.
// All methods run on the given session; writers must hold a WriteTransaction.
class ReferenceRepository final {
 public:
  explicit ReferenceRepository(soci::session& s) : s_(s) {}

  // Inserts or replaces a region by code.
  void UpsertRegion(const matching::Region& region);
  std::vector<matching::Region> ListRegions();
  std::optional<matching::Region> FindRegion(const std::string& code);
  void UpsertTravelMinutes(const matching::TravelMinutes& t);
  std::vector<matching::TravelMinutes> ListTravelMinutes();

  // Inserts an agency with its regions; returns its id. Throws ConstraintError on a duplicate name.
  int64_t InsertAgency(const matching::Agency& agency);
  // Replaces name and regions; returns false if no such agency.
  bool UpdateAgency(const matching::Agency& agency);
  std::optional<matching::Agency> FindAgency(int64_t id);
  std::vector<matching::Agency> ListAgencies();

 private:
  void ReplaceAgencyRegions(const matching::Agency& agency);
  soci::session& s_;
};

}  // namespace fostermatch::storage
