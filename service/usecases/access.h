#pragma once

// Access: API tokens and admin-page users, and who a presented token is.

#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
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

  // The actor behind an API token, if the token is valid and not revoked. A token verified once
  // is answered from memory until the data version moves (a revocation moves it, on any
  // process), so a revoked token is refused here at once and elsewhere within one version check.
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
  // Verified tokens by their SHA-256 (never the token), valid at one data version. Thread-safe.
  class TokenCache final {
   public:
    // The actor verified for `hash` at `version`, if cached.
    std::optional<Actor> Find(const std::string& hash, uint64_t version) const;
    // Remembers a verification made at `version`; a newer version first forgets the older ones.
    void Put(const std::string& hash, const Actor& actor, uint64_t version);

   private:
    // More valid tokens than this are not expected; past it the cache starts over.
    static constexpr size_t kMaxTokens = 10000;
    mutable std::shared_mutex mu_;
    uint64_t version_ = 0;
    std::unordered_map<std::string, Actor> actors_;
  };

  Context& ctx_;
  TokenCache tokens_;
};

}  // namespace fostermatch::usecases
