// Foster parents with their derived fields, their trainings, and the trainer program's import.

#include <boost/json.hpp>

#include "service/api/app.h"
#include "service/api/json_codec.h"
#include "service/api/json_fields.h"
#include "service/api/resource_codec.h"
#include "service/http/problem.h"

namespace fostermatch::api {

namespace json = boost::json;
using http::ApiError;
using http::Request;
using matching::Role;

namespace {


template <typename E>
std::optional<E> QueryEnum(const Request& r, const std::string& name) {
  auto raw = r.Query(name);
  if (!raw) return std::nullopt;
  auto v = matching::ParseEnum<E>(*raw);
  if (!v) throw ApiError::Invalid({{name, "must be one of " + matching::AllowedValues<E>()}});
  return v;
}

}  // namespace

void AddFosterParentRoutes(http::Router& router, AppContext& ctx) {
  router.Add(
      "GET", "/api/v1/foster-parents", Authed(ctx, [&ctx](Request& r) {
        RequireRole(r, {Role::kAdmin, Role::kStaff, Role::kAgency});
        storage::FosterParentFilter filter;
        filter.region = r.Query("region");
        filter.agency_id = QueryInt(r, "agency");
        filter.status = QueryEnum<matching::ParentStatus>(r, "status");
        filter.type = QueryEnum<matching::FosterType>(r, "type");
        filter.limit = QueryLimit(r, kDefaultPageSize, kMaxPageSize);
        if (auto cursor = r.Query("cursor")) filter.after_id = DecodeCursor(*cursor);
        bool long_unplaced = false;
        if (auto raw = r.Query("long_unplaced")) {
          if (*raw != "true" && *raw != "false") {
            throw ApiError::Invalid({{"long_unplaced", "must be true or false"}});
          }
          long_unplaced = *raw == "true";
        }
        std::optional<int64_t> next;
        json::array items;
        for (const auto& view : ctx.casework.ListFosterParents(filter, long_unplaced, ActorOf(r), &next)) {
          items.push_back(ToJson(view));
        }
        return JsonResponse(ListPage(std::move(items),
                                     next ? std::optional(EncodeCursor(*next)) : std::nullopt));
      }));

  router.Add("POST", "/api/v1/foster-parents", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin, Role::kStaff, Role::kAgency});
               const json::object body = ParseJsonBody(r);
               matching::FosterParent fp;
               // An agency coordinator registers for their own agency unless they say otherwise.
               if (auto own = AgencyScope(r)) fp.agency_id = *own;
               bool expiry_given = false;
               ApplyFosterParent(body, /*create=*/true, fp, &expiry_given);
               if (fp.agency_id == 0) throw ApiError::Invalid({{"agency_id", "is required"}});
               const auto view = ctx.casework.CreateFosterParent(fp, expiry_given, ActorOf(r));
               return JsonResponse(json::serialize(ToJson(view)), 201);
             }));

  router.Add("GET", "/api/v1/foster-parents/{id}", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin, Role::kStaff, Role::kAgency});
               const auto view =
                   ctx.casework.GetFosterParent(PathId(r, "id", "foster parent"), ActorOf(r));
               return JsonResponse(json::serialize(ToJson(view)));
             }));

  router.Add(
      "PATCH", "/api/v1/foster-parents/{id}", Authed(ctx, [&ctx](Request& r) {
        RequireRole(r, {Role::kAdmin, Role::kStaff, Role::kAgency});
        const json::object body = ParseJsonBody(r);
        const Actor actor = ActorOf(r);
        matching::FosterParent fp =
            ctx.casework.GetFosterParent(PathId(r, "id", "foster parent"), actor).parent;
        const matching::FosterParent before = fp;
        bool expiry_given = false;
        ApplyFosterParent(body, /*create=*/false, fp, &expiry_given);
        // A new registration date or type set moves the default expiry, unless one is given.
        if (!expiry_given && (fp.registered_on != before.registered_on || !(fp.types == before.types))) {
          fp.registration_expires_on = matching::DefaultRegistrationExpiry(fp.types, fp.registered_on);
        }
        return JsonResponse(json::serialize(ToJson(ctx.casework.UpdateFosterParent(fp, actor))));
      }));

  router.Add("GET", "/api/v1/foster-parents/{id}/trainings", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin, Role::kStaff, Role::kAgency, Role::kTrainer});
               json::array items;
               for (const auto& t : ctx.casework.ListTrainings(PathId(r, "id", "foster parent"),
                                                               ActorOf(r))) {
                 items.push_back(ToJson(t));
               }
               return JsonResponse(ListPage(std::move(items), std::nullopt));
             }));

  router.Add("POST", "/api/v1/foster-parents/{id}/trainings", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin, Role::kStaff, Role::kAgency, Role::kTrainer});
               const json::object body = ParseJsonBody(r);
               const auto t = ctx.casework.AddTraining(
                   DecodeTraining(body, PathId(r, "id", "foster parent")), ActorOf(r));
               return JsonResponse(json::serialize(ToJson(t)), 201);
             }));

  router.Add("POST", "/api/v1/trainings/import", Authed(ctx, [&ctx](Request& r) {
               RequireRole(r, {Role::kAdmin, Role::kTrainer});
               if (!http::HasMediaType(r, "text/csv")) {
                 throw ApiError(415, "the body must be text/csv");
               }
               const auto result = ctx.casework.ImportTrainingsCsv(r.body, ActorOf(r));
               json::array rejected;
               for (const auto& x : result.rejected) {
                 rejected.push_back({{"line", x.line}, {"error", x.error}});
               }
               return JsonResponse(json::serialize(json::object{{"inserted", result.inserted},
                                                                {"updated", result.updated},
                                                                {"rejected", std::move(rejected)}}));
             }));
}

}  // namespace fostermatch::api
