#pragma once

#include <initializer_list>
#include <memory>

#include "service/http/message.h"
#include "service/http/router.h"
#include "service/storage/database.h"

namespace fostermatch::api {

struct AppConfig {
  // A household counts as long-unplaced after this many months without a child.
  int long_unplaced_months = 12;
};

// The HTTP API as a plain function from Request to Response: routing, authentication, role
// checks and the mapping of every expected failure to problem+json. Thread-safe.
class App final {
 public:
  App(storage::Database& db, AppConfig config);

  // Never throws: every failure becomes a problem+json response (500 only for a broken
  // invariant, logged, with no internals in the body).
  http::Response Handle(http::Request& request);

  const http::Router& router() const { return router_; }

 private:
  storage::Database& db_;
  AppConfig config_;
  http::Router router_;
};

// Resolves the bearer token to a principal; throws ApiError 401 when missing or not valid.
http::Principal Authenticate(storage::Database& db, const http::Request& request);

// Throws ApiError 403 unless the request's principal has one of `roles`.
void RequireRole(const http::Request& request, std::initializer_list<matching::Role> roles);

}  // namespace fostermatch::api
