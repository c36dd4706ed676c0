#include "service/usecases/use_cases.h"

#include "service/usecases/context.h"

namespace fostermatch::usecases {

UseCases::UseCases(storage::Database& db, const Config& config)
    : ctx_(std::make_unique<Context>(db, config)),
      reference(*ctx_),
      households(*ctx_),
      trainings(*ctx_),
      needs(*ctx_),
      ranking(*ctx_),
      placements(*ctx_),
      match_runs(*ctx_),
      audit(*ctx_),
      access(*ctx_),
      dashboard(*ctx_),
      sessions(*ctx_) {}

UseCases::~UseCases() = default;

Health UseCases::CheckHealth() {
  Health h;
  h.database_reachable = ctx_->db.Ping();
  h.database_connections = ctx_->db.pool_size();
  h.database_connections_in_use = ctx_->db.connections_in_use();
  h.database_lease_timeouts = ctx_->db.lease_timeouts();
  const AuditBatcher::Stats audit = ctx_->read_audit.stats();
  h.audit_read_commits = audit.commits;
  h.audit_read_entries = audit.entries;
  h.audit_read_failed_commits = audit.failed_commits;
  h.audit_read_waiting = audit.waiting;
  h.audit_read_committing = audit.committing;
  return h;
}

const Config& UseCases::config() const { return ctx_->config; }

}  // namespace fostermatch::usecases
