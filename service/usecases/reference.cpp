#include "service/usecases/reference.h"

#include <algorithm>

#include "service/errors.h"
#include "service/storage/reference_repository.h"
#include "service/usecases/context.h"

namespace fostermatch::usecases {

using namespace matching;

namespace {

constexpr size_t kMaxRegionCode = 16;
constexpr size_t kMaxRegionName = 100;
constexpr size_t kMaxAgencyName = 200;

void CheckRegion(const Region& r) {
  std::vector<FieldError> errors;
  auto length = [&](const char* field, const std::string& v, size_t max) {
    if (v.empty() || v.size() > max) {
      errors.push_back({field, "must be 1 to " + std::to_string(max) + " bytes"});
    }
  };
  length("code", r.code, kMaxRegionCode);
  length("name_ja", r.name_ja, kMaxRegionName);
  length("name_en", r.name_en, kMaxRegionName);
  if (!(r.lat >= -90 && r.lat <= 90)) errors.push_back({"lat", "must be from -90 to 90"});
  if (!(r.lon >= -180 && r.lon <= 180)) errors.push_back({"lon", "must be from -180 to 180"});
  ThrowIfAny(std::move(errors));
}

// Applies the changes and checks the result against the regions on record.
void ApplyChanges(const AgencyChanges& c, Agency& a, storage::ReferenceRepository& repo) {
  if (c.name) a.name = *c.name;
  if (c.regions) a.regions = *c.regions;
  std::sort(a.regions.begin(), a.regions.end());
  a.regions.erase(std::unique(a.regions.begin(), a.regions.end()), a.regions.end());
  std::vector<FieldError> errors;
  if (a.name.empty() || a.name.size() > kMaxAgencyName) {
    errors.push_back({"name", "must be 1 to 200 bytes"});
  }
  for (const auto& code : a.regions) {
    if (!repo.FindRegion(code)) errors.push_back({"regions", "no region has code " + code});
  }
  ThrowIfAny(std::move(errors));
}

}  // namespace

std::vector<Region> ReferenceData::ListRegions(const Actor&) {
  return Read(ctx_, [](soci::session& s) { return storage::ReferenceRepository(s).ListRegions(); });
}

Region ReferenceData::SaveRegion(const Region& region, const Actor& actor) {
  RequireRole(actor, kAdminOnly);
  CheckRegion(region);
  return Write(ctx_, actor, [&](Work& work) {
    storage::ReferenceRepository(work.session()).UpsertRegion(region);
    work.Audit("save", "region", region.code);
    work.ChangesMatching();
    return region;
  });
}

std::vector<Agency> ReferenceData::ListAgencies(const Actor&) {
  return Read(ctx_,
              [](soci::session& s) { return storage::ReferenceRepository(s).ListAgencies(); });
}

Agency ReferenceData::GetAgency(int64_t id, const Actor&) {
  return Read(ctx_, [&](soci::session& s) {
    auto agency = storage::ReferenceRepository(s).FindAgency(id);
    if (!agency) throw NotFoundError("agency " + std::to_string(id));
    return *agency;
  });
}

Agency ReferenceData::CreateAgency(const AgencyChanges& changes, const Actor& actor) {
  RequireRole(actor, kAdminOnly);
  return Write(ctx_, actor, [&](Work& work) {
    storage::ReferenceRepository repo(work.session());
    Agency agency;
    ApplyChanges(changes, agency, repo);
    agency.id = repo.InsertAgency(agency);
    work.Audit("create", "agency", agency.id);
    work.ChangesMatching();
    return agency;
  });
}

Agency ReferenceData::UpdateAgency(int64_t id, const AgencyChanges& changes, const Actor& actor) {
  RequireRole(actor, kAdminOnly);
  return Write(ctx_, actor, [&](Work& work) {
    storage::ReferenceRepository repo(work.session());
    auto agency = repo.FindAgency(id);
    if (!agency) throw NotFoundError("agency " + std::to_string(id));
    ApplyChanges(changes, *agency, repo);
    repo.UpdateAgency(*agency);
    work.Audit("update", "agency", id);
    work.ChangesMatching();
    return *agency;
  });
}

}  // namespace fostermatch::usecases
