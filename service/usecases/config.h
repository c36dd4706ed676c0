#pragma once

#include "matching/engine.h"
#include "service/usecases/clock.h"

namespace fostermatch::usecases {

struct Config {
  // Weights, distance limit, long-unplaced threshold (months) and readiness rules.
  matching::MatchPolicy policy;
  // Today's date; SystemToday when empty.
  Clock today;
};

}  // namespace fostermatch::usecases
