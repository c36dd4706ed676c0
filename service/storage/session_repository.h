#pragma once

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>

#include "matching/domain.h"

namespace fostermatch::storage {

// One admin-page session row; times in Unix seconds.
struct SessionRecord {
  std::string id_hash;  // SHA-256 of the cookie's id; the id itself is never stored
  std::string actor;    // "user:alice"
  matching::Role role = matching::Role::kStaff;
  std::optional<int64_t> agency_id;
  std::string csrf;
  int64_t created_at = 0;
  int64_t last_seen = 0;
};

// Admin-page sessions. Writers must hold a WriteTransaction.
class SessionRepository final {
 public:
  explicit SessionRepository(soci::session& s) : s_(s) {}

  void Insert(const SessionRecord& session);
  std::optional<SessionRecord> Find(const std::string& id_hash);
  void Touch(const std::string& id_hash, int64_t last_seen);
  void Delete(const std::string& id_hash);
  // Removes sessions last seen before `idle_before` or created before `created_before`.
  int64_t DeleteExpired(int64_t idle_before, int64_t created_before);

 private:
  soci::session& s_;
};

}  // namespace fostermatch::storage
