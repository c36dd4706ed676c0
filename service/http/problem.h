#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "matching/validation.h"
#include "service/http/message.h"

namespace fostermatch::http {

// A field and what is wrong with it ("accepts.age_max", "must not be below accepts.age_min").
using FieldError = matching::FieldError;

// An expected failure a client can act on, turned into an RFC 9457 problem+json response in one
// place (ProblemResponse). Handlers throw it; nothing else should produce 4xx bodies.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string detail, std::vector<FieldError> errors = {})
      : std::runtime_error(detail), status_(status), errors_(std::move(errors)) {}
  int status() const { return status_; }
  const std::vector<FieldError>& errors() const { return errors_; }

  static ApiError BadRequest(std::string detail) { return ApiError(400, std::move(detail)); }
  static ApiError Unauthorized() {
    return ApiError(401, "a valid bearer token is required (Authorization: Bearer <token>)");
  }
  static ApiError Forbidden() { return ApiError(403, "this role may not do that"); }
  static ApiError NotFound(std::string what) {
    return ApiError(404, std::move(what) + " not found");
  }
  static ApiError Conflict(std::string detail) { return ApiError(409, std::move(detail)); }
  static ApiError Invalid(std::vector<FieldError> errors) {
    return ApiError(422, "some fields are invalid", std::move(errors));
  }

 private:
  int status_;
  std::vector<FieldError> errors_;
};

// The standard reason phrase used as the problem's title ("Unprocessable Content").
const char* StatusTitle(int status);

// Renders an error as application/problem+json. The detail and the field errors are made valid
// UTF-8 (ill-formed bytes become U+FFFD) and cut to 1000 bytes each, so echoing input is safe.
Response ProblemResponse(const ApiError& error);

}  // namespace fostermatch::http
