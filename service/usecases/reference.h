#pragma once

// Reference data: regions and agencies. Any role reads them; the admin changes them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "matching/domain.h"
#include "service/usecases/actor.h"

namespace fostermatch::usecases {

struct Context;

struct AgencyChanges {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> regions;
};

// Throws NotFoundError, ForbiddenError, ValidationError, ConflictError. Thread-safe.
class ReferenceData final {
 public:
  explicit ReferenceData(Context& ctx) : ctx_(ctx) {}

  std::vector<matching::Region> ListRegions(const Actor& actor);
  // Inserts or updates by code.
  matching::Region SaveRegion(const matching::Region& region, const Actor& actor);
  std::vector<matching::Agency> ListAgencies(const Actor& actor);
  matching::Agency GetAgency(int64_t id, const Actor& actor);
  matching::Agency CreateAgency(const AgencyChanges& changes, const Actor& actor);
  // Read, change and write in one transaction.
  matching::Agency UpdateAgency(int64_t id, const AgencyChanges& changes, const Actor& actor);

 private:
  Context& ctx_;
};

}  // namespace fostermatch::usecases
