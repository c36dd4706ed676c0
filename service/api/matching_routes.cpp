// Ranked candidate homes for a need, and the long-unplaced homes with what would unlock them.

#include <boost/json.hpp>

#include "service/api/app.h"
#include "service/api/json_codec.h"
#include "service/api/request.h"
#include "service/model/json_text.h"

namespace fostermatch::api {

namespace json = boost::json;
using http::Request;

namespace {

constexpr int kDefaultCandidates = 10;
constexpr int kMaxCandidates = 100;

}  // namespace

void AddMatchingRoutes(http::Router& router, usecases::UseCases& uc) {
  router.Add("GET", "/api/v1/needs/{id}/candidates",
             Authed(uc, usecases::kCasework, [&uc](Request& r) {
               const int64_t id = PathId(r, "id", "need");
               const int limit = QueryLimit(r, kDefaultCandidates, kMaxCandidates);
               const auto candidates =
                   uc.ranking.CandidatesFor(id, static_cast<size_t>(limit), ActorOf(r));
               return JsonResponse(model::ToJsonText(ToJson(candidates)));
             }));

  // Light: a list is made once per data version from the households' derived fields (kept per
  // household and day), and a page computes only its own entries' unlocks.
  router.Add("GET", "/api/v1/long-unplaced", Authed(uc, usecases::kCasework, [&uc](Request& r) {
               usecases::LongUnplacedQuery q;
               q.agency_id = QueryInt(r, "agency");
               q.limit = QueryLimit(r, usecases::kDefaultPageSize, usecases::kMaxPageSize);
               q.offset = QueryCursor(r);
               const auto page = uc.ranking.LongUnplaced(q, ActorOf(r));
               json::object out;
               out["items"] = json::value_from(page.items);
               out["next_cursor"] =
                   page.next_offset ? json::value(EncodeCursor(*page.next_offset)) : nullptr;
               out["total"] = page.total;
               out["open_needs_considered"] = page.open_needs_considered;
               out["threshold_months"] = page.threshold_months;
               return JsonResponse(model::ToJsonText(out));
             }));
}

}  // namespace fostermatch::api
