#include "service/api/json_codec.h"

namespace fostermatch::api {

namespace json = boost::json;

json::object ToJson(const matching::Region& r) {
  return {{"code", r.code}, {"name_ja", r.name_ja}, {"name_en", r.name_en},
          {"lat", r.lat},   {"lon", r.lon}};
}

json::object ToJson(const matching::Agency& a) {
  json::array regions;
  for (const auto& code : a.regions) regions.push_back(json::string(code));
  return {{"id", a.id}, {"name", a.name}, {"regions", std::move(regions)}};
}

std::string ListPage(json::array items, const std::optional<std::string>& next_cursor) {
  json::object page;
  page["items"] = std::move(items);
  page["next_cursor"] = next_cursor ? json::value(*next_cursor) : json::value(nullptr);
  return json::serialize(page);
}

}  // namespace fostermatch::api
