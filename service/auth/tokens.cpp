#include "service/auth/tokens.h"

#include <stdexcept>

#include "service/auth/credentials.h"
#include "service/storage/auth_repository.h"
#include "service/storage/reference_repository.h"

namespace fostermatch::auth {
namespace {

void CheckAgencyRule(storage::Database::Lease& lease, matching::Role role,
                     std::optional<int64_t> agency_id) {
  if (role == matching::Role::kAgency) {
    if (!agency_id) throw std::invalid_argument("the agency role needs --agency ID");
    if (!storage::ReferenceRepository(lease.session()).FindAgency(*agency_id)) {
      throw std::invalid_argument("no agency has id " + std::to_string(*agency_id));
    }
  } else if (agency_id) {
    throw std::invalid_argument("only the agency role is bound to an agency");
  }
}

}  // namespace

IssuedToken IssueToken(storage::Database& db, matching::Role role,
                       std::optional<int64_t> agency_id, const std::string& label,
                       const std::string& actor) {
  storage::Database::Lease lease = db.Acquire();
  storage::WriteTransaction tx(lease);
  CheckAgencyRule(lease, role, agency_id);
  IssuedToken issued;
  issued.token = GenerateToken();
  storage::ApiTokenRecord record;
  record.token_hash = HashToken(issued.token);
  record.role = role;
  record.agency_id = agency_id;
  record.label = label;
  issued.id = storage::AuthRepository(lease.session()).InsertToken(record);
  storage::AuditRepository(lease.session())
      .Record(actor, "create", "api_token", std::to_string(issued.id),
              "role " + std::string(matching::ToString(role)));
  tx.Commit();
  return issued;
}

int64_t AddUser(storage::Database& db, const std::string& username, const std::string& password,
                matching::Role role, std::optional<int64_t> agency_id, const std::string& actor) {
  if (username.empty() || username.size() > 64) {
    throw std::invalid_argument("the username must be 1 to 64 characters");
  }
  if (password.size() < 12) throw std::invalid_argument("the password must be 12 characters or more");
  const std::string hash = HashPassword(password);  // slow: outside the transaction
  storage::Database::Lease lease = db.Acquire();
  storage::WriteTransaction tx(lease);
  CheckAgencyRule(lease, role, agency_id);
  storage::AuthRepository repo(lease.session());
  if (repo.FindUser(username)) throw std::invalid_argument("the username " + username + " is taken");
  storage::UserRecord record;
  record.username = username;
  record.password_hash = hash;
  record.role = role;
  record.agency_id = agency_id;
  const int64_t id = repo.InsertUser(record);
  storage::AuditRepository(lease.session())
      .Record(actor, "create", "user", std::to_string(id),
              "role " + std::string(matching::ToString(role)));
  tx.Commit();
  return id;
}

}  // namespace fostermatch::auth

namespace fostermatch::auth {
bool RevokeToken(storage::Database& db, int64_t id, const std::string& actor) {
  storage::Database::Lease lease = db.Acquire();
  storage::WriteTransaction tx(lease);
  if (!storage::AuthRepository(lease.session()).RevokeToken(id)) return false;
  storage::AuditRepository(lease.session()).Record(actor, "revoke", "api_token", std::to_string(id));
  tx.Commit();
  return true;
}
}  // namespace fostermatch::auth
