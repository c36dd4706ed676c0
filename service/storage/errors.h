#pragma once

#include <soci/soci.h>

#include <stdexcept>
#include <string>

#include "service/errors.h"

namespace fostermatch::storage {

// Storage failures by kind. Messages are safe to show to a user: they never carry SQL text or
// connection secrets (the database's own message goes to the server log only).
class StorageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A unique or foreign-key constraint refused the write (a duplicate, a dangling reference).
// `what` names the operation; the message carries no values.
class ConstraintError : public ConflictError {
 public:
  explicit ConstraintError(const std::string& what)
      : ConflictError("the change conflicts with existing data (" + what + ")") {}
};

using fostermatch::UnavailableError;

// Classifies a database exception, logs the operation, SOCI's error class and the engine's code
// (SQLite result code, PostgreSQL SQLSTATE) but never its text, which carries the bound values,
// and throws the matching kind above.
[[noreturn]] void RethrowAsStorageError(const char* what, const soci::soci_error& e);

// Runs `body`, turning SOCI's exceptions into the kinds above; `what` names the operation
// ("saving a foster parent") for the message.
template <typename F>
auto Translate(const char* what, F&& body) -> decltype(body()) {
  try {
    return body();
  } catch (const soci::soci_error& e) {
    RethrowAsStorageError(what, e);
  }
}

}  // namespace fostermatch::storage
