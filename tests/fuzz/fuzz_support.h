#pragma once

// What every fuzz target checks besides "no crash, no sanitizer report": a refusal renders as
// valid JSON and valid UTF-8, whatever bytes the input held.

#include <boost/json.hpp>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "matching/text.h"
#include "service/api/app.h"
#include "service/errors.h"
#include "service/http/problem.h"
#include "service/http/router.h"

namespace fostermatch::fuzz {

[[noreturn]] inline void Fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "fuzz invariant broken: %s: %.*s\n", what, static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

inline void Require(bool ok, const char* what, std::string_view detail = "") {
  if (!ok) Fail(what, detail);
}

// The problem+json body of an error must parse and be UTF-8.
inline void CheckProblem(const http::ApiError& error) {
  const http::Response r = http::ProblemResponse(error);
  Require(matching::IsValidUtf8(r.body), "problem body is not UTF-8", r.body);
  boost::system::error_code ec;
  boost::json::parse(r.body, ec);
  Require(!ec, "problem body is not JSON", r.body);
  Require(r.status >= 400 && r.status < 500, "an input error is not a 4xx", r.body);
}

inline void CheckValidation(const ValidationError& e) {
  CheckProblem(http::ApiError::Invalid(e.errors()));
}

// A router with every route of the API's OpenAPI document (which a test keeps equal to the
// registered routes); each handler checks its path parameters.
inline const http::Router& ApiRouter() {
  static const http::Router router = [] {
    http::Router r;
    const boost::json::value doc = boost::json::parse(api::OpenApiDocument());
    for (const auto& [path, item] : doc.at("paths").as_object()) {
      for (const char* method : {"get", "post", "patch", "put", "delete"}) {
        if (!item.as_object().contains(method)) continue;
        std::string upper(method);
        for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
        r.Add(upper, std::string(path), [](http::Request& request) {
          for (const auto& [name, value] : request.path_params) {
            Require(!value.empty() && value.find('/') == std::string::npos,
                    "a path parameter is empty or spans segments", value);
          }
          return http::Response{};
        });
      }
    }
    return r;
  }();
  return router;
}

}  // namespace fostermatch::fuzz
