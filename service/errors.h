#pragma once

// Expected failures, by kind: the vocabulary every layer shares. Storage throws ConflictError
// (a constraint) and UnavailableError; use cases throw all of them; the API maps each to its
// status code in one place (api::App::Handle) and the CLI prints the message.

#include <stdexcept>
#include <string>
#include <vector>

#include "matching/validation.h"

namespace fostermatch {

using matching::FieldError;

// The record does not exist, or is outside the caller's scope (so ids do not leak).
class NotFoundError : public std::runtime_error {
 public:
  explicit NotFoundError(const std::string& what) : std::runtime_error(what + " not found") {}
};

// The caller's role or agency may not do this.
class ForbiddenError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The change contradicts the current state (no free place, already placed, duplicate).
class ConflictError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database is busy or unreachable for now; retrying later may work.
class UnavailableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A stored record cannot be read: a value outside what the domain allows (edited by hand, or
// stored before a rule existed). Only that record fails; lists and the matching snapshot skip it
// and log its table and id. The message names the table and id, never a value.
class UnreadableRecordError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One or more fields are invalid.
class ValidationError : public std::runtime_error {
 public:
  explicit ValidationError(std::vector<FieldError> errors)
      : std::runtime_error("some fields are invalid"), errors_(std::move(errors)) {}
  ValidationError(std::string field, std::string message)
      : ValidationError(std::vector<FieldError>{{std::move(field), std::move(message)}}) {}
  const std::vector<FieldError>& errors() const { return errors_; }

 private:
  std::vector<FieldError> errors_;
};

// Throws ValidationError if `errors` is not empty.
inline void ThrowIfAny(std::vector<FieldError> errors) {
  if (!errors.empty()) throw ValidationError(std::move(errors));
}

}  // namespace fostermatch
