#pragma once

// What every route does with a request before and after its one use-case call: who is asking,
// path and query parameters, cursors, and the JSON response.

#include <optional>
#include <string>

#include "matching/domain.h"
#include "service/http/message.h"
#include "service/http/problem.h"
#include "service/usecases/actor.h"

namespace fostermatch::api {

// The authenticated caller as a use case's actor; ApiError 401 if the request has none.
usecases::Actor ActorOf(const http::Request& request);

// The path parameter `name` as an id; a non-numeric id names nothing (ApiError 404 for `what`).
int64_t PathId(const http::Request& request, const std::string& name, const std::string& what);

// ?limit=: default `fallback`, 1..`max`; ApiError 422 naming "limit" otherwise.
int QueryLimit(const http::Request& request, int fallback, int max);

// An optional integer query parameter; ApiError 422 naming it if not an integer.
std::optional<int64_t> QueryInt(const http::Request& request, const std::string& name);

// An optional enum query parameter; ApiError 422 naming it with the allowed values.
template <typename E>
std::optional<E> QueryEnum(const http::Request& r, const std::string& name) {
  auto raw = r.Query(name);
  if (!raw) return std::nullopt;
  auto v = matching::ParseEnum<E>(*raw);
  if (!v) throw http::ApiError::Invalid({{name, "must be one of " + matching::AllowedValues<E>()}});
  return v;
}

// Opaque pagination cursors over a position (an id or an offset).
std::string EncodeCursor(int64_t position);
// The position of ?cursor=, 0 when absent; ApiError 422 naming "cursor" if this API did not
// make it.
int64_t QueryCursor(const http::Request& request);

// JSON response helper.
http::Response JsonResponse(std::string body, int status = 200);

}  // namespace fostermatch::api
