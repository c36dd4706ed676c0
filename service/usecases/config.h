#pragma once

#include <chrono>

#include "matching/engine.h"
#include "service/usecases/clock.h"

namespace fostermatch::usecases {

struct Config {
  // Weights, distance limit, long-unplaced threshold (months) and readiness rules.
  matching::MatchPolicy policy;
  // Today's date; SystemToday when empty.
  Clock today;
  // How often at most a process reads the database's data version to learn of changes committed
  // by other processes (other servers, the CLI): the bound on how stale its snapshot and token
  // cache can be. One indexed single-row read per interval.
  static constexpr std::chrono::milliseconds kDefaultVersionCheckInterval{200};
  std::chrono::milliseconds version_check_interval = kDefaultVersionCheckInterval;
};

}  // namespace fostermatch::usecases
