#pragma once

// The one shape of a long-unplaced household, for the API's list and the monthly run alike.

#include "matching/engine.h"
#include "service/model/match_run.h"

namespace fostermatch::usecases {

// `home` is the household the entry is about.
model::LongUnplacedItem ToLongUnplacedItem(const matching::LongUnplacedEntry& entry,
                                           const matching::HomeInput& home);

model::ReadinessView ToReadinessView(const matching::Readiness& readiness);

}  // namespace fostermatch::usecases
