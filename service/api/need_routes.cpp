// Child placement needs, placements, and the audit log.

#include <boost/json.hpp>

#include "service/api/app.h"
#include "service/api/json_codec.h"
#include "service/api/json_fields.h"
#include "service/api/resource_codec.h"
#include "service/http/problem.h"
#include "service/storage/auth_repository.h"

namespace fostermatch::api {

namespace json = boost::json;
using http::ApiError;
using http::Request;
using matching::Role;

void AddNeedRoutes(http::Router& router, AppContext& ctx) {
  router.Add("GET", "/api/v1/needs", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin, Role::kStaff, Role::kAgency});
               storage::NeedFilter filter;
               if (auto raw = r.Query("status")) {
                 filter.status = matching::ParseEnum<matching::NeedStatus>(*raw);
                 if (!filter.status) {
                   throw ApiError::Invalid(
                       {{"status", "must be one of " + matching::AllowedValues<matching::NeedStatus>()}});
                 }
               }
               filter.region = r.Query("region");
               filter.limit = QueryLimit(r, kDefaultPageSize, kMaxPageSize);
               if (auto cursor = r.Query("cursor")) filter.after_id = DecodeCursor(*cursor);
               std::optional<int64_t> next;
               json::array items;
               for (const auto& n : ctx.casework.ListNeeds(filter, ActorOf(r), &next)) {
                 items.push_back(ToJson(n));
               }
               return JsonResponse(ListPage(std::move(items),
                                            next ? std::optional(EncodeCursor(*next)) : std::nullopt));
             }));

  router.Add("POST", "/api/v1/needs", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin, Role::kStaff});
               matching::Need need;
               ApplyNeed(ParseJsonBody(r), /*create=*/true, need);
               need = ctx.casework.CreateNeed(need, ActorOf(r));
               return JsonResponse(json::serialize(ToJson(need)), 201);
             }));

  router.Add("GET", "/api/v1/needs/{id}", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin, Role::kStaff, Role::kAgency});
               const auto need = ctx.casework.GetNeed(PathId(r, "id", "need"), ActorOf(r));
               return JsonResponse(json::serialize(ToJson(need)));
             }));

  router.Add("PATCH", "/api/v1/needs/{id}", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin, Role::kStaff});
               const json::object body = ParseJsonBody(r);
               const Actor actor = ActorOf(r);
               matching::Need need = ctx.casework.GetNeed(PathId(r, "id", "need"), actor);
               ApplyNeed(body, /*create=*/false, need);
               return JsonResponse(json::serialize(ToJson(ctx.casework.UpdateNeed(need, actor))));
             }));

  router.Add("POST", "/api/v1/placements", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin, Role::kStaff});
               const json::object body = ParseJsonBody(r);
               JsonFields f(body);
               auto need_id = f.Int("need_id", true, 1, INT64_MAX);
               auto fp_id = f.Int("foster_parent_id", true, 1, INT64_MAX);
               auto started = f.Date("started_on", true);
               f.RejectUnknown({"need_id", "foster_parent_id", "started_on"});
               f.ThrowIfInvalid();
               const auto p = ctx.casework.RecordPlacement(*need_id, *fp_id, *started, ActorOf(r));
               return JsonResponse(json::serialize(ToJson(p)), 201);
             }));

  router.Add("PATCH", "/api/v1/placements/{id}", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin, Role::kStaff});
               const json::object body = ParseJsonBody(r);
               JsonFields f(body);
               auto ended = f.Date("ended_on", true);
               auto outcome = f.String("outcome", false, 100);
               f.RejectUnknown({"ended_on", "outcome"});
               f.ThrowIfInvalid();
               const auto p = ctx.casework.EndPlacement(PathId(r, "id", "placement"), *ended,
                                                        outcome.value_or(""), ActorOf(r));
               return JsonResponse(json::serialize(ToJson(p)));
             }));

  router.Add("GET", "/api/v1/audit", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin});
               storage::AuditFilter filter;
               filter.entity = r.Query("entity");
               filter.entity_id = r.Query("entity_id");
               filter.actor = r.Query("actor");
               filter.limit = QueryLimit(r, kDefaultPageSize, kMaxPageSize) + 1;
               if (auto cursor = r.Query("cursor")) filter.before_id = DecodeCursor(*cursor);
               storage::Database::Lease lease = ctx.db.Acquire();
               auto entries = storage::AuditRepository(lease.session()).List(filter);
               std::optional<std::string> next;
               if (static_cast<int>(entries.size()) == filter.limit) {
                 entries.pop_back();
                 next = EncodeCursor(entries.back().id);
               }
               json::array items;
               for (const auto& e : entries) items.push_back(ToJson(e));
               return JsonResponse(ListPage(std::move(items), next));
             }));
}

}  // namespace fostermatch::api
