// Foster parents with their derived fields, their trainings, and the trainer program's import.

#include <boost/json.hpp>

#include "service/api/app.h"
#include "service/api/json_codec.h"
#include "service/api/json_fields.h"
#include "service/api/request.h"
#include "service/api/resource_codec.h"
#include "service/model/json_text.h"

namespace fostermatch::api {

namespace json = boost::json;
using http::ApiError;
using http::Request;

namespace {

usecases::HouseholdQuery DecodeHouseholdQuery(const Request& r) {
  usecases::HouseholdQuery q;
  q.region = r.Query("region");
  q.agency_id = QueryInt(r, "agency");
  q.status = QueryEnum<matching::ParentStatus>(r, "status");
  q.type = QueryEnum<matching::FosterType>(r, "type");
  q.limit = QueryLimit(r, usecases::kDefaultPageSize, usecases::kMaxPageSize);
  q.after_id = QueryCursor(r);
  if (auto raw = r.Query("long_unplaced")) {
    if (*raw != "true" && *raw != "false") {
      throw ApiError::Invalid({{"long_unplaced", "must be true or false"}});
    }
    q.long_unplaced_only = *raw == "true";
  }
  return q;
}

std::optional<std::string> NextCursor(const std::optional<int64_t>& next) {
  return next ? std::optional(EncodeCursor(*next)) : std::nullopt;
}

}  // namespace

void AddFosterParentRoutes(http::Router& router, usecases::UseCases& uc) {
  router.Add("GET", "/api/v1/foster-parents", Authed(uc, usecases::kCasework, [&uc](Request& r) {
               // Each household's text is written once per change and day, then copied.
               const auto page = uc.households.ListEntries(DecodeHouseholdQuery(r), ActorOf(r));
               std::vector<const std::string*> items;
               items.reserve(page.items.size());
               for (const auto& entry : page.items) items.push_back(&JsonText(entry));
               return JsonResponse(ListPageOfTexts(items, NextCursor(page.next_after)));
             }));

  router.Add("POST", "/api/v1/foster-parents", Authed(uc, usecases::kCasework, [&uc](Request& r) {
               const auto changes = DecodeFosterParentChanges(ParseJsonBody(r), /*create=*/true);
               const auto view = uc.households.Create(changes, ActorOf(r));
               return JsonResponse(model::ToJsonText(ToJson(view)), 201);
             }));

  router.Add(
      "GET", "/api/v1/foster-parents/{id}", Authed(uc, usecases::kCasework, [&uc](Request& r) {
        const auto entry = uc.households.GetEntry(PathId(r, "id", "foster parent"), ActorOf(r));
        return JsonResponse(JsonText(entry));
      }));

  router.Add("PATCH", "/api/v1/foster-parents/{id}",
             Authed(uc, usecases::kCasework, [&uc](Request& r) {
               const int64_t id = PathId(r, "id", "foster parent");
               const auto changes = DecodeFosterParentChanges(ParseJsonBody(r), /*create=*/false);
               const auto view = uc.households.Update(id, changes, ActorOf(r));
               return JsonResponse(model::ToJsonText(ToJson(view)));
             }));

  router.Add(
      "GET", "/api/v1/foster-parents/{id}/trainings",
      Authed(uc, usecases::kTrainingRecords, [&uc](Request& r) {
        json::array items;
        for (const auto& t : uc.trainings.List(PathId(r, "id", "foster parent"), ActorOf(r))) {
          items.push_back(ToJson(t));
        }
        return JsonResponse(ListPage(std::move(items), std::nullopt));
      }));

  router.Add("POST", "/api/v1/foster-parents/{id}/trainings",
             Authed(uc, usecases::kTrainingRecords, [&uc](Request& r) {
               const int64_t id = PathId(r, "id", "foster parent");
               const auto t = uc.trainings.Add(DecodeTraining(ParseJsonBody(r), id), ActorOf(r));
               return JsonResponse(model::ToJsonText(ToJson(t)), 201);
             }));

  router.Add("POST", "/api/v1/trainings/import",
             Authed(uc, usecases::kTrainingImport,
                    [&uc](Request& r) {
                      if (!http::HasMediaType(r, "text/csv")) {
                        throw ApiError(415, "the body must be text/csv");
                      }
                      return JsonResponse(
                          model::ToJsonText(ToJson(uc.trainings.ImportCsv(r.body, ActorOf(r)))));
                    }),
             http::RequestClass::kHeavy);
}

}  // namespace fostermatch::api
