#pragma once

// The use-case layer's front: what the API, the admin pages and the CLI call. Each aggregate's
// operations check the actor's role and scope, validate, write in one transaction with their
// audit entries and refresh the matching index after they commit. No front door reaches storage.

#include <cstdint>
#include <memory>

#include "service/usecases/access.h"
#include "service/usecases/audit.h"
#include "service/usecases/config.h"
#include "service/usecases/dashboard.h"
#include "service/usecases/households.h"
#include "service/usecases/match_runs.h"
#include "service/usecases/needs.h"
#include "service/usecases/pending_read_audits.h"
#include "service/usecases/placements.h"
#include "service/usecases/ranking.h"
#include "service/usecases/reference.h"
#include "service/usecases/sessions.h"
#include "service/usecases/trainings.h"

namespace fostermatch::storage {
class Database;
}

namespace fostermatch::usecases {

struct Context;

struct Health {
  bool database_reachable = false;
  size_t database_connections = 0;
  size_t database_connections_in_use = 0;  // leased right now
  uint64_t database_lease_timeouts = 0;    // leases refused since start: the pool was too small
  // The group commit of reads' audit entries: many reads share one transaction.
  uint64_t audit_read_commits = 0;
  uint64_t audit_read_entries = 0;
  uint64_t audit_read_failed_commits = 0;
  uint64_t audit_read_waiting = 0;     // handed over, not yet committed
  uint64_t audit_read_committing = 0;  // of those, in the transaction under way
};

class UseCases final {
 public:
  UseCases(storage::Database& db, const Config& config);
  ~UseCases();
  UseCases(const UseCases&) = delete;
  UseCases& operator=(const UseCases&) = delete;

  Health CheckHealth();
  const Config& config() const;

 private:
  friend class PendingReadAudits;  // hands entries to the context's group commit
  std::unique_ptr<Context> ctx_;   // first: the aggregates below refer to it

 public:
  ReferenceData reference;
  Households households;
  Trainings trainings;
  Needs needs;
  Ranking ranking;
  Placements placements;
  MatchRuns match_runs;
  AuditLog audit;
  Access access;
  Dashboard dashboard;
  Sessions sessions;
};

}  // namespace fostermatch::usecases
