#pragma once

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "matching/region_distance.h"

namespace fostermatch::testing {

// A city of `count` regions scattered up to `spread` degrees around Sapporo (0.2 is about 40 km),
// so some are out of reach of others. Their codes are appended to `codes`.
inline std::shared_ptr<const matching::RegionDistances> RandomCity(
    std::mt19937& rng, int count, double spread, std::vector<std::string>* codes) {
  std::uniform_real_distribution<double> offset(-spread, spread);
  std::vector<matching::Region> regions;
  for (int r = 0; r < count; ++r) {
    const std::string code = "R" + std::to_string(100 + r);
    regions.push_back({code, code, code, 43.06 + offset(rng), 141.35 + offset(rng)});
    codes->push_back(code);
  }
  return std::make_shared<matching::RegionDistances>(regions,
                                                     std::vector<matching::TravelMinutes>{});
}

}  // namespace fostermatch::testing
