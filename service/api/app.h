#pragma once

#include <functional>
#include <string_view>

#include "service/http/message.h"
#include "service/http/metrics.h"
#include "service/http/router.h"
#include "service/usecases/use_cases.h"

namespace fostermatch::api {

// The HTTP API as a plain function from Request to Response: routing, bearer authentication and
// the mapping of every expected failure to problem+json. Each route decodes, calls one use case
// and encodes. Thread-safe.
class App final {
 public:
  // `metrics`, the server's counters for GET /metrics, may be null.
  App(usecases::UseCases& use_cases, const http::Metrics* metrics = nullptr);

  // Never throws: every failure becomes a problem+json response (500 only for a broken
  // invariant, logged, with no internals in the body).
  http::Response Handle(http::Request& request);

  // For http::ServerOptions::head_check: POST /api/v1/trainings/import may send a body up to
  // `import_body_limit` with an admin or trainer token and is refused (401/403) before its body
  // is read otherwise; other requests get the server's normal limit. May block on the database.
  http::HeadDecision HeadCheck(const http::Request& head, size_t import_body_limit);

  const http::Router& router() const { return router_; }
  usecases::UseCases& use_cases() { return use_cases_; }

 private:
  usecases::UseCases& use_cases_;
  const http::Metrics* metrics_;
  http::Router router_;
};

// service/api/openapi.json, compiled in: the OpenAPI 3.1 description of every route.
std::string_view OpenApiDocument();

// Wraps a handler so that it runs only for a caller with a valid bearer token (401 otherwise)
// whose role the use case admits (403 otherwise), before the body is read.
http::Handler Authed(usecases::UseCases& uc, usecases::RoleSet roles, http::Handler handler);

// Wraps the server's handler (API and pages) so that audited reads do not hold its thread: the
// audit entries of the reads a request makes are handed to the group commit when the handler
// returns, and the response is held (http::Response::hold) until they are committed, replaced
// by 503 problem+json (no byte of what was read) if that commit fails. A request that audits no
// read is answered at once. Without this wrapper audited reads wait for their commit in the
// handler. The response's status as `handler` reports it (route metrics) is the held one.
// `unavailable`, if set, says what makes the response sent instead (the admin pages' error page,
// decided by the request); it is called on the handler's thread for every held response.
http::Handler AnswerAfterReadAudits(
    usecases::UseCases& uc, http::Handler handler,
    std::function<http::ResponseHold::Failure(http::Request&)> unavailable = {});

// The API's answer to a read whose audit entries could not be committed: 503 problem+json with
// Retry-After, as a use case's UnavailableError is answered.
http::Response ReadAuditUnavailable();

// Route groups, one per file.
void AddSystemRoutes(http::Router& router, usecases::UseCases& uc, const http::Metrics* metrics);
void AddReferenceRoutes(http::Router& router, usecases::UseCases& uc);
void AddFosterParentRoutes(http::Router& router, usecases::UseCases& uc);
void AddNeedRoutes(http::Router& router, usecases::UseCases& uc);
void AddMatchingRoutes(http::Router& router, usecases::UseCases& uc);
void AddMatchRunRoutes(http::Router& router, usecases::UseCases& uc);

}  // namespace fostermatch::api
