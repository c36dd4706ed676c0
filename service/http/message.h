#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "matching/domain.h"

namespace fostermatch::http {

// Who is calling, once authenticated.
struct Principal {
  matching::Role role = matching::Role::kStaff;
  std::optional<int64_t> agency_id;  // set for the agency role
  std::string actor;                 // for the audit log: "token:12", "user:alice"
};

// A request as handlers see it: no socket, no Beast types, so handlers are plain functions
// that tests can call directly.
struct Request {
  std::string method;                                      // "GET", "POST", …
  std::string path;                                        // percent-decoded, without the query
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::map<std::string, std::string> headers;              // names lower-cased
  std::string body;
  bool from_loopback = false;
  std::string remote_address;  // the peer's IP address ("" when not from a socket)
  std::map<std::string, std::string> path_params;  // filled by the router ("{id}" → "42")
  // The matched route's pattern ("/api/v1/needs/{id}"), filled by the router; "" if none matched.
  // Metrics count by it, never by the raw path (ids would make a series per record).
  std::string route;
  std::optional<Principal> principal;  // filled by authentication

  // The first value of a query parameter, if present.
  std::optional<std::string> Query(const std::string& name) const;
  // A header's value, or "" (name in lower case).
  std::string Header(const std::string& name) const;
};

struct ResponseHold;

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  // Set: this response may be sent only once what the hold starts has happened (the audit
  // entries of the reads it shows are durable); the server waits for it without a thread.
  std::shared_ptr<ResponseHold> hold;
};

// What a response waits for before it is sent, and what is sent instead if that never happens.
struct ResponseHold {
  // Called once, on the handler's thread, right after the handler returned: starts what the
  // response waits for and returns without waiting for it. Calls `done` exactly once, from any
  // thread: true once it happened, false if it never will. `done` does not block.
  std::function<void(std::function<void(bool ok)> done)> start;
  // Makes what is sent instead of the response after done(false): nothing of the held body
  // leaves. Called only then (most holds never fail), on the thread that calls `done`.
  using Failure = std::function<Response()>;
  Failure failure;
};

// What a head check decides for one request, before its body is read.
struct HeadDecision {
  // Set: this is sent at once, the body is not read and the connection is closed.
  std::optional<Response> reject;
  // Otherwise the body may be up to this many bytes (nullopt: ServerLimits::body_limit).
  std::optional<size_t> body_limit;
};

// True if the request's Content-Type names exactly `media_type` ("application/json"), compared
// case-insensitively and ignoring parameters ("APPLICATION/JSON; charset=utf-8" matches,
// "application/jsonx" does not).
bool HasMediaType(const Request& request, std::string_view media_type);

}  // namespace fostermatch::http
