#pragma once

// Inside the use-case layer: the shared context and the one way to write. Front doors include
// use_cases.h instead.

#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "service/model/records.h"
#include "service/storage/database.h"
#include "service/usecases/actor.h"
#include "service/usecases/audit_batcher.h"
#include "service/usecases/clock.h"
#include "service/usecases/config.h"
#include "service/usecases/data_version.h"
#include "service/usecases/matching_snapshot.h"
#include "service/usecases/need_cache.h"

namespace fostermatch::usecases {

// What every use case shares: the database, the policy, the clock, the data version this process
// has seen, the matching snapshot and the group commit of reads' audit entries.
struct Context {
  Context(storage::Database& database, Config config);
  storage::Database& db;
  Config config;
  DataVersionWatch versions;
  MatchingService matching;
  NeedCache needs;
  AuditBatcher read_audit;
  matching::Date Today() const { return config.today(); }
};

// One unit of write work: a leased session in a write transaction, with the audit entries of
// what it changes. If the work said it changes what servers cache (matching's data, tokens),
// Commit() moves the database's data version forward in the same transaction, so every process
// notices (DataVersionWatch), and this one at once. Destroyed uncommitted, it rolls back and
// changes nothing. Audited reads its request made before it and left pending (PendingReadAudits)
// are committed before it begins: a write never follows a read whose audit entry was lost.
class Work final {
 public:
  Work(Context& ctx, const Actor& actor);
  Work(const Work&) = delete;
  Work& operator=(const Work&) = delete;

  soci::session& session() const { return lease_.session(); }
  bool postgres() const { return lease_.engine() == storage::Engine::kPostgresql; }
  const Actor& actor() const { return actor_; }
  Context& context() const { return ctx_; }

  // Appends an audit entry in this transaction: it commits with the change or not at all.
  void Audit(std::string_view action, std::string_view entity, const std::string& entity_id,
             const std::string& detail = "");
  void Audit(std::string_view action, std::string_view entity, int64_t id,
             const std::string& detail = "") {
    Audit(action, entity, std::to_string(id), detail);
  }
  // The change touches households, trainings, placements, regions or agencies.
  void ChangesMatching() { changes_cached_ = true; }
  // The change revokes or alters what a token or user may do.
  void ChangesAccess() { changes_cached_ = true; }
  void Commit();

 private:
  // Commits the pending entries of this thread's earlier audited reads (before the lease is
  // taken); returns the database to lease from.
  static storage::Database& AfterPendingReads(Context& ctx);

  Context& ctx_;
  const Actor& actor_;
  storage::Database::Lease lease_;
  storage::WriteTransaction tx_;
  bool changes_cached_ = false;
};

// Runs `body(Work&)` in one write transaction and commits it: lease → transaction → audit →
// data version → commit → index refresh, the same for every write.
template <typename F>
auto Write(Context& ctx, const Actor& actor, F&& body) {
  Work work(ctx, actor);
  if constexpr (std::is_void_v<decltype(body(work))>) {
    body(work);
    work.Commit();
  } else {
    auto result = body(work);
    work.Commit();
    return result;
  }
}

// One audited read: a leased session, and the audit entries of what it reads. Commit() gives the
// session back, then makes the entries durable before the read may answer: they are committed
// together with other requests' (AuditBatcher), so a read costs a share of one fsync, not one of
// its own. With a PendingReadAudits scope on this thread (the HTTP server's), Commit() leaves
// the entries there and returns at once: the server answers once they are committed. Without
// one (the CLI, direct calls), Commit() waits for their commit.
class AuditedRead final {
 public:
  AuditedRead(Context& ctx, const Actor& actor);
  AuditedRead(const AuditedRead&) = delete;
  AuditedRead& operator=(const AuditedRead&) = delete;

  // A session leased at the first call (a read answered from memory leases none).
  soci::session& session();
  const Actor& actor() const { return actor_; }

  // Adds an entry to commit before the read is answered.
  void Audit(std::string_view action, std::string_view entity, const std::string& entity_id,
             const std::string& detail = "");
  void Audit(std::string_view action, std::string_view entity, int64_t id,
             const std::string& detail = "") {
    Audit(action, entity, std::to_string(id), detail);
  }
  // Throws UnavailableError if the entries could not be committed (waiting only): the read must
  // not answer.
  void Commit();

 private:
  Context& ctx_;
  const Actor& actor_;
  std::optional<storage::Database::Lease> lease_;
  std::vector<model::AuditEntry> entries_;
};

// Runs `body(AuditedRead&)` and returns its result once the read's audit entries are committed,
// or handed to the current PendingReadAudits, whose owner must not answer before they are.
template <typename F>
auto ReadAudited(Context& ctx, const Actor& actor, F&& body) {
  AuditedRead read(ctx, actor);
  if constexpr (std::is_void_v<decltype(body(read))>) {
    body(read);
    read.Commit();
  } else {
    auto result = body(read);
    read.Commit();
    return result;
  }
}

// Runs `body(soci::session&)` on a leased session, for reads that are not audited.
template <typename F>
auto Read(Context& ctx, F&& body) {
  storage::Database::Lease lease = ctx.db.Acquire();
  return body(lease.session());
}

}  // namespace fostermatch::usecases
