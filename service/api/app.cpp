#include "service/api/app.h"

#include <spdlog/spdlog.h>

#include "service/errors.h"
#include "service/http/problem.h"
#include "service/storage/errors.h"

namespace fostermatch::api {

using http::ApiError;

App::App(storage::Database& db, AppConfig config) : ctx_(db, std::move(config)) {
  AddReferenceRoutes(router_, ctx_);
  AddFosterParentRoutes(router_, ctx_);
  AddNeedRoutes(router_, ctx_);
  AddMatchingRoutes(router_, ctx_);
  AddMatchRunRoutes(router_, ctx_);
  // Where a newcomer who opens the base URL finds things.
  router_.Add("GET", "/", [](http::Request&) {
    return JsonResponse(
        R"({"service":"fostermatch","api":"/api/v1","openapi":"/api/v1/openapi.json",)"
        R"("health":"/healthz","metrics":"/metrics","auth":"Authorization: Bearer <token>"})");
  });
  // Prometheus scrapes from the same host; elsewhere it takes an admin token.
  router_.Add("GET", "/metrics", [this](http::Request& r) {
    if (!r.from_loopback) {
      r.principal = AuthenticateBearer(ctx_.db, r);
      RequireRole(r, {matching::Role::kAdmin});
    }
    std::string text = ctx_.config.metrics ? ctx_.config.metrics->Render() : "";
    auto snapshot = ctx_.matching.Current();
    text += "# HELP fostermatch_matching_index_homes Households in the matching index.\n";
    text += "# TYPE fostermatch_matching_index_homes gauge\n";
    text += "fostermatch_matching_index_homes " + std::to_string(snapshot->index->size()) + "\n";
    text += "# HELP fostermatch_database_connections Database connections in the pool.\n";
    text += "# TYPE fostermatch_database_connections gauge\n";
    text += "fostermatch_database_connections " + std::to_string(ctx_.db.pool_size()) + "\n";
    http::Response response{200, "text/plain; version=0.0.4; charset=utf-8", std::move(text), {}};
    return response;
  });
  router_.Add("GET", "/api/v1/openapi.json",
              [](http::Request&) { return JsonResponse(std::string(OpenApiDocument())); });
}

http::HeadDecision App::HeadCheck(const http::Request& head, size_t import_body_limit) {
  if (head.method != "POST" || head.path != "/api/v1/trainings/import") return {};
  http::Request r = head;
  try {
    r.principal = AuthenticateBearer(ctx_.db, r);
    RequireRole(r, {matching::Role::kAdmin, matching::Role::kTrainer});
  } catch (const ApiError& e) {
    return {http::ProblemResponse(e), std::nullopt};
  } catch (const storage::UnavailableError& e) {
    http::Response busy = http::ProblemResponse(ApiError(503, e.what()));
    busy.headers.emplace_back("Retry-After", "1");
    return {std::move(busy), std::nullopt};
  }
  return {std::nullopt, import_body_limit};
}

http::Response App::Handle(http::Request& request) {
  try {
    return router_.Dispatch(request);
  } catch (const ApiError& e) {
    return http::ProblemResponse(e);
  } catch (const ValidationError& e) {
    return http::ProblemResponse(ApiError::Invalid(e.errors()));
  } catch (const NotFoundError& e) {
    return http::ProblemResponse(ApiError(404, e.what()));
  } catch (const ForbiddenError& e) {
    return http::ProblemResponse(ApiError(403, e.what()));
  } catch (const ConflictError& e) {
    return http::ProblemResponse(ApiError::Conflict(e.what()));
  } catch (const storage::ConstraintError&) {
    return http::ProblemResponse(ApiError::Conflict("the change conflicts with existing data"));
  } catch (const storage::UnavailableError& e) {
    http::Response r = http::ProblemResponse(ApiError(503, e.what()));
    r.headers.emplace_back("Retry-After", "1");
    return r;
  } catch (const std::exception& e) {
    spdlog::error("internal error on {} {}: {}", request.method, request.path, e.what());
    return http::ProblemResponse(ApiError(500, "internal error; it has been logged"));
  }
}

}  // namespace fostermatch::api
