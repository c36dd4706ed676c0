#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>

#include "matching/date.h"
#include "service/http/message.h"
#include "service/http/metrics.h"
#include "service/http/router.h"
#include "service/casework.h"
#include "service/matching_service.h"
#include "service/storage/database.h"

namespace fostermatch::api {

struct AppConfig {
  // Weights, distance limit, long-unplaced threshold (months) and readiness rules.
  matching::MatchPolicy policy;
  // Today's date; a parameter so tests can fix it. Defaults to SystemToday.
  std::function<matching::Date()> today;
  // The server's counters, rendered by GET /metrics; may be null.
  const http::Metrics* metrics = nullptr;
};

// Today's date in UTC from the system clock.
matching::Date SystemToday();

// What every route needs: the database, configuration and the matching snapshot service.
struct AppContext {
  AppContext(storage::Database& database, AppConfig app_config);
  storage::Database& db;
  AppConfig config;
  MatchingService matching;
  Casework casework;
};

// The audit actor and agency scope of an authenticated request.
Actor ActorOf(const http::Request& request);

// Resolves the request's bearer token to a principal; ApiError 401 if missing or not valid.
http::Principal AuthenticateBearer(storage::Database& db, const http::Request& request);

// Wraps a handler so that it runs only for a caller with a valid bearer token (401 otherwise).
http::Handler Authed(AppContext& ctx, http::Handler handler);

// Throws ApiError 403 unless the request's principal has one of `roles`.
void RequireRole(const http::Request& request, std::initializer_list<matching::Role> roles);

// The agency an agency-role caller is bound to; nullopt for other roles.
std::optional<int64_t> AgencyScope(const http::Request& request);

// The path parameter `name` as an id; a non-numeric id names nothing (ApiError 404 for `what`).
int64_t PathId(const http::Request& request, const std::string& name, const std::string& what);

// List pages: ?limit= defaults to this and may go up to the maximum.
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// ?limit=: default `fallback`, 1..`max`; ApiError 422 naming "limit" otherwise.
int QueryLimit(const http::Request& request, int fallback, int max);

// An optional integer query parameter; ApiError 422 naming it if not an integer.
std::optional<int64_t> QueryInt(const http::Request& request, const std::string& name);

// Opaque pagination cursors over a position (an id or an offset).
std::string EncodeCursor(int64_t position);
// ApiError 422 naming "cursor" if it was not made by EncodeCursor.
int64_t DecodeCursor(const std::string& cursor);

// True if an agency may see a need: listed in shared_with, or, when that is empty, serving the
// need's region.
bool NeedVisibleToAgency(const matching::Need& need, int64_t agency_id,
                         const std::vector<matching::Agency>& agencies);

// JSON response helper.
http::Response JsonResponse(std::string body, int status = 200);

}  // namespace fostermatch::api
