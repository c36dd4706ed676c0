#pragma once

#include <memory>

#include "service/api/context.h"
#include "service/http/message.h"
#include "service/http/router.h"
#include "service/storage/database.h"

namespace fostermatch::api {

// The HTTP API as a plain function from Request to Response: routing, authentication, role
// checks and the mapping of every expected failure to problem+json. Thread-safe.
class App final {
 public:
  App(storage::Database& db, AppConfig config);

  // Never throws: every failure becomes a problem+json response (500 only for a broken
  // invariant, logged, with no internals in the body).
  http::Response Handle(http::Request& request);

  // For http::ServerOptions::head_check: POST /api/v1/trainings/import may send a body up to
  // `import_body_limit` with an admin or trainer token and is refused (401/403) before its body
  // is read otherwise; other requests get the server's normal limit. May block on the database.
  http::HeadDecision HeadCheck(const http::Request& head, size_t import_body_limit);

  const http::Router& router() const { return router_; }
  AppContext& context() { return ctx_; }

 private:
  AppContext ctx_;
  http::Router router_;
};

// service/api/openapi.json, compiled in: the OpenAPI 3.1 description of every route.
std::string_view OpenApiDocument();

// Route groups, one per file.
void AddReferenceRoutes(http::Router& router, AppContext& ctx);
void AddMatchingRoutes(http::Router& router, AppContext& ctx);
void AddFosterParentRoutes(http::Router& router, AppContext& ctx);
void AddNeedRoutes(http::Router& router, AppContext& ctx);
void AddMatchRunRoutes(http::Router& router, AppContext& ctx);

}  // namespace fostermatch::api
