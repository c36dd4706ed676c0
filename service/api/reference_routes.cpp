// Health, regions and agencies.

#include <boost/json.hpp>

#include "service/api/app.h"
#include "service/api/json_codec.h"
#include "service/api/json_fields.h"
#include "service/api/resource_codec.h"
#include "service/storage/reference_repository.h"

namespace fostermatch::api {

namespace json = boost::json;
using http::Request;
using matching::Role;

void AddReferenceRoutes(http::Router& router, AppContext& ctx) {
  router.Add("GET", "/healthz", [&ctx](Request&) {
    const bool db_ok = ctx.db.Ping();
    return JsonResponse(json::serialize(json::object{
                            {"status", db_ok ? "ok" : "degraded"},
                            {"database", db_ok ? "reachable" : "unreachable"}}),
                        db_ok ? 200 : 503);
  });

  router.Add("GET", "/api/v1/regions", Authed(ctx, [&ctx](Request&) {
               storage::Database::Lease lease = ctx.db.Acquire();
               json::array items;
               for (const auto& r : storage::ReferenceRepository(lease.session()).ListRegions()) {
                 items.push_back(ToJson(r));
               }
               return JsonResponse(ListPage(std::move(items), std::nullopt));
             }));

  router.Add("POST", "/api/v1/regions", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin});
               const auto region = ctx.casework.SaveRegion(DecodeRegion(ParseJsonBody(r)), ActorOf(r));
               return JsonResponse(json::serialize(ToJson(region)), 201);
             }));

  router.Add("GET", "/api/v1/agencies", Authed(ctx, [&ctx](Request&) {
               storage::Database::Lease lease = ctx.db.Acquire();
               json::array items;
               for (const auto& a : storage::ReferenceRepository(lease.session()).ListAgencies()) {
                 items.push_back(ToJson(a));
               }
               return JsonResponse(ListPage(std::move(items), std::nullopt));
             }));

  router.Add("POST", "/api/v1/agencies", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin});
               matching::Agency agency;
               ApplyAgency(ParseJsonBody(r), /*create=*/true, agency);
               agency = ctx.casework.CreateAgency(agency, ActorOf(r));
               return JsonResponse(json::serialize(ToJson(agency)), 201);
             }));

  router.Add("GET", "/api/v1/agencies/{id}", Authed(ctx, [&ctx](Request& r) {
               const auto agency = ctx.casework.GetAgency(PathId(r, "id", "agency"));
               return JsonResponse(json::serialize(ToJson(agency)));
             }));

  router.Add("PATCH", "/api/v1/agencies/{id}", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin});
               const json::object body = ParseJsonBody(r);
               matching::Agency agency = ctx.casework.GetAgency(PathId(r, "id", "agency"));
               ApplyAgency(body, /*create=*/false, agency);
               agency = ctx.casework.UpdateAgency(agency, ActorOf(r));
               return JsonResponse(json::serialize(ToJson(agency)));
             }));
}

}  // namespace fostermatch::api
