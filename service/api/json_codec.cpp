#include "service/api/json_codec.h"

namespace fostermatch::api {

namespace json = boost::json;

namespace {

json::array Strings(const std::vector<std::string_view>& names) {
  json::array out;
  for (auto n : names) out.push_back(json::string(n));
  return out;
}

json::object Weights(const matching::ScoreWeights& w) {
  return {{"proximity", w.proximity}, {"readiness", w.readiness}, {"waiting", w.waiting},
          {"fit", w.fit}};
}

// Rounds to 4 decimals: enough to read, stable to compare.
double Round4(double v) { return std::round(v * 10000) / 10000; }

}  // namespace

json::object ToJson(const matching::Region& r) {
  return {{"code", r.code}, {"name_ja", r.name_ja}, {"name_en", r.name_en},
          {"lat", r.lat},   {"lon", r.lon}};
}

json::object ToJson(const matching::Agency& a) {
  json::array regions;
  for (const auto& code : a.regions) regions.push_back(json::string(code));
  return {{"id", a.id}, {"name", a.name}, {"regions", std::move(regions)}};
}

json::object ToJson(const matching::Readiness& r) {
  json::array missing;
  for (const auto& g : r.missing) {
    missing.push_back({{"hard", g.hard}, {"ja", g.ja}, {"en", g.en}});
  }
  return {{"score", r.score}, {"ready", r.hard_ok}, {"missing", std::move(missing)}};
}

json::object ToJson(const matching::Need& need, const matching::RankResult& result,
                    const MatchingSnapshot& snapshot) {
  json::object excluded;
  for (size_t i = 0; i < matching::kExclusionCount; ++i) {
    excluded[matching::ExclusionName(static_cast<matching::Exclusion>(i))] = result.excluded[i];
  }
  json::array candidates;
  for (const auto& c : result.candidates) {
    json::array reasons;
    for (const auto& reason : c.reasons) {
      reasons.push_back({{"component", reason.component}, {"ja", reason.ja}, {"en", reason.en}});
    }
    json::object item{{"foster_parent_id", c.foster_parent_id},
                      {"agency_id", c.agency_id},
                      {"score", Round4(c.score)},
                      {"components",
                       {{"proximity", Round4(c.components.proximity)},
                        {"readiness", Round4(c.components.readiness)},
                        {"waiting", Round4(c.components.waiting)},
                        {"fit", Round4(c.components.fit)}}},
                      {"reasons", std::move(reasons)}};
    if (const auto* home = snapshot.FindHome(c.foster_parent_id)) {
      item["household_name"] = home->parent.household_name;
      item["region"] = home->parent.region;
    }
    candidates.push_back(std::move(item));
  }
  return {{"need_id", need.id},
          {"evaluated", result.evaluated},
          {"eligible", result.eligible},
          {"excluded", std::move(excluded)},
          {"weights", Weights(result.weights)},
          {"candidates", std::move(candidates)}};
}

json::object ToJson(const matching::LongUnplacedEntry& e, const MatchingSnapshot& snapshot) {
  json::array unlocks;
  for (const auto& u : e.unlocks) {
    static constexpr std::array<std::string_view, 10> kKinds = {
        "reactivate",      "renew_registration", "base_courses", "renewal_training",
        "specialized_training", "accept_need",   "wider_age_range", "both_sexes",
        "more_siblings",   "not_respite_only"};
    json::object item{{"kind", kKinds[static_cast<size_t>(u.kind)]},
                      {"needs_unlocked", u.needs_unlocked},
                      {"ja", u.ja},
                      {"en", u.en}};
    if (u.need) item["need"] = matching::ToString(*u.need);
    unlocks.push_back(std::move(item));
  }
  json::object out{
      {"foster_parent_id", e.foster_parent_id},
      {"agency_id", e.agency_id},
      {"months_unplaced", e.facts.months_unplaced},
      {"last_placement_ended_on",
       e.facts.last_placement_ended_on ? json::value(e.facts.last_placement_ended_on->ToString())
                                       : json::value(nullptr)},
      {"readiness", ToJson(e.facts.readiness)},
      {"eligible_now", e.eligible_now},
      {"unlocks", std::move(unlocks)},
      {"next_step", {{"code", e.next_step.code}, {"ja", e.next_step.ja}, {"en", e.next_step.en}}}};
  if (const auto* home = snapshot.FindHome(e.foster_parent_id)) {
    out["household_name"] = home->parent.household_name;
    out["region"] = home->parent.region;
    out["types"] = Strings(home->parent.types.Names());
  }
  return out;
}

std::string ListPage(json::array items, const std::optional<std::string>& next_cursor) {
  json::object page;
  page["items"] = std::move(items);
  page["next_cursor"] = next_cursor ? json::value(*next_cursor) : json::value(nullptr);
  return json::serialize(page);
}

}  // namespace fostermatch::api
