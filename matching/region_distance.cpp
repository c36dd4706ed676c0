#include "matching/region_distance.h"

#include <algorithm>
#include <cmath>

namespace fostermatch::matching {

double GreatCircleKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kEarthRadiusKm = 6371.0088;
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

RegionDistances::RegionDistances(const std::vector<Region>& regions,
                                 const std::vector<TravelMinutes>& overrides)
    : regions_(regions) {
  std::sort(regions_.begin(), regions_.end(),
            [](const Region& a, const Region& b) { return a.code < b.code; });
  for (const Region& r : regions_) codes_.push_back(r.code);
  const size_t n = regions_.size();
  km_.assign(n * n, 0);
  minutes_.assign(n * n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      const double km =
          GreatCircleKm(regions_[i].lat, regions_[i].lon, regions_[j].lat, regions_[j].lon);
      km_[i * n + j] = km;
      minutes_[i * n + j] = kBaseMinutes + km * kMinutesPerKm;
    }
  }
  for (const TravelMinutes& t : overrides) {
    auto from = Index(t.from_code), to = Index(t.to_code);
    if (from && to) minutes_[*from * n + *to] = t.minutes;
  }
  minutes_to_.assign(n * n, 0);
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = 0; j < n; ++j) minutes_to_[j * n + i] = minutes_[i * n + j];
  }
  unreachable_.assign(std::max<size_t>(n, 1), 1e9);
}

std::optional<uint16_t> RegionDistances::Index(std::string_view code) const {
  auto it = std::lower_bound(codes_.begin(), codes_.end(), code);
  if (it == codes_.end() || *it != code) return std::nullopt;
  return static_cast<uint16_t>(it - codes_.begin());
}

}  // namespace fostermatch::matching
