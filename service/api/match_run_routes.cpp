// The monthly run through the API, and agencies' answers to its proposals.

#include <boost/json.hpp>

#include "service/api/app.h"
#include "service/api/json_codec.h"
#include "service/api/json_fields.h"
#include "service/api/request.h"
#include "service/model/json_text.h"

namespace fostermatch::api {

namespace json = boost::json;
using http::Request;

void AddMatchRunRoutes(http::Router& router, usecases::UseCases& uc) {
  // Starts the run in the background: 202 with where to poll its status. The run has a thread of
  // its own, one run at a time (409 while one is under way), so this request is light.
  router.Add("POST", "/api/v1/match-runs", Authed(uc, usecases::kAdminOnly, [&uc](Request& r) {
               const json::object body = ParseJsonBody(r);
               JsonFields f(body);
               usecases::MonthlyRunOptions options;
               if (auto v = f.String("month", true, 7, 7)) options.month = *v;
               if (auto v = f.Bool("apply", false)) options.apply = *v;
               if (auto v = f.String("objective", false, 64)) {
                 if (auto objective = matching::ParseObjective(*v)) {
                   options.objective = *objective;
                 } else {
                   f.Fail("objective", std::string(matching::kObjectiveFormat));
                 }
               }
               f.RejectUnknown({"month", "apply", "objective"});
               f.ThrowIfInvalid();
               const auto status = uc.match_runs.Start(options, ActorOf(r));
               http::Response response = JsonResponse(model::ToJsonText(ToJson(status)), 202);
               response.headers.emplace_back("Location",
                                             "/api/v1/match-runs/" + options.month + "/status");
               return response;
             }));

  router.Add("GET", "/api/v1/match-runs", Authed(uc, usecases::kCasework, [&uc](Request& r) {
               json::array items;
               for (const auto& run : uc.match_runs.List(ActorOf(r)))
                 items.push_back(json::value_from(run));
               return JsonResponse(ListPage(std::move(items), std::nullopt));
             }));

  router.Add("GET", "/api/v1/match-runs/{month}/status",
             Authed(uc, usecases::kCasework, [&uc](Request& r) {
               const auto status = uc.match_runs.Status(r.path_params.at("month"), ActorOf(r));
               return JsonResponse(model::ToJsonText(ToJson(status)));
             }));

  router.Add("GET", "/api/v1/match-runs/{month}",
             Authed(uc, usecases::kCasework,
                    [&uc](Request& r) {
                      const auto run = uc.match_runs.Get(r.path_params.at("month"), ActorOf(r));
                      return JsonResponse(model::ToJsonText(json::value_from(run)));
                    }),
             http::RequestClass::kHeavy);

  router.Add(
      "POST", "/api/v1/proposals/{id}/response", Authed(uc, usecases::kCasework, [&uc](Request& r) {
        const int64_t id = PathId(r, "id", "proposal");
        const json::object body = ParseJsonBody(r);
        JsonFields f(body);
        auto response = f.String("response", true, 16);
        auto reason = f.String("reason", false, 64);
        auto note = f.String("note", false, 1000);
        f.RejectUnknown({"response", "reason", "note"});
        f.ThrowIfInvalid();
        uc.match_runs.Respond(id, *response, reason.value_or(""), note.value_or(""), ActorOf(r));
        return JsonResponse(model::ToJsonText(json::object{{"id", id}, {"response", *response}}));
      }));
}

}  // namespace fostermatch::api
