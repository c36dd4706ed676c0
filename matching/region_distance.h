#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matching/domain.h"

namespace fostermatch::matching {

// Travel between regions: great-circle distance between centroids turned into estimated
// minutes, replaced by an operator's travel-minutes table where one is given. Immutable once
// built; safe to share between threads.
class RegionDistances final {
 public:
  // Estimated minutes for regions without an override: kBaseMinutes + km * kMinutesPerKm
  // (a city trip by car or transit); 0 within one region.
  static constexpr double kBaseMinutes = 10;
  static constexpr double kMinutesPerKm = 2.5;

  RegionDistances() = default;
  RegionDistances(const std::vector<Region>& regions, const std::vector<TravelMinutes>& overrides);

  size_t size() const { return codes_.size(); }
  // Dense index of a region code, or nullopt if unknown.
  std::optional<uint16_t> Index(std::string_view code) const;
  const std::string& Code(uint16_t index) const { return codes_[index]; }
  const Region& region(uint16_t index) const { return regions_[index]; }
  double Km(uint16_t from, uint16_t to) const { return km_[from * size() + to]; }
  double Minutes(uint16_t from, uint16_t to) const { return minutes_[from * size() + to]; }
  // Minutes from every region to `to`, indexed by the origin region: one row per destination,
  // so a need's travel times are one contiguous array.
  const double* MinutesTo(uint16_t to) const { return &minutes_to_[to * size()]; }
  // A row of "unreachable" for needs in a region not in the table.
  const double* Unreachable() const { return unreachable_.data(); }

 private:
  std::vector<Region> regions_;
  std::vector<std::string> codes_;  // sorted, parallel to regions_
  std::vector<double> km_;
  std::vector<double> minutes_;
  std::vector<double> minutes_to_;  // transposed minutes_
  std::vector<double> unreachable_;
};

// Great-circle distance in km (haversine, mean Earth radius).
double GreatCircleKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace fostermatch::matching
