#include "service/storage/reference_repository.h"

#include <map>

#include "service/storage/data_version_repository.h"
#include "service/storage/database.h"
#include "service/storage/errors.h"

namespace fostermatch::storage {

using matching::Agency;
using matching::Region;
using matching::TravelMinutes;

void ReferenceRepository::UpsertRegion(const Region& r) {
  Translate("saving a region", [&] {
    s_ << "INSERT INTO regions (code, name_ja, name_en, lat, lon) VALUES (:c, :j, :e, :la, :lo) "
          "ON CONFLICT (code) DO UPDATE SET name_ja = excluded.name_ja, "
          "name_en = excluded.name_en, lat = excluded.lat, lon = excluded.lon",
        soci::use(r.code), soci::use(r.name_ja), soci::use(r.name_en), soci::use(r.lat),
        soci::use(r.lon);
    DataVersionRepository(s_).NoteEverything();  // distances between every pair of homes' regions
  });
}

std::vector<Region> ReferenceRepository::ListRegions() {
  return Translate("reading regions", [&] {
    std::vector<Region> out;
    Region r;
    soci::statement st = (s_.prepare << "SELECT code, name_ja, name_en, lat, lon FROM regions "
                                        "ORDER BY code",
                          soci::into(r.code), soci::into(r.name_ja), soci::into(r.name_en),
                          soci::into(r.lat), soci::into(r.lon));
    st.execute();
    while (st.fetch()) out.push_back(r);
    return out;
  });
}

std::optional<Region> ReferenceRepository::FindRegion(const std::string& code) {
  return Translate("reading a region", [&]() -> std::optional<Region> {
    Region r;
    s_ << "SELECT code, name_ja, name_en, lat, lon FROM regions WHERE code = :c", soci::use(code),
        soci::into(r.code), soci::into(r.name_ja), soci::into(r.name_en), soci::into(r.lat),
        soci::into(r.lon);
    if (!s_.got_data()) return std::nullopt;
    return r;
  });
}

void ReferenceRepository::UpsertTravelMinutes(const TravelMinutes& t) {
  Translate("saving travel minutes", [&] {
    s_ << "INSERT INTO region_travel_minutes (from_code, to_code, minutes) VALUES (:f, :t, :m) "
          "ON CONFLICT (from_code, to_code) DO UPDATE SET minutes = excluded.minutes",
        soci::use(t.from_code), soci::use(t.to_code), soci::use(t.minutes);
    DataVersionRepository(s_).NoteEverything();
  });
}

std::vector<TravelMinutes> ReferenceRepository::ListTravelMinutes() {
  return Translate("reading travel minutes", [&] {
    std::vector<TravelMinutes> out;
    TravelMinutes t;
    soci::statement st =
        (s_.prepare << "SELECT from_code, to_code, minutes FROM region_travel_minutes "
                       "ORDER BY from_code, to_code",
         soci::into(t.from_code), soci::into(t.to_code), soci::into(t.minutes));
    st.execute();
    while (st.fetch()) out.push_back(t);
    return out;
  });
}

int64_t ReferenceRepository::InsertAgency(const Agency& agency) {
  return Translate("saving an agency", [&] {
    const std::string now = NowTimestamp();
    int64_t id = 0;
    s_ << "INSERT INTO agencies (name, created_at, updated_at) VALUES (:n, :c, :u) RETURNING id",
        soci::use(agency.name), soci::use(now), soci::use(now), soci::into(id);
    Agency stored = agency;
    stored.id = id;
    ReplaceAgencyRegions(stored);
    return id;
  });
}

bool ReferenceRepository::UpdateAgency(const Agency& agency) {
  return Translate("saving an agency", [&] {
    const std::string now = NowTimestamp();
    soci::statement st = (s_.prepare << "UPDATE agencies SET name = :n, updated_at = :u "
                                        "WHERE id = :id",
                          soci::use(agency.name), soci::use(now), soci::use(agency.id));
    st.execute(true);
    if (st.get_affected_rows() == 0) return false;
    ReplaceAgencyRegions(agency);
    return true;
  });
}

void ReferenceRepository::ReplaceAgencyRegions(const Agency& agency) {
  DataVersionRepository(s_).NoteEverything();  // snapshots hold the agencies and their wards
  s_ << "DELETE FROM agency_regions WHERE agency_id = :id", soci::use(agency.id);
  for (const std::string& code : agency.regions) {
    s_ << "INSERT INTO agency_regions (agency_id, region_code) VALUES (:a, :r)",
        soci::use(agency.id), soci::use(code);
  }
}

std::optional<Agency> ReferenceRepository::FindAgency(int64_t id) {
  return Translate("reading an agency", [&]() -> std::optional<Agency> {
    Agency a;
    s_ << "SELECT id, name FROM agencies WHERE id = :id", soci::use(id), soci::into(a.id),
        soci::into(a.name);
    if (!s_.got_data()) return std::nullopt;
    std::string code;
    soci::statement st = (s_.prepare << "SELECT region_code FROM agency_regions "
                                        "WHERE agency_id = :id ORDER BY region_code",
                          soci::use(id), soci::into(code));
    st.execute();
    while (st.fetch()) a.regions.push_back(code);
    return a;
  });
}

std::vector<Agency> ReferenceRepository::ListAgencies() {
  return Translate("reading agencies", [&] {
    std::vector<Agency> out;
    std::map<int64_t, size_t> index;
    Agency a;
    soci::statement st = (s_.prepare << "SELECT id, name FROM agencies ORDER BY id",
                          soci::into(a.id), soci::into(a.name));
    st.execute();
    while (st.fetch()) {
      index[a.id] = out.size();
      out.push_back(a);
    }
    int64_t agency_id = 0;
    std::string code;
    soci::statement regions = (s_.prepare << "SELECT agency_id, region_code FROM agency_regions "
                                             "ORDER BY agency_id, region_code",
                               soci::into(agency_id), soci::into(code));
    regions.execute();
    while (regions.fetch()) {
      if (auto it = index.find(agency_id); it != index.end()) {
        out[it->second].regions.push_back(code);
      }
    }
    return out;
  });
}

}  // namespace fostermatch::storage
