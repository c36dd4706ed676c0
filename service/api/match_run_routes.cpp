// The monthly batch through the API, and agencies' answers to its proposals.

#include <boost/json.hpp>

#include "service/api/app.h"
#include "service/api/json_fields.h"
#include "service/batch.h"

namespace fostermatch::api {

namespace json = boost::json;
using http::Request;
using matching::Role;

void AddMatchRunRoutes(http::Router& router, AppContext& ctx) {
  router.Add("POST", "/api/v1/match-runs", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin});
               const json::object body = ParseJsonBody(r);
               JsonFields f(body);
               BatchOptions options;
               if (auto v = f.String("month", true, 7, 7)) options.month = *v;
               if (auto v = f.Bool("apply", false)) options.apply = *v;
               if (auto v = f.Int("top_k", false, 1, 1000)) options.top_k = static_cast<size_t>(*v);
               f.RejectUnknown({"month", "apply", "top_k"});
               f.ThrowIfInvalid();
               const BatchSummary s = RunMonthlyBatch(ctx.db, ctx.matching, options, ActorOf(r));
               return JsonResponse(json::serialize(json::object{{"month", s.month},
                                                                {"open_needs", s.open_needs},
                                                                {"proposals", s.proposals},
                                                                {"unassigned", s.unassigned},
                                                                {"total_score", s.total_score},
                                                                {"proven_optimal", s.proven_optimal},
                                                                {"seconds", s.seconds}}),
                                   201);
             }));

  router.Add("GET", "/api/v1/match-runs/{month}", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin, Role::kStaff, Role::kAgency});
               const json::object run = MatchRunJson(ctx.db, r.path_params.at("month"), AgencyScope(r));
               return JsonResponse(json::serialize(run));
             }));

  router.Add("POST", "/api/v1/proposals/{id}/response", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin, Role::kStaff, Role::kAgency});
               const json::object body = ParseJsonBody(r);
               JsonFields f(body);
               auto response = f.String("response", true, 16);
               auto reason = f.String("reason", false, 64);
               auto note = f.String("note", false, 1000);
               f.RejectUnknown({"response", "reason", "note"});
               f.ThrowIfInvalid();
               RespondToProposal(ctx.db, PathId(r, "id", "proposal"), *response, reason.value_or(""),
                                 note.value_or(""), ActorOf(r));
               return JsonResponse(json::serialize(json::object{{"id", PathId(r, "id", "proposal")},
                                                                {"response", *response}}));
             }));
}

}  // namespace fostermatch::api
