#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "matching/domain.h"

namespace fostermatch::storage {

struct ApiTokenRecord {
  int64_t id = 0;
  std::string token_hash;  // hex SHA-256 of the token; the token itself is never stored
  matching::Role role = matching::Role::kStaff;
  std::optional<int64_t> agency_id;
  std::string label;
  std::string created_at;
  bool revoked = false;
};

struct UserRecord {
  int64_t id = 0;
  std::string username;
  std::string password_hash;  // libsodium crypto_pwhash_str (Argon2id), salted
  matching::Role role = matching::Role::kStaff;
  std::optional<int64_t> agency_id;
  bool disabled = false;
};

// API tokens and admin-page users. Writers must hold a WriteTransaction.
class AuthRepository final {
 public:
  explicit AuthRepository(soci::session& s) : s_(s) {}

  int64_t InsertToken(const ApiTokenRecord& token);
  // The unrevoked token with this hash, if any.
  std::optional<ApiTokenRecord> FindActiveToken(const std::string& token_hash);
  std::vector<ApiTokenRecord> ListTokens();
  bool RevokeToken(int64_t id);

  // Throws ConstraintError if the username is taken.
  int64_t InsertUser(const UserRecord& user);
  std::optional<UserRecord> FindUser(const std::string& username);

 private:
  soci::session& s_;
};

struct AuditEntry {
  int64_t id = 0;
  std::string at;         // ISO 8601 UTC, set by Append
  std::string actor;      // "token:12", "user:admin", "cli"
  std::string action;     // "create", "update", "read", "import", …
  std::string entity;     // "foster_parent", "need", …
  std::string entity_id;  // the record's id
  std::string detail;     // short, never secrets
};

struct AuditFilter {
  std::optional<std::string> entity;
  std::optional<std::string> entity_id;
  std::optional<std::string> actor;
  int64_t before_id = 0;  // newest first: ids lower than this; 0 = from the newest
  int limit = 50;
};

// The append-only audit log.
class AuditRepository final {
 public:
  explicit AuditRepository(soci::session& s) : s_(s) {}
  int64_t Append(const AuditEntry& entry);
  // Appends an entry stamped with the current time.
  int64_t Record(const std::string& actor, const std::string& action, const std::string& entity,
                 const std::string& entity_id, const std::string& detail = "") {
    return Append({0, "", actor, action, entity, entity_id, detail});
  }
  // Newest first.
  std::vector<AuditEntry> List(const AuditFilter& filter);

 private:
  soci::session& s_;
};

}  // namespace fostermatch::storage
