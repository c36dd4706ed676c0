// Where things are, health, metrics and the OpenAPI document.

#include <boost/json.hpp>

#include "service/api/app.h"
#include "service/api/request.h"
#include "service/model/json_text.h"

namespace fostermatch::api {

namespace json = boost::json;
using http::Request;

namespace {

std::string Gauge(const std::string& name, const std::string& help, size_t value) {
  return "# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n" + name + " " +
         std::to_string(value) + "\n";
}

}  // namespace

void AddSystemRoutes(http::Router& router, usecases::UseCases& uc, const http::Metrics* metrics) {
  // Where a newcomer who opens the base URL finds things.
  router.Add("GET", "/", [](Request&) {
    return JsonResponse(
        R"({"service":"fostermatch","api":"/api/v1","openapi":"/api/v1/openapi.json",)"
        R"("health":"/healthz","metrics":"/metrics","auth":"Authorization: Bearer <token>"})");
  });

  router.Add(
      "GET", "/healthz",
      [&uc](Request&) {
        const bool ok = uc.CheckHealth().database_reachable;
        return JsonResponse(
            model::ToJsonText(json::object{{"status", ok ? "ok" : "degraded"},
                                           {"database", ok ? "reachable" : "unreachable"}}),
            ok ? 200 : 503);
      },
      http::RequestClass::kProbe);

  // Prometheus scrapes from the same host; elsewhere it takes an admin token.
  auto render = [&uc, metrics](Request&) {
    std::string text = metrics ? metrics->Render() : "";
    text += Gauge("fostermatch_matching_index_homes", "Households in the matching index.",
                  uc.ranking.IndexedHomes());
    text += Gauge("fostermatch_database_connections", "Database connections in the pool.",
                  uc.CheckHealth().database_connections);
    return http::Response{200, "text/plain; version=0.0.4; charset=utf-8", std::move(text), {}};
  };
  auto admin_render = Authed(uc, usecases::kAdminOnly, render);
  router.Add("GET", "/metrics", [render, admin_render](Request& r) {
    return r.from_loopback ? render(r) : admin_render(r);
  });

  router.Add("GET", "/api/v1/openapi.json",
             [](Request&) { return JsonResponse(std::string(OpenApiDocument())); });
}

}  // namespace fostermatch::api
