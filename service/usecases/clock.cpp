#include "service/usecases/clock.h"

#include <chrono>

namespace fostermatch::usecases {

matching::Date SystemToday() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return matching::Date::FromDays(static_cast<int32_t>(days.time_since_epoch().count()));
}

}  // namespace fostermatch::usecases
