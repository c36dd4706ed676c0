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
  router.Add(
      "GET", "/api/v1/needs/{id}/candidates", Authed(uc, usecases::kCasework, [&uc](Request& r) {
        const int64_t id = PathId(r, "id", "need");
        const int limit = QueryLimit(r, kDefaultCandidates, kMaxCandidates);
        const auto candidates =
            uc.ranking.CandidatesFor(id, static_cast<size_t>(limit), ActorOf(r));
        // Written once per ranking: the readers of the same need share its text.
        return JsonResponse(candidates->encoded.Get([&] { return CandidatesText(*candidates); }));
      }));

  // Light: a list is made once per data version from the households' derived fields (which the
  // matching snapshot holds), a page judges only its own entries against the open needs, and
  // each entry's text is written once per list.
  router.Add("GET", "/api/v1/long-unplaced", Authed(uc, usecases::kCasework, [&uc](Request& r) {
               usecases::LongUnplacedQuery q;
               q.agency_id = QueryInt(r, "agency");
               q.limit = QueryLimit(r, usecases::kDefaultPageSize, usecases::kMaxPageSize);
               q.offset = QueryCursor(r);
               const auto slice = uc.ranking.LongUnplacedSliceOf(q, ActorOf(r));
               return JsonResponse(LongUnplacedPageText(slice));
             }));
}

}  // namespace fostermatch::api
