#include "service/usecases/regions.h"

#include <charconv>
#include <map>
#include <stdexcept>

#include "service/storage/data_version_repository.h"
#include "service/storage/reference_repository.h"
#include "service/usecases/csv.h"

namespace fostermatch::usecases {

std::vector<matching::Region> ParseRegionsCsv(std::string_view text) {
  const std::vector<CsvRecord> records = ParseCsv(text);
  if (records.empty()) throw std::runtime_error("the regions file is empty");
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < records[0].fields.size(); ++i) column[records[0].fields[i]] = i;
  for (const char* name : {"code", "name_ja", "name_en", "lat", "lon"}) {
    if (!column.contains(name)) {
      throw std::runtime_error(std::string("the regions file has no column ") + name);
    }
  }
  std::vector<matching::Region> out;
  for (size_t r = 1; r < records.size(); ++r) {
    const CsvRecord& rec = records[r];
    auto field = [&](const char* name) -> const std::string& {
      const size_t i = column[name];
      if (i >= rec.fields.size()) {
        throw std::runtime_error("line " + std::to_string(rec.line) + ": missing " + name);
      }
      return rec.fields[i];
    };
    auto number = [&](const char* name, double lo, double hi) {
      const std::string& s = field(name);
      double v = 0;
      auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi) {
        throw std::runtime_error("line " + std::to_string(rec.line) + ": " + name +
                                 " must be a number from " + std::to_string(lo) + " to " +
                                 std::to_string(hi));
      }
      return v;
    };
    matching::Region region{field("code"), field("name_ja"), field("name_en"),
                            number("lat", -90, 90), number("lon", -180, 180)};
    if (region.code.empty()) {
      throw std::runtime_error("line " + std::to_string(rec.line) + ": code is empty");
    }
    out.push_back(std::move(region));
  }
  return out;
}

size_t SaveRegions(storage::Database& db, const std::vector<matching::Region>& regions) {
  storage::Database::Lease lease = db.Acquire();
  storage::WriteTransaction tx(lease);
  storage::ReferenceRepository repo(lease.session());
  for (const auto& region : regions) repo.UpsertRegion(region);
  storage::DataVersionRepository(lease.session()).Bump();  // servers' snapshots hold regions
  tx.Commit();
  return regions.size();
}

}  // namespace fostermatch::usecases

namespace fostermatch::usecases {
void EnsureRegions(storage::Database& db) {
  {
    storage::Database::Lease lease = db.Acquire();
    if (!storage::ReferenceRepository(lease.session()).ListRegions().empty()) return;
  }
  SaveRegions(db, ParseRegionsCsv(DefaultRegionsCsv()));
}
}  // namespace fostermatch::usecases
