#include "service/api/app.h"

#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include "service/api/json_codec.h"
#include "service/auth/credentials.h"
#include "service/http/problem.h"
#include "service/storage/auth_repository.h"
#include "service/storage/errors.h"
#include "service/storage/reference_repository.h"

namespace fostermatch::api {

namespace json = boost::json;
using http::ApiError;
using http::Request;
using http::Response;
using matching::Role;

namespace {

Response Json(const json::value& body, int status = 200) {
  Response r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

}  // namespace

http::Principal Authenticate(storage::Database& db, const Request& request) {
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

void RequireRole(const Request& request, std::initializer_list<Role> roles) {
  if (!request.principal) throw ApiError::Unauthorized();
  for (Role r : roles) {
    if (request.principal->role == r) return;
  }
  throw ApiError::Forbidden();
}

App::App(storage::Database& db, AppConfig config) : db_(db), config_(config) {
  // Wraps a handler so that it runs only for an authenticated caller.
  auto authed = [this](http::Handler handler) {
    return [this, handler = std::move(handler)](Request& r) {
      r.principal = Authenticate(db_, r);
      return handler(r);
    };
  };

  router_.Add("GET", "/healthz", [this](Request&) {
    const bool db_ok = db_.Ping();
    return Json(json::object{{"status", db_ok ? "ok" : "degraded"},
                             {"database", db_ok ? "reachable" : "unreachable"}},
                db_ok ? 200 : 503);
  });

  router_.Add("GET", "/api/v1/regions", authed([this](Request&) {
                storage::Database::Lease lease = db_.Acquire();
                json::array items;
                for (const auto& region : storage::ReferenceRepository(lease.session()).ListRegions()) {
                  items.push_back(ToJson(region));
                }
                Response r;
                r.body = ListPage(std::move(items), std::nullopt);
                return r;
              }));

  router_.Add("GET", "/api/v1/agencies", authed([this](Request&) {
                storage::Database::Lease lease = db_.Acquire();
                json::array items;
                for (const auto& agency :
                     storage::ReferenceRepository(lease.session()).ListAgencies()) {
                  items.push_back(ToJson(agency));
                }
                Response r;
                r.body = ListPage(std::move(items), std::nullopt);
                return r;
              }));
}

Response App::Handle(Request& request) {
  try {
    return router_.Dispatch(request);
  } catch (const ApiError& e) {
    return http::ProblemResponse(e);
  } catch (const storage::ConstraintError& e) {
    return http::ProblemResponse(ApiError::Conflict("the change conflicts with existing data"));
  } catch (const storage::UnavailableError& e) {
    Response r = http::ProblemResponse(ApiError(503, e.what()));
    r.headers.emplace_back("Retry-After", "1");
    return r;
  } catch (const std::exception& e) {
    spdlog::error("internal error on {} {}: {}", request.method, request.path, e.what());
    return http::ProblemResponse(ApiError(500, "internal error; it has been logged"));
  }
}

}  // namespace fostermatch::api
