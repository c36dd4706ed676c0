#include "service/storage/session_repository.h"

#include "service/storage/codec.h"
#include "service/storage/errors.h"

namespace fostermatch::storage {

void SessionRepository::Insert(const SessionRecord& r) {
  Translate("saving a session", [&] {
    const std::string role = Name(r.role);
    const int64_t agency = r.agency_id.value_or(0);
    soci::indicator agency_ind = r.agency_id ? soci::i_ok : soci::i_null;
    s_ << "INSERT INTO page_sessions (id_hash, actor, role, agency_id, csrf, created_at, "
          "last_seen) "
          "VALUES (:h, :a, :r, :g, :c, :t, :s)",
        soci::use(r.id_hash), soci::use(r.actor), soci::use(role), soci::use(agency, agency_ind),
        soci::use(r.csrf), soci::use(r.created_at), soci::use(r.last_seen);
  });
}

std::optional<SessionRecord> SessionRepository::Find(const std::string& id_hash) {
  return Translate("reading a session", [&]() -> std::optional<SessionRecord> {
    SessionRecord r;
    std::string role;
    int64_t agency = 0;
    soci::indicator agency_ind = soci::i_null;
    s_ << "SELECT id_hash, actor, role, agency_id, csrf, created_at, last_seen "
          "FROM page_sessions WHERE id_hash = :h",
        soci::use(id_hash), soci::into(r.id_hash), soci::into(r.actor), soci::into(role),
        soci::into(agency, agency_ind), soci::into(r.csrf), soci::into(r.created_at),
        soci::into(r.last_seen);
    if (!s_.got_data()) return std::nullopt;
    r.role = StoredEnum<matching::Role>(role, "page_sessions.role");
    if (agency_ind == soci::i_ok) r.agency_id = agency;
    return r;
  });
}

void SessionRepository::Touch(const std::string& id_hash, int64_t last_seen) {
  Translate("touching a session", [&] {
    s_ << "UPDATE page_sessions SET last_seen = :s WHERE id_hash = :h", soci::use(last_seen),
        soci::use(id_hash);
  });
}

void SessionRepository::Delete(const std::string& id_hash) {
  Translate("ending a session",
            [&] { s_ << "DELETE FROM page_sessions WHERE id_hash = :h", soci::use(id_hash); });
}

int64_t SessionRepository::DeleteExpired(int64_t idle_before, int64_t created_before) {
  return Translate("removing expired sessions", [&] {
    soci::statement st =
        (s_.prepare << "DELETE FROM page_sessions WHERE last_seen < :i OR created_at < :c",
         soci::use(idle_before), soci::use(created_before));
    st.execute(true);
    return static_cast<int64_t>(st.get_affected_rows());
  });
}

}  // namespace fostermatch::storage
