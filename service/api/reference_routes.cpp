// Regions and agencies.

#include <boost/json.hpp>

#include "service/api/app.h"
#include "service/api/json_codec.h"
#include "service/api/json_fields.h"
#include "service/api/request.h"
#include "service/api/resource_codec.h"
#include "service/model/json_text.h"

namespace fostermatch::api {

namespace json = boost::json;
using http::Request;

void AddReferenceRoutes(http::Router& router, usecases::UseCases& uc) {
  router.Add("GET", "/api/v1/regions", Authed(uc, usecases::kAnyRole, [&uc](Request& r) {
               json::array items;
               for (const auto& region : uc.reference.ListRegions(ActorOf(r))) {
                 items.push_back(ToJson(region));
               }
               return JsonResponse(ListPage(std::move(items), std::nullopt));
             }));

  router.Add("POST", "/api/v1/regions", Authed(uc, usecases::kAdminOnly, [&uc](Request& r) {
               const auto region =
                   uc.reference.SaveRegion(DecodeRegion(ParseJsonBody(r)), ActorOf(r));
               return JsonResponse(model::ToJsonText(ToJson(region)), 201);
             }));

  router.Add("GET", "/api/v1/agencies", Authed(uc, usecases::kAnyRole, [&uc](Request& r) {
               json::array items;
               for (const auto& a : uc.reference.ListAgencies(ActorOf(r)))
                 items.push_back(ToJson(a));
               return JsonResponse(ListPage(std::move(items), std::nullopt));
             }));

  router.Add("POST", "/api/v1/agencies", Authed(uc, usecases::kAdminOnly, [&uc](Request& r) {
               const auto changes = DecodeAgencyChanges(ParseJsonBody(r), /*create=*/true);
               const auto agency = uc.reference.CreateAgency(changes, ActorOf(r));
               return JsonResponse(model::ToJsonText(ToJson(agency)), 201);
             }));

  router.Add("GET", "/api/v1/agencies/{id}", Authed(uc, usecases::kAnyRole, [&uc](Request& r) {
               const auto agency = uc.reference.GetAgency(PathId(r, "id", "agency"), ActorOf(r));
               return JsonResponse(model::ToJsonText(ToJson(agency)));
             }));

  router.Add("PATCH", "/api/v1/agencies/{id}", Authed(uc, usecases::kAdminOnly, [&uc](Request& r) {
               const int64_t id = PathId(r, "id", "agency");
               const auto changes = DecodeAgencyChanges(ParseJsonBody(r), /*create=*/false);
               const auto agency = uc.reference.UpdateAgency(id, changes, ActorOf(r));
               return JsonResponse(model::ToJsonText(ToJson(agency)));
             }));
}

}  // namespace fostermatch::api
