#pragma once

#include <optional>
#include <string>

#include "matching/domain.h"
#include "service/storage/database.h"

namespace fostermatch::auth {

struct IssuedToken {
  int64_t id = 0;
  std::string token;  // shown once; only its hash is stored
};

// Creates an API token. The agency role needs an existing agency and no other role takes one;
// throws std::invalid_argument with a clear message otherwise. Audited as `actor`.
IssuedToken IssueToken(storage::Database& db, matching::Role role,
                       std::optional<int64_t> agency_id, const std::string& label,
                       const std::string& actor);

// Creates an admin-page user with an Argon2id password hash. Same agency rule; audited.
int64_t AddUser(storage::Database& db, const std::string& username, const std::string& password,
                matching::Role role, std::optional<int64_t> agency_id, const std::string& actor);

}  // namespace fostermatch::auth

namespace fostermatch::auth {
// Revokes an active token; returns false if there is none with that id. Audited.
bool RevokeToken(storage::Database& db, int64_t id, const std::string& actor);
}  // namespace fostermatch::auth
