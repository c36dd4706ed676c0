// Ranked candidate homes for a need, and the long-unplaced homes with what would unlock them.

#include <boost/json.hpp>

#include "service/api/app.h"
#include "service/api/json_codec.h"
#include "service/http/problem.h"
#include "service/storage/auth_repository.h"
#include "service/storage/need_repository.h"

namespace fostermatch::api {

namespace json = boost::json;
using http::ApiError;
using http::Request;
using matching::Role;

namespace {

constexpr int kDefaultCandidates = 10;
constexpr int kMaxCandidates = 100;

}  // namespace

void AddMatchingRoutes(http::Router& router, AppContext& ctx) {
  router.Add(
      "GET", "/api/v1/needs/{id}/candidates", Authed(ctx, [&ctx](Request& r) {
        RequireRole(r, {Role::kAdmin, Role::kStaff, Role::kAgency});
        const int64_t id = PathId(r, "id", "need");
        const int limit = QueryLimit(r, kDefaultCandidates, kMaxCandidates);
        auto snapshot = ctx.matching.Current();
        const std::optional<int64_t> agency = AgencyScope(r);
        storage::Database::Lease lease = ctx.db.Acquire();
        auto need = storage::NeedRepository(lease.session()).Find(id);
        // Another agency's need is "not found", so ids do not leak.
        if (!need || (agency && !NeedVisibleToAgency(*need, *agency, snapshot->agencies))) {
          throw ApiError::NotFound("need " + std::to_string(id));
        }
        storage::AuditRepository(lease.session())
            .Record(r.principal->actor, "read", "need", std::to_string(id), "candidates");
        const matching::RankResult result =
            snapshot->index->Rank(*need, {static_cast<size_t>(limit), agency});
        return JsonResponse(json::serialize(ToJson(*need, result, *snapshot)));
      }));

  router.Add(
      "GET", "/api/v1/long-unplaced", Authed(ctx, [&ctx](Request& r) {
        RequireRole(r, {Role::kAdmin, Role::kStaff, Role::kAgency});
        std::optional<int64_t> agency = QueryInt(r, "agency");
        if (auto own = AgencyScope(r)) {
          if (agency && *agency != *own) {
            throw ApiError(403, "an agency token sees only its own agency's households");
          }
          agency = own;
        }
        const int limit = QueryLimit(r, kDefaultPageSize, kMaxPageSize);
        const int64_t offset = r.Query("cursor") ? DecodeCursor(*r.Query("cursor")) : 0;
        auto snapshot = ctx.matching.Current();
        // What would unlock a home is counted against the open needs its agency may see.
        std::vector<matching::Need> open_needs;
        {
          storage::Database::Lease lease = ctx.db.Acquire();
          storage::NeedFilter filter;
          filter.status = matching::NeedStatus::kOpen;
          for (auto& n : storage::NeedRepository(lease.session()).List(filter)) {
            if (!agency || NeedVisibleToAgency(n, *agency, snapshot->agencies)) {
              open_needs.push_back(std::move(n));
            }
          }
        }
        const auto entries = snapshot->index->LongUnplaced(snapshot->homes, open_needs, agency);
        json::array items;
        const size_t begin = std::min(entries.size(), static_cast<size_t>(offset));
        const size_t end = std::min(entries.size(), begin + static_cast<size_t>(limit));
        for (size_t i = begin; i < end; ++i) items.push_back(ToJson(entries[i], *snapshot));
        std::optional<std::string> next;
        if (end < entries.size()) next = EncodeCursor(static_cast<int64_t>(end));
        json::object page;
        page["items"] = std::move(items);
        page["next_cursor"] = next ? json::value(*next) : json::value(nullptr);
        page["total"] = entries.size();
        page["open_needs_considered"] = open_needs.size();
        page["threshold_months"] = ctx.matching.policy().long_unplaced_months;
        return JsonResponse(json::serialize(page));
      }));
}

}  // namespace fostermatch::api
