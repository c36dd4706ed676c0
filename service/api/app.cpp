#include "service/api/app.h"

#include <spdlog/spdlog.h>

#include "matching/text.h"
#include "service/api/request.h"
#include "service/errors.h"
#include "service/http/problem.h"

namespace fostermatch::api {

using http::ApiError;

App::App(usecases::UseCases& use_cases, const http::Metrics* metrics)
    : use_cases_(use_cases), metrics_(metrics) {
  AddSystemRoutes(router_, use_cases_, metrics_);
  AddReferenceRoutes(router_, use_cases_);
  AddFosterParentRoutes(router_, use_cases_);
  AddNeedRoutes(router_, use_cases_);
  AddMatchingRoutes(router_, use_cases_);
  AddMatchRunRoutes(router_, use_cases_);
}

namespace {

// The actor behind the request's bearer token, with one of `roles`; ApiError 401 or
// ForbiddenError otherwise.
usecases::Actor Authenticate(usecases::UseCases& uc, const http::Request& r,
                             usecases::RoleSet roles) {
  const std::string header = r.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || !std::string_view(header).starts_with(kBearer)) {
    throw ApiError::Unauthorized();
  }
  auto actor = uc.access.Authenticate(std::string_view(header).substr(kBearer.size()));
  if (!actor) throw ApiError::Unauthorized();
  usecases::RequireRole(*actor, roles);
  return *actor;
}

// The problem+json response for the exception being handled; call it from a catch block.
http::Response CurrentErrorResponse(const http::Request& request) {
  try {
    throw;
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
  } catch (const UnavailableError& e) {
    http::Response r = http::ProblemResponse(ApiError(503, e.what()));
    r.headers.emplace_back("Retry-After", "1");
    return r;
  } catch (const UnreadableRecordError& e) {
    // That one record is broken (logged with its column where it was read); say which, so the
    // client knows the rest of the service works.
    return http::ProblemResponse(ApiError(500, e.what()));
  } catch (const std::exception& e) {
    spdlog::error("internal error on {} {}: {}", request.method, request.path, e.what());
    return http::ProblemResponse(ApiError(500, "internal error; it has been logged"));
  }
}

// The path and the query arrive percent-decoded and may hold any byte. Text that is not UTF-8,
// or holds a control character, names nothing here and must not reach the database (PostgreSQL
// refuses it with an error, which would be a 500).
void CheckRequestText(const http::Request& r) {
  auto is_text = [](std::string_view s) {
    return matching::IsValidUtf8(s) && !matching::HasControlCharacters(s);
  };
  if (!is_text(r.path)) {
    throw ApiError(400, "the request path is not UTF-8 text", {{"path", "is not UTF-8 text"}});
  }
  for (const auto& [key, value] : r.query) {
    if (!is_text(key) || !is_text(value)) {
      throw ApiError(400, "the query string is not UTF-8 text",
                     {{key, "must be UTF-8 text without control characters"}});
    }
  }
}

}  // namespace

http::Handler Authed(usecases::UseCases& uc, usecases::RoleSet roles, http::Handler handler) {
  return [&uc, roles, handler = std::move(handler)](http::Request& r) {
    const usecases::Actor actor = Authenticate(uc, r, roles);
    r.principal = http::Principal{actor.role, actor.agency_id, actor.name};
    return handler(r);
  };
}

http::Response ReadAuditUnavailable() {
  // What the blocking path answers when the commit fails (CurrentErrorResponse).
  http::Response r =
      http::ProblemResponse(ApiError(503, "the audit log could not be written; try again"));
  r.headers.emplace_back("Retry-After", "1");
  return r;
}

http::Handler AnswerAfterReadAudits(
    usecases::UseCases& uc, http::Handler handler,
    std::function<http::ResponseHold::Failure(http::Request&)> unavailable) {
  return [&uc, handler = std::move(handler),
          unavailable = std::move(unavailable)](http::Request& r) {
    auto pending = std::make_shared<usecases::PendingReadAudits>(uc);
    http::Response response;
    {
      usecases::PendingReadAudits::Scope scope(*pending);
      response = handler(r);
    }
    if (pending->empty()) return response;
    auto hold = std::make_shared<http::ResponseHold>();
    hold->start = [pending](std::function<void(bool)> done) { pending->Submit(std::move(done)); };
    hold->failure = unavailable ? unavailable(r) : ReadAuditUnavailable;
    response.hold = std::move(hold);
    return response;
  };
}

http::HeadDecision App::HeadCheck(const http::Request& head, size_t import_body_limit) {
  if (head.method != "POST" || head.path != "/api/v1/trainings/import") return {};
  try {
    Authenticate(use_cases_, head, usecases::kTrainingImport);
  } catch (...) {
    return {CurrentErrorResponse(head), std::nullopt};
  }
  return {std::nullopt, import_body_limit};
}

http::Response App::Handle(http::Request& request) {
  try {
    CheckRequestText(request);
    return router_.Dispatch(request);
  } catch (...) {
    return CurrentErrorResponse(request);
  }
}

}  // namespace fostermatch::api
