#pragma once

#include <string_view>
#include <vector>

#include "matching/domain.h"
#include "service/storage/database.h"

namespace fostermatch::usecases {

// Sapporo's ten wards (data/regions-sapporo.csv), compiled in as the default region data.
std::string_view DefaultRegionsCsv();

// Parses a regions file with the header code,name_ja,name_en,lat,lon (any column order).
// Throws std::runtime_error naming the line and field that is wrong.
std::vector<matching::Region> ParseRegionsCsv(std::string_view text);

// Inserts or updates the regions (by code) in one transaction; returns how many.
size_t SaveRegions(storage::Database& db, const std::vector<matching::Region>& regions);

}  // namespace fostermatch::usecases

namespace fostermatch::usecases {
// Loads the default regions if the database has none yet (a fresh install).
void EnsureRegions(storage::Database& db);
}  // namespace fostermatch::usecases
