#include "service/storage/auth_repository.h"

#include <algorithm>

#include "service/storage/codec.h"
#include "service/storage/database.h"

namespace fostermatch::storage {

int64_t AuthRepository::InsertToken(const ApiTokenRecord& t) {
  return Translate("saving a token", [&] {
    const std::string now = NowTimestamp(), role = Name(t.role);
    const int64_t agency = t.agency_id.value_or(0);
    soci::indicator agency_ind = t.agency_id ? soci::i_ok : soci::i_null;
    int64_t id = 0;
    s_ << "INSERT INTO api_tokens (token_hash, role, agency_id, label, created_at) "
          "VALUES (:h, :r, :a, :l, :c) RETURNING id",
        soci::use(t.token_hash), soci::use(role), soci::use(agency, agency_ind), soci::use(t.label),
        soci::use(now), soci::into(id);
    return id;
  });
}

namespace {

std::vector<ApiTokenRecord> QueryTokens(soci::session& s, const std::string& where,
                                        const std::string* param) {
  ApiTokenRecord t;
  std::string role, revoked_at;
  int64_t agency = 0;
  soci::indicator agency_ind = soci::i_null, revoked_ind = soci::i_null;
  soci::statement st(s);
  st.exchange(soci::into(t.id));
  st.exchange(soci::into(t.token_hash));
  st.exchange(soci::into(role));
  st.exchange(soci::into(agency, agency_ind));
  st.exchange(soci::into(t.label));
  st.exchange(soci::into(t.created_at));
  st.exchange(soci::into(revoked_at, revoked_ind));
  if (param != nullptr) st.exchange(soci::use(*param, "p"));
  st.alloc();
  st.prepare(
      "SELECT id, token_hash, role, agency_id, label, created_at, revoked_at "
      "FROM api_tokens " +
      where);
  st.define_and_bind();
  st.execute();
  std::vector<ApiTokenRecord> out;
  while (st.fetch()) {
    ApiTokenRecord row = t;
    row.role = StoredEnum<matching::Role>(role, "api_tokens.role");
    row.agency_id.reset();
    if (agency_ind == soci::i_ok) row.agency_id = agency;
    row.revoked = revoked_ind == soci::i_ok;
    out.push_back(row);
  }
  return out;
}

}  // namespace

std::optional<ApiTokenRecord> AuthRepository::FindActiveToken(const std::string& token_hash) {
  return Translate("reading a token", [&]() -> std::optional<ApiTokenRecord> {
    auto found = QueryTokens(s_, "WHERE token_hash = :p AND revoked_at IS NULL", &token_hash);
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

std::vector<ApiTokenRecord> AuthRepository::ListTokens() {
  return Translate("reading tokens", [&] { return QueryTokens(s_, "ORDER BY id", nullptr); });
}

bool AuthRepository::RevokeToken(int64_t id) {
  return Translate("revoking a token", [&] {
    const std::string now = NowTimestamp();
    soci::statement st = (s_.prepare << "UPDATE api_tokens SET revoked_at = :r "
                                        "WHERE id = :id AND revoked_at IS NULL",
                          soci::use(now), soci::use(id));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

int64_t AuthRepository::InsertUser(const UserRecord& u) {
  return Translate("saving a user", [&] {
    const std::string now = NowTimestamp(), role = Name(u.role);
    const int64_t agency = u.agency_id.value_or(0);
    soci::indicator agency_ind = u.agency_id ? soci::i_ok : soci::i_null;
    const int disabled = u.disabled;
    int64_t id = 0;
    s_ << "INSERT INTO users (username, password_hash, role, agency_id, disabled, created_at) "
          "VALUES (:n, :h, :r, :a, :d, :c) RETURNING id",
        soci::use(u.username), soci::use(u.password_hash), soci::use(role),
        soci::use(agency, agency_ind), soci::use(disabled), soci::use(now), soci::into(id);
    return id;
  });
}

std::optional<UserRecord> AuthRepository::FindUser(const std::string& username) {
  return Translate("reading a user", [&]() -> std::optional<UserRecord> {
    UserRecord u;
    std::string role;
    int64_t agency = 0;
    int disabled = 0;
    soci::indicator agency_ind = soci::i_null;
    s_ << "SELECT id, username, password_hash, role, agency_id, disabled FROM users "
          "WHERE username = :n",
        soci::use(username), soci::into(u.id), soci::into(u.username), soci::into(u.password_hash),
        soci::into(role), soci::into(agency, agency_ind), soci::into(disabled);
    if (!s_.got_data()) return std::nullopt;
    u.role = StoredEnum<matching::Role>(role, "users.role");
    if (agency_ind == soci::i_ok) u.agency_id = agency;
    u.disabled = disabled != 0;
    return u;
  });
}

std::vector<UserRecord> AuthRepository::ListUsers() {
  return Translate("reading users", [&] {
    UserRecord u;
    std::string role;
    int64_t agency = 0;
    int disabled = 0;
    soci::indicator agency_ind = soci::i_null;
    soci::statement st = (s_.prepare << "SELECT id, username, role, agency_id, disabled FROM users "
                                        "ORDER BY username",
                          soci::into(u.id), soci::into(u.username), soci::into(role),
                          soci::into(agency, agency_ind), soci::into(disabled));
    st.execute();
    std::vector<UserRecord> out;
    while (st.fetch()) {
      UserRecord row = u;
      row.role = StoredEnum<matching::Role>(role, "users.role");
      if (agency_ind == soci::i_ok) row.agency_id = agency;
      row.disabled = disabled != 0;
      out.push_back(std::move(row));
    }
    return out;
  });
}

int64_t AuditRepository::Append(const AuditEntry& e) {
  return Translate("writing the audit log", [&] {
    const std::string now = NowTimestamp();
    int64_t id = 0;
    s_ << "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) "
          "VALUES (:at, :actor, :action, :entity, :eid, :detail) RETURNING id",
        soci::use(now), soci::use(e.actor), soci::use(e.action), soci::use(e.entity),
        soci::use(e.entity_id), soci::use(e.detail), soci::into(id);
    return id;
  });
}

void AuditRepository::AppendAll(const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return;
  Translate("writing the audit log", [&] {
    if (s_.get_backend_name() == "postgresql") return AppendRows(entries);
    // SQLite: no round trips to save, so one statement parsed once and stepped per row.
    AuditEntry e;
    soci::statement st =
        (s_.prepare << "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) "
                       "VALUES (:at, :actor, :action, :entity, :eid, :detail)",
         soci::use(e.at), soci::use(e.actor), soci::use(e.action), soci::use(e.entity),
         soci::use(e.entity_id), soci::use(e.detail));
    for (const AuditEntry& entry : entries) {
      e = entry;
      st.execute(true);
    }
  });
}

void AuditRepository::AppendRows(const std::vector<AuditEntry>& entries) {
  // Several rows a statement: on PostgreSQL each statement is a round trip.
  constexpr size_t kRowsPerStatement = 64;
  for (size_t first = 0; first < entries.size(); first += kRowsPerStatement) {
    const size_t rows = std::min(kRowsPerStatement, entries.size() - first);
    // Assembled from constant fragments only; every value is bound.
    std::string sql =
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, detail) VALUES ";
    for (size_t i = 0; i < rows; ++i) {
      const std::string n = std::to_string(i);
      sql += (i ? ", (:at" : "(:at") + n + ", :ac" + n + ", :an" + n + ", :en" + n + ", :id" + n +
             ", :de" + n + ")";
    }
    soci::statement st(s_);
    for (size_t i = first; i < first + rows; ++i) {
      const AuditEntry& e = entries[i];
      st.exchange(soci::use(e.at));
      st.exchange(soci::use(e.actor));
      st.exchange(soci::use(e.action));
      st.exchange(soci::use(e.entity));
      st.exchange(soci::use(e.entity_id));
      st.exchange(soci::use(e.detail));
    }
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute(true);
  }
}

std::vector<AuditEntry> AuditRepository::List(const AuditFilter& filter) {
  return Translate("reading the audit log", [&] {
    // Assembled from constant fragments only; every value is bound.
    std::string sql =
        "SELECT id, at, actor, action, entity, entity_id, detail FROM audit_log "
        "WHERE 1 = 1";
    if (filter.before_id > 0) sql += " AND id < :before";
    if (filter.entity) sql += " AND entity = :entity";
    if (filter.entity_id) sql += " AND entity_id = :eid";
    if (filter.actor) sql += " AND actor = :actor";
    sql += " ORDER BY id DESC LIMIT :limit";
    AuditEntry e;
    soci::statement st(s_);
    st.exchange(soci::into(e.id));
    st.exchange(soci::into(e.at));
    st.exchange(soci::into(e.actor));
    st.exchange(soci::into(e.action));
    st.exchange(soci::into(e.entity));
    st.exchange(soci::into(e.entity_id));
    st.exchange(soci::into(e.detail));
    if (filter.before_id > 0) st.exchange(soci::use(filter.before_id, "before"));
    if (filter.entity) st.exchange(soci::use(*filter.entity, "entity"));
    if (filter.entity_id) st.exchange(soci::use(*filter.entity_id, "eid"));
    if (filter.actor) st.exchange(soci::use(*filter.actor, "actor"));
    st.exchange(soci::use(filter.limit, "limit"));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute();
    std::vector<AuditEntry> out;
    while (st.fetch()) out.push_back(e);
    return out;
  });
}

}  // namespace fostermatch::storage
