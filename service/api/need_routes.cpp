// Child placement needs, placements, and the audit log.

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

namespace {

std::optional<std::string> NextCursor(const std::optional<int64_t>& next) {
  return next ? std::optional(EncodeCursor(*next)) : std::nullopt;
}

}  // namespace

void AddNeedRoutes(http::Router& router, usecases::UseCases& uc) {
  router.Add("GET", "/api/v1/needs", Authed(uc, usecases::kCasework, [&uc](Request& r) {
               usecases::NeedQuery q;
               q.status = QueryEnum<matching::NeedStatus>(r, "status");
               q.region = r.Query("region");
               q.limit = QueryLimit(r, usecases::kDefaultPageSize, usecases::kMaxPageSize);
               q.after_id = QueryCursor(r);
               const auto page = uc.needs.List(q, ActorOf(r));
               json::array items;
               for (const auto& n : page.items) items.push_back(ToJson(n));
               return JsonResponse(ListPage(std::move(items), NextCursor(page.next_after)));
             }));

  router.Add("POST", "/api/v1/needs", Authed(uc, usecases::kCenter, [&uc](Request& r) {
               const auto changes = DecodeNeedChanges(ParseJsonBody(r), /*create=*/true);
               return JsonResponse(model::ToJsonText(ToJson(uc.needs.Create(changes, ActorOf(r)))),
                                   201);
             }));

  router.Add("GET", "/api/v1/needs/{id}", Authed(uc, usecases::kCasework, [&uc](Request& r) {
               const auto need = uc.needs.Get(PathId(r, "id", "need"), ActorOf(r));
               return JsonResponse(model::ToJsonText(ToJson(need)));
             }));

  router.Add(
      "PATCH", "/api/v1/needs/{id}", Authed(uc, usecases::kCenter, [&uc](Request& r) {
        const int64_t id = PathId(r, "id", "need");
        const auto changes = DecodeNeedChanges(ParseJsonBody(r), /*create=*/false);
        return JsonResponse(model::ToJsonText(ToJson(uc.needs.Update(id, changes, ActorOf(r)))));
      }));

  router.Add("POST", "/api/v1/placements", Authed(uc, usecases::kCenter, [&uc](Request& r) {
               const json::object body = ParseJsonBody(r);
               JsonFields f(body);
               auto need_id = f.Int("need_id", true, 1, INT64_MAX);
               auto fp_id = f.Int("foster_parent_id", true, 1, INT64_MAX);
               auto started = f.Date("started_on", true);
               f.RejectUnknown({"need_id", "foster_parent_id", "started_on"});
               f.ThrowIfInvalid();
               const auto p = uc.placements.Record(*need_id, *fp_id, *started, ActorOf(r));
               return JsonResponse(model::ToJsonText(ToJson(p)), 201);
             }));

  router.Add("PATCH", "/api/v1/placements/{id}", Authed(uc, usecases::kCenter, [&uc](Request& r) {
               const int64_t id = PathId(r, "id", "placement");
               const json::object body = ParseJsonBody(r);
               JsonFields f(body);
               auto ended = f.Date("ended_on", true);
               auto outcome = f.String("outcome", false, 100);
               f.RejectUnknown({"ended_on", "outcome"});
               f.ThrowIfInvalid();
               const auto p = uc.placements.End(id, *ended, outcome.value_or(""), ActorOf(r));
               return JsonResponse(model::ToJsonText(ToJson(p)));
             }));

  router.Add("GET", "/api/v1/audit", Authed(uc, usecases::kAdminOnly, [&uc](Request& r) {
               model::AuditQuery q;
               q.entity = r.Query("entity");
               q.entity_id = r.Query("entity_id");
               q.actor = r.Query("actor");
               q.limit = QueryLimit(r, usecases::kDefaultPageSize, usecases::kMaxPageSize);
               q.before_id = QueryCursor(r);
               const auto page = uc.audit.List(q, ActorOf(r));
               json::array items;
               for (const auto& e : page.items) items.push_back(ToJson(e));
               return JsonResponse(ListPage(std::move(items), NextCursor(page.next_after)));
             }));
}

}  // namespace fostermatch::api
