#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

#include "matching/date.h"
#include "service/storage/database.h"

namespace fostermatch::usecases {

struct DemoDataOptions {
  uint64_t seed = 20261125;
  int households = 400;
  int open_needs = 60;
  matching::Date today;  // the synthetic city's "now"; dates are spread before and after it
};

struct DemoDataSummary {
  int agencies = 0;
  int households = 0;
  int trainings = 0;
  int needs = 0;  // open, plus the past ones behind placements
  int placements = 0;
};

// Writes a realistic synthetic city on the default regions (Sapporo's wards): three agencies
// serving the wards as Sapporo's do, households of all four types with registration dates over
// twelve years (about two thirds with no child placed), training histories, open needs and past
// placements. Reproducible: the same options give the same data. Refuses (throws
// std::runtime_error) if the database already holds foster parents. One transaction.
// Reports households written so far, of the total.
using DemoProgress = std::function<void(size_t done, size_t total)>;

DemoDataSummary WriteDemoData(storage::Database& db, const DemoDataOptions& options,
                              const DemoProgress& progress = {});

}  // namespace fostermatch::usecases
