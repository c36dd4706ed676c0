#include "service/api/json_codec.h"

#include <cmath>

#include "service/api/request.h"
#include "service/model/json_text.h"

namespace fostermatch::api {

namespace json = boost::json;

namespace {

json::object Weights(const matching::ScoreWeights& w) {
  return {{"proximity", w.proximity},
          {"readiness", w.readiness},
          {"waiting", w.waiting},
          {"fit", w.fit}};
}

// Rounds to 4 decimals: enough to read, stable to compare.
double Round4(double v) { return std::round(v * 10000) / 10000; }

json::object ToJson(const matching::Candidate& c, const json::storage_ptr& sp) {
  json::array reasons(sp);
  for (const auto& reason : *c.reasons) {
    reasons.push_back(
        json::object({{"component", reason.component}, {"ja", reason.ja}, {"en", reason.en}}, sp));
  }
  return json::object({{"foster_parent_id", c.foster_parent_id},
                       {"agency_id", c.agency_id},
                       {"score", Round4(c.score)},
                       {"components",
                        {{"proximity", Round4(c.components.proximity)},
                         {"readiness", Round4(c.components.readiness)},
                         {"waiting", Round4(c.components.waiting)},
                         {"fit", Round4(c.components.fit)}}},
                       {"reasons", std::move(reasons)}},
                      sp);
}

}  // namespace

json::object ToJson(const matching::Region& r) {
  return {{"code", r.code},
          {"name_ja", r.name_ja},
          {"name_en", r.name_en},
          {"lat", r.lat},
          {"lon", r.lon}};
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

std::string CandidatesText(const usecases::Candidates& c) {
  const matching::RankResult& result = c.result;
  // The list is most of the text and outlives a write that moves only the counts.
  const std::string& list = c.encoded_candidates->Get([&] {
    std::string out = "[";
    for (size_t i = 0; i < result.candidates.size(); ++i) {
      auto encode = [&] {
        json::monotonic_resource memory;  // one buffer for the whole item
        json::object item = ToJson(result.candidates[i], &memory);
        item["household_name"] = c.homes[i]->parent.household_name;
        item["region"] = c.homes[i]->parent.region;
        return model::ToJsonText(item);
      };
      if (i) out += ',';
      out += i < c.encoded_items.size() ? c.encoded_items[i]->Get(encode) : encode();
    }
    return out + ']';
  });
  // Written by hand: after a write, every ranking read again writes this part anew.
  std::string text = "{\"need_id\":" + std::to_string(c.need.id) +
                     ",\"evaluated\":" + std::to_string(result.evaluated) +
                     ",\"eligible\":" + std::to_string(result.eligible) + ",\"excluded\":{";
  for (size_t i = 0; i < matching::kExclusionCount; ++i) {
    text += i ? ",\"" : "\"";
    text += matching::ExclusionName(static_cast<matching::Exclusion>(i));  // plain ASCII names
    text += "\":" + std::to_string(result.excluded[i]);
  }
  text += "},\"weights\":" + model::ToJsonText(Weights(result.weights)) + ",\"candidates\":";
  text += list;
  text += '}';
  return text;
}

json::object ToJson(const usecases::RunStatus& s) {
  json::object out{{"month", s.month}, {"state", s.state}};
  if (s.state == "running")
    out["progress"] = {{"phase", s.phase}, {"done", s.done}, {"total", s.total}};
  if (s.summary) out["summary"] = json::value_from(*s.summary);
  if (!s.error.empty()) out["error"] = s.error;
  out["run"] = "/api/v1/match-runs/" + s.month;
  return out;
}

json::object ToJson(const usecases::TrainingImportResult& result) {
  json::array rejected;
  for (const auto& x : result.rejected) rejected.push_back({{"line", x.line}, {"error", x.error}});
  return {{"inserted", result.inserted},
          {"updated", result.updated},
          {"rejected", std::move(rejected)}};
}

std::string ListPage(json::array items, const std::optional<std::string>& next_cursor) {
  json::object page;
  page["items"] = std::move(items);
  page["next_cursor"] = next_cursor ? json::value(*next_cursor) : json::value(nullptr);
  return model::ToJsonText(page);
}

std::string LongUnplacedPageText(const usecases::LongUnplacedSlice& slice) {
  static const usecases::LongUnplacedList::Encoder kEncode =
      [](const matching::LongUnplacedEntry& entry, const matching::HomeInput& home) {
        return model::ToJsonText(json::value_from(usecases::ToLongUnplacedItem(entry, home)));
      };
  std::vector<const std::string*> items;
  items.reserve(slice.end - slice.begin);
  for (size_t i = slice.begin; i < slice.end; ++i) {
    items.push_back(&slice.list->Encoded(i, kEncode));
  }
  std::optional<std::string> cursor;
  if (slice.next_offset) cursor = EncodeCursor(*slice.next_offset);
  std::string out = ListPageOfTexts(items, cursor);
  // The list page's closing brace gives way to the list's own figures.
  out.pop_back();
  out += ",\"total\":" + std::to_string(slice.list->size());
  out += ",\"open_needs_considered\":" + std::to_string(slice.list->open_needs_considered());
  out += ",\"threshold_months\":" + std::to_string(slice.threshold_months);
  out += '}';
  return out;
}

std::string ListPageOfTexts(std::span<const std::string* const> items,
                            const std::optional<std::string>& next_cursor) {
  const std::string cursor =
      next_cursor ? json::serialize(json::string_view(*next_cursor)) : std::string("null");
  constexpr std::string_view kHead = R"({"items":[)", kTail = R"(],"next_cursor":)";
  size_t size = kHead.size() + kTail.size() + cursor.size() + 1;
  for (const std::string* item : items) size += item->size() + 1;
  std::string out;
  out.reserve(size);
  out += kHead;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ',';
    out += *items[i];
  }
  out += kTail;
  out += cursor;
  out += '}';
  return out;
}

}  // namespace fostermatch::api
