#include "service/usecases/sessions.h"

#include "service/storage/session_repository.h"
#include "service/usecases/context.h"
#include "service/usecases/credentials.h"

namespace fostermatch::usecases {

namespace {

bool Expired(const storage::SessionRecord& r, int64_t now, const SessionPolicy& p) {
  return now - r.last_seen >= p.idle.count() || now - r.created_at >= p.absolute.count();
}

}  // namespace

std::string Sessions::Start(const Actor& actor, int64_t now, const SessionPolicy& policy) {
  std::string id = GenerateToken();
  storage::SessionRecord r{HashToken(id),   actor.name, actor.role, actor.agency_id,
                           GenerateToken(), now,        now};
  Write(ctx_, actor, [&](Work& work) {
    storage::SessionRepository sessions(work.session());
    sessions.DeleteExpired(now - policy.idle.count(), now - policy.absolute.count());
    sessions.Insert(r);
  });
  return id;
}

std::optional<PageSession> Sessions::Resume(std::string_view id, int64_t now,
                                            const SessionPolicy& policy) {
  if (id.empty()) return std::nullopt;
  const std::string hash = HashToken(id);
  auto r = Read(ctx_, [&](soci::session& s) { return storage::SessionRepository(s).Find(hash); });
  if (!r) return std::nullopt;
  const Actor actor{r->actor, r->role, r->agency_id};
  if (Expired(*r, now, policy)) {
    Write(ctx_, actor,
          [&](Work& work) { storage::SessionRepository(work.session()).Delete(hash); });
    return std::nullopt;
  }
  if (now - r->last_seen >= policy.touch_every.count()) {
    Write(ctx_, actor,
          [&](Work& work) { storage::SessionRepository(work.session()).Touch(hash, now); });
  }
  return PageSession{actor, r->csrf};
}

void Sessions::End(std::string_view id) {
  if (id.empty()) return;
  const std::string hash = HashToken(id);
  auto r = Read(ctx_, [&](soci::session& s) { return storage::SessionRepository(s).Find(hash); });
  if (!r) return;
  const Actor actor{r->actor, r->role, r->agency_id};
  Write(ctx_, actor, [&](Work& work) {
    storage::SessionRepository(work.session()).Delete(hash);
    work.Audit("logout", "user", r->actor.substr(r->actor.find(':') + 1));
  });
}

}  // namespace fostermatch::usecases
