#include "service/api/context.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>

#include "service/auth/credentials.h"
#include "service/http/problem.h"
#include "service/storage/auth_repository.h"

namespace fostermatch::api {

using http::ApiError;
using http::Request;

matching::Date SystemToday() {
  const auto days = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return matching::Date::FromDays(static_cast<int32_t>(days.time_since_epoch().count()));
}

namespace {
AppConfig WithDefaults(AppConfig config) {
  if (!config.today) config.today = SystemToday;
  return config;
}
}  // namespace

AppContext::AppContext(storage::Database& database, AppConfig app_config)
    : db(database),
      config(WithDefaults(std::move(app_config))),
      matching(database, config.policy, config.today),
      casework(database, matching) {}

Actor ActorOf(const Request& request) {
  if (!request.principal) throw ApiError::Unauthorized();
  return {request.principal->actor, AgencyScope(request)};
}

http::Principal AuthenticateBearer(storage::Database& db, const Request& request) {
  const std::string header = request.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || !std::string_view(header).starts_with(kBearer)) {
    throw ApiError::Unauthorized();
  }
  const std::string hash = auth::HashToken(std::string_view(header).substr(kBearer.size()));
  storage::Database::Lease lease = db.Acquire();
  auto token = storage::AuthRepository(lease.session()).FindActiveToken(hash);
  if (!token) throw ApiError::Unauthorized();
  return {token->role, token->agency_id, "token:" + std::to_string(token->id)};
}

namespace {

std::optional<int64_t> ParseInt(const std::string& s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

}  // namespace

http::Handler Authed(AppContext& ctx, http::Handler handler) {
  return [&ctx, handler = std::move(handler)](Request& r) {
    r.principal = AuthenticateBearer(ctx.db, r);
    return handler(r);
  };
}

void RequireRole(const Request& request, std::initializer_list<matching::Role> roles) {
  if (!request.principal) throw ApiError::Unauthorized();
  if (std::find(roles.begin(), roles.end(), request.principal->role) == roles.end()) {
    throw ApiError::Forbidden();
  }
}

std::optional<int64_t> AgencyScope(const Request& request) {
  if (request.principal && request.principal->role == matching::Role::kAgency) {
    return request.principal->agency_id;
  }
  return std::nullopt;
}

int64_t PathId(const Request& request, const std::string& name, const std::string& what) {
  auto it = request.path_params.find(name);
  const std::string raw = it == request.path_params.end() ? "" : it->second;
  auto id = ParseInt(raw);
  if (!id || *id <= 0) throw ApiError::NotFound(what + " " + raw);
  return *id;
}

int QueryLimit(const Request& request, int fallback, int max) {
  auto raw = request.Query("limit");
  if (!raw) return fallback;
  auto v = ParseInt(*raw);
  if (!v || *v < 1 || *v > max) {
    throw ApiError::Invalid({{"limit", "must be an integer from 1 to " + std::to_string(max)}});
  }
  return static_cast<int>(*v);
}

std::optional<int64_t> QueryInt(const Request& request, const std::string& name) {
  auto raw = request.Query(name);
  if (!raw) return std::nullopt;
  auto v = ParseInt(*raw);
  if (!v) throw ApiError::Invalid({{name, "must be an integer"}});
  return v;
}

std::string EncodeCursor(int64_t position) {
  const std::string plain = "p:" + std::to_string(position);
  std::string out(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()),
                    plain.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

int64_t DecodeCursor(const std::string& cursor) {
  std::string plain(cursor.size(), '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(plain.data()), plain.size(),
                        cursor.c_str(), cursor.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    throw ApiError::Invalid({{"cursor", "is not a cursor this API returned"}});
  }
  plain.resize(len);
  auto v = plain.starts_with("p:") ? ParseInt(plain.substr(2)) : std::nullopt;
  if (!v || *v < 0) throw ApiError::Invalid({{"cursor", "is not a cursor this API returned"}});
  return *v;
}

bool NeedVisibleToAgency(const matching::Need& need, int64_t agency_id,
                         const std::vector<matching::Agency>& agencies) {
  if (!need.shared_with.empty()) {
    return std::find(need.shared_with.begin(), need.shared_with.end(), agency_id) !=
           need.shared_with.end();
  }
  for (const auto& a : agencies) {
    if (a.id == agency_id) {
      return std::find(a.regions.begin(), a.regions.end(), need.region) != a.regions.end();
    }
  }
  return false;
}

http::Response JsonResponse(std::string body, int status) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace fostermatch::api
