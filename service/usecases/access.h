#pragma once

// Access: API tokens and admin-page users, and who a presented token is.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matching/domain.h"
#include "service/model/records.h"
#include "service/usecases/actor.h"

namespace fostermatch::usecases {

struct Context;

struct IssuedToken {
  int64_t id = 0;
  std::string token;  // shown once; only its hash is stored
};

// Thread-safe. Throws ValidationError for a bad role/agency pairing, ForbiddenError for a
// caller who is not admin.
class Access final {
 public:
  explicit Access(Context& ctx) : ctx_(ctx) {}

  // The actor behind an API token, if the token is valid and not revoked.
  std::optional<Actor> Authenticate(std::string_view token);

  // The agency role needs an existing agency and no other role takes one. Audited.
  IssuedToken IssueToken(matching::Role role, std::optional<int64_t> agency_id,
                         const std::string& label, const Actor& actor);
  std::vector<model::ApiTokenRecord> ListTokens(const Actor& actor);
  // False if there is no active token with that id. Audited.
  bool RevokeToken(int64_t id, const Actor& actor);
  // An admin-page user with an Argon2id password hash (12 characters or more). Audited.
  int64_t AddUser(const std::string& username, const std::string& password, matching::Role role,
                  std::optional<int64_t> agency_id, const Actor& actor);
  // Admin. Every admin-page user by username; the records carry no password hash.
  std::vector<model::UserRecord> ListUsers(const Actor& actor);
  // The actor ("user:NAME") behind an admin-page user's username and password, if both match an
  // enabled user; nullopt otherwise, alike for an unknown user and a wrong password (an unknown
  // user's check costs the same Argon2id verification). Audited: "login" or "login_failed".
  // Throttling repeated failures is the front door's job (it knows the client's address).
  std::optional<Actor> Login(const std::string& username, std::string_view password);

 private:
  Context& ctx_;
};

}  // namespace fostermatch::usecases
