#pragma once

// Boost.JSON encoders for the domain's resources, one place per resource.

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "matching/domain.h"
#include "matching/engine.h"
#include "service/matching_service.h"

namespace fostermatch::api {

boost::json::object ToJson(const matching::Region& region);
boost::json::object ToJson(const matching::Agency& agency);
boost::json::object ToJson(const matching::Readiness& readiness);
// A ranking: {need_id, evaluated, eligible, excluded: {reason: n}, weights, candidates: [...]}.
boost::json::object ToJson(const matching::Need& need, const matching::RankResult& result,
                           const MatchingSnapshot& snapshot);
boost::json::object ToJson(const matching::LongUnplacedEntry& entry,
                           const MatchingSnapshot& snapshot);

// Serialises a list page: {"items": [...], "next_cursor": "…" | null}.
std::string ListPage(boost::json::array items, const std::optional<std::string>& next_cursor);

}  // namespace fostermatch::api
