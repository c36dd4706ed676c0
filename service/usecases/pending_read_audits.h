#pragma once

// Audited reads that do not hold a thread while their entries wait for the group commit.

#include <functional>
#include <vector>

#include "service/model/records.h"

namespace fostermatch::usecases {

class AuditBatcher;
class UseCases;

// The audit entries of one request's reads, not yet handed to the group commit. A front door
// that can answer later (the HTTP server) collects them while its handler runs, hands them over
// when it returns, and answers once they are committed, with no thread waiting meanwhile.
//
// While a Scope over it is alive on a thread, every audited read of the same UseCases on that
// thread leaves its entries here and returns at once: what it read must not be shown before
// Submit's `done(true)`. Without a Scope, an audited read blocks until its entries are committed
// (the CLI, batch jobs, use cases called directly). Not thread-safe: it belongs to one request.
class PendingReadAudits final {
 public:
  explicit PendingReadAudits(UseCases& use_cases);
  PendingReadAudits(const PendingReadAudits&) = delete;
  PendingReadAudits& operator=(const PendingReadAudits&) = delete;

  // No audited read has left entries here: the answer need not wait.
  bool empty() const { return entries_.empty(); }

  // Hands every collected entry to the group commit, all in one transaction, and returns without
  // waiting for it: `done(ok)` is called exactly once, on the group commit's thread (ok: they are
  // durable; false: nothing of them is stored, and what the reads returned must not be shown).
  // Blocks only while the commit queue is full (AuditBatcher::kMaxQueued); if the entries cannot
  // be handed over (the queue stayed full, the batcher is stopping), calls `done(false)` at once
  // on this thread. `done` must not block. Call once, with no Scope over this alive.
  void Submit(std::function<void(bool ok)> done);

  // Makes this the current thread's pending record until destroyed (the previous one, if any,
  // is current again afterwards).
  class Scope final {
   public:
    explicit Scope(PendingReadAudits& pending);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    PendingReadAudits* previous_;
  };

 private:
  friend class AuditedRead;
  friend class Work;
  // Before a write on this thread: commits the entries collected so far, waiting (throws
  // UnavailableError if that fails), so a request never writes after a read it could not audit.
  static void CommitBeforeWrite(AuditBatcher& batcher);
  // The record audited reads of `batcher` on this thread leave their entries in; null if none.
  static PendingReadAudits* Current(const AuditBatcher& batcher);
  void Add(std::vector<model::AuditEntry> entries);

  AuditBatcher& batcher_;
  std::vector<model::AuditEntry> entries_;
};

}  // namespace fostermatch::usecases
