#include "service/usecases/context.h"

#include <algorithm>

#include "service/errors.h"
#include "service/storage/auth_repository.h"
#include "service/storage/data_version_repository.h"
#include "service/usecases/pending_read_audits.h"

namespace fostermatch::usecases {

namespace {
Config WithDefaults(Config config) {
  if (!config.today) config.today = SystemToday;
  return config;
}
}  // namespace

Context::Context(storage::Database& database, Config c)
    : db(database),
      config(WithDefaults(std::move(c))),
      versions(database, config.version_check_interval),
      matching(database, versions, config.policy, config.today),
      read_audit(database) {}

void RequireRole(const Actor& actor, RoleSet roles) {
  if (!roles.Has(actor.role)) {
    throw ForbiddenError("the " + std::string(matching::ToString(actor.role)) +
                         " role may not do this");
  }
}

storage::Database& Work::AfterPendingReads(Context& ctx) {
  // As when every read waited for its commit: the request's earlier reads are durable first.
  PendingReadAudits::CommitBeforeWrite(ctx.read_audit);
  return ctx.db;
}

Work::Work(Context& ctx, const Actor& actor)
    : ctx_(ctx), actor_(actor), lease_(AfterPendingReads(ctx).Acquire()), tx_(lease_) {}

void Work::Audit(std::string_view action, std::string_view entity, const std::string& entity_id,
                 const std::string& detail) {
  storage::AuditRepository(session()).Record(actor_.name, std::string(action), std::string(entity),
                                             entity_id, detail);
}

AuditedRead::AuditedRead(Context& ctx, const Actor& actor) : ctx_(ctx), actor_(actor) {}

soci::session& AuditedRead::session() {
  if (!lease_) lease_.emplace(ctx_.db.Acquire());
  return lease_->session();
}

void AuditedRead::Audit(std::string_view action, std::string_view entity,
                        const std::string& entity_id, const std::string& detail) {
  entries_.push_back(
      {0, "", actor_.name, std::string(action), std::string(entity), entity_id, detail});
}

void AuditedRead::Commit() {
  lease_.reset();  // nobody waits for a session while this read waits for its commit
  if (PendingReadAudits* pending = PendingReadAudits::Current(ctx_.read_audit)) {
    // The front door answers once they are committed; this thread goes on meanwhile.
    return pending->Add(std::move(entries_));
  }
  ctx_.read_audit.Record(std::move(entries_));
}

void Work::Commit() {
  // Bumped last, so the version row is locked (PostgreSQL) for as short a time as possible.
  const uint64_t version =
      changes_cached_ ? storage::DataVersionRepository(session()).Bump() : uint64_t{0};
  tx_.Commit();
  if (changes_cached_) ctx_.versions.Saw(version);
}

}  // namespace fostermatch::usecases
