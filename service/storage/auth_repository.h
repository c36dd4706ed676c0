#pragma once

#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "matching/domain.h"
#include "service/model/records.h"

namespace fostermatch::storage {

using ApiTokenRecord = model::ApiTokenRecord;
using UserRecord = model::UserRecord;

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
  // Every user by username, without password hashes.
  std::vector<UserRecord> ListUsers();

 private:
  soci::session& s_;
};

using AuditEntry = model::AuditEntry;
using AuditFilter = model::AuditQuery;

// The append-only audit log.
class AuditRepository final {
 public:
  explicit AuditRepository(soci::session& s) : s_(s) {}
  int64_t Append(const AuditEntry& entry);
  // Appends each entry with the time it carries in `at` (stamped when the read happened), in
  // order (on PostgreSQL many rows a statement). The caller's WriteTransaction makes them one
  // commit.
  void AppendAll(const std::vector<AuditEntry>& entries);
  // Appends an entry stamped with the current time.
  int64_t Record(const std::string& actor, const std::string& action, const std::string& entity,
                 const std::string& entity_id, const std::string& detail = "") {
    return Append({0, "", actor, action, entity, entity_id, detail});
  }
  // Newest first.
  std::vector<AuditEntry> List(const AuditFilter& filter);

 private:
  void AppendRows(const std::vector<AuditEntry>& entries);  // multi-row INSERTs
  soci::session& s_;
};

}  // namespace fostermatch::storage
