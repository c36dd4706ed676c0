#pragma once

// Records of the service that are not matching's domain: the audit log and access credentials.
// Plain structs shared by storage, use cases and front doors.

#include <cstdint>
#include <optional>
#include <string>

#include "matching/domain.h"

namespace fostermatch::model {

struct AuditEntry {
  int64_t id = 0;
  std::string at;         // ISO 8601 UTC, set when appended
  std::string actor;      // "token:12", "user:admin", "cli"
  std::string action;     // "create", "update", "read", "import", …
  std::string entity;     // "foster_parent", "need", …
  std::string entity_id;  // the record's id
  std::string detail;     // short, never secrets or child data
};

struct AuditQuery {
  std::optional<std::string> entity;
  std::optional<std::string> entity_id;
  std::optional<std::string> actor;
  int64_t before_id = 0;  // newest first: ids lower than this; 0 = from the newest
  int limit = 50;
};

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

}  // namespace fostermatch::model
