#pragma once

// Boost.JSON encoders for the domain's resources, one place per resource.

#include <boost/json.hpp>

#include "matching/domain.h"

namespace fostermatch::api {

boost::json::object ToJson(const matching::Region& region);
boost::json::object ToJson(const matching::Agency& agency);

// Serialises a list page: {"items": [...], "next_cursor": "…" | null}.
std::string ListPage(boost::json::array items, const std::optional<std::string>& next_cursor);

}  // namespace fostermatch::api
