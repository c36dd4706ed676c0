#include "service/usecases/access.h"

#include "service/errors.h"
#include "service/storage/auth_repository.h"
#include "service/storage/reference_repository.h"
#include "service/usecases/context.h"
#include "service/usecases/credentials.h"

namespace fostermatch::usecases {

using matching::Role;

namespace {

constexpr size_t kMaxUsername = 64;
constexpr size_t kMinPassword = 12;

void CheckAgencyRule(soci::session& s, Role role, std::optional<int64_t> agency_id) {
  if (role == Role::kAgency) {
    if (!agency_id) throw ValidationError("agency_id", "the agency role needs an agency");
    if (!storage::ReferenceRepository(s).FindAgency(*agency_id)) {
      throw ValidationError("agency_id", "no agency has id " + std::to_string(*agency_id));
    }
  } else if (agency_id) {
    throw ValidationError("agency_id", "only the agency role is bound to an agency");
  }
}

std::string RoleDetail(Role role) { return "role " + std::string(matching::ToString(role)); }

}  // namespace

std::optional<Actor> Access::TokenCache::Find(const std::string& hash, uint64_t version) const {
  std::shared_lock lock(mu_);
  if (version != version_) return std::nullopt;
  auto it = actors_.find(hash);
  if (it == actors_.end()) return std::nullopt;
  return it->second;
}

void Access::TokenCache::Put(const std::string& hash, const Actor& actor, uint64_t version) {
  std::unique_lock lock(mu_);
  if (version < version_) return;  // verified before a change this cache has already seen
  if (version > version_ || actors_.size() >= kMaxTokens) {
    actors_.clear();
    version_ = version;
  }
  actors_.insert_or_assign(hash, actor);
}

std::optional<Actor> Access::Authenticate(std::string_view token) {
  const std::string hash = HashToken(token);
  // Known before the lookup: a revocation committed after it moves the version past this one.
  const uint64_t version = ctx_.versions.Poll();
  if (auto actor = tokens_.Find(hash, version)) return actor;
  auto record = Read(
      ctx_, [&](soci::session& s) { return storage::AuthRepository(s).FindActiveToken(hash); });
  if (!record) return std::nullopt;
  Actor actor{"token:" + std::to_string(record->id), record->role, record->agency_id};
  tokens_.Put(hash, actor, version);
  return actor;
}

IssuedToken Access::IssueToken(Role role, std::optional<int64_t> agency_id,
                               const std::string& label, const Actor& actor) {
  RequireRole(actor, kAdminOnly);
  return Write(ctx_, actor, [&](Work& work) {
    CheckAgencyRule(work.session(), role, agency_id);
    IssuedToken issued;
    issued.token = GenerateToken();
    model::ApiTokenRecord record;
    record.token_hash = HashToken(issued.token);
    record.role = role;
    record.agency_id = agency_id;
    record.label = label;
    issued.id = storage::AuthRepository(work.session()).InsertToken(record);
    work.Audit("create", "api_token", issued.id, RoleDetail(role));
    return issued;
  });
}

std::vector<model::ApiTokenRecord> Access::ListTokens(const Actor& actor) {
  RequireRole(actor, kAdminOnly);
  return Read(ctx_, [](soci::session& s) { return storage::AuthRepository(s).ListTokens(); });
}

bool Access::RevokeToken(int64_t id, const Actor& actor) {
  RequireRole(actor, kAdminOnly);
  return Write(ctx_, actor, [&](Work& work) {
    if (!storage::AuthRepository(work.session()).RevokeToken(id)) return false;
    work.Audit("revoke", "api_token", id);
    work.ChangesAccess();  // every process's token cache forgets it
    return true;
  });
}

int64_t Access::AddUser(const std::string& username, const std::string& password, Role role,
                        std::optional<int64_t> agency_id, const Actor& actor) {
  RequireRole(actor, kAdminOnly);
  if (username.empty() || username.size() > kMaxUsername) {
    throw ValidationError("username", "must be 1 to 64 characters");
  }
  if (password.size() < kMinPassword) {
    throw ValidationError("password", "must be 12 characters or more");
  }
  const std::string hash = HashPassword(password);  // slow on purpose: outside the transaction
  return Write(ctx_, actor, [&](Work& work) {
    CheckAgencyRule(work.session(), role, agency_id);
    storage::AuthRepository repo(work.session());
    if (repo.FindUser(username)) throw ConflictError("the username " + username + " is taken");
    model::UserRecord record;
    record.username = username;
    record.password_hash = hash;
    record.role = role;
    record.agency_id = agency_id;
    const int64_t id = repo.InsertUser(record);
    work.Audit("create", "user", id, RoleDetail(role));
    return id;
  });
}

std::vector<model::UserRecord> Access::ListUsers(const Actor& actor) {
  RequireRole(actor, kAdminOnly);
  return Read(ctx_, [](soci::session& s) { return storage::AuthRepository(s).ListUsers(); });
}

std::optional<Actor> Access::Login(const std::string& username, std::string_view password) {
  std::optional<model::UserRecord> user;
  if (!username.empty() && username.size() <= kMaxUsername) {
    user =
        Read(ctx_, [&](soci::session& s) { return storage::AuthRepository(s).FindUser(username); });
  }
  // An unknown user costs one verification too, so timing does not tell which usernames exist.
  static const std::string kDummyHash = HashPassword("not a password of anyone");
  const bool ok =
      VerifyPassword(password, user ? user->password_hash : kDummyHash) && user && !user->disabled;
  const std::string name = username.substr(0, kMaxUsername);
  if (!ok) {
    const Actor anonymous{"anonymous", Role::kTrainer, std::nullopt};
    Write(ctx_, anonymous, [&](Work& work) { work.Audit("login_failed", "user", name); });
    return std::nullopt;
  }
  Actor actor{"user:" + user->username, user->role, user->agency_id};
  Write(ctx_, actor, [&](Work& work) { work.Audit("login", "user", user->id); });
  return actor;
}

}  // namespace fostermatch::usecases
