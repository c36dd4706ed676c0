#include "service/usecases/pending_read_audits.h"

#include <iterator>
#include <utility>

#include "service/errors.h"
#include "service/usecases/audit_batcher.h"
#include "service/usecases/context.h"
#include "service/usecases/use_cases.h"

namespace fostermatch::usecases {

namespace {
// The handler running on this thread collects its reads' entries here (see Scope).
thread_local PendingReadAudits* current = nullptr;
}  // namespace

PendingReadAudits::PendingReadAudits(UseCases& use_cases) : batcher_(use_cases.ctx_->read_audit) {}

void PendingReadAudits::Submit(std::function<void(bool ok)> done) {
  try {
    batcher_.Submit(std::exchange(entries_, {}), done);
  } catch (const UnavailableError&) {
    // Not handed over, so `done` was not called and never will be by the batcher.
    done(false);
  }
}

PendingReadAudits* PendingReadAudits::Current(const AuditBatcher& batcher) {
  // Another UseCases' reads (a test with two) are not this request's: they block.
  return current != nullptr && &current->batcher_ == &batcher ? current : nullptr;
}

void PendingReadAudits::CommitBeforeWrite(AuditBatcher& batcher) {
  PendingReadAudits* pending = Current(batcher);
  if (pending == nullptr || pending->empty()) return;
  batcher.Record(std::exchange(pending->entries_, {}));
}

void PendingReadAudits::Add(std::vector<model::AuditEntry> entries) {
  // Stamped when read, not when the handler returns and hands them over.
  const std::string now = storage::NowTimestamp();
  for (auto& e : entries) e.at = now;
  entries_.insert(entries_.end(), std::make_move_iterator(entries.begin()),
                  std::make_move_iterator(entries.end()));
}

PendingReadAudits::Scope::Scope(PendingReadAudits& pending) : previous_(current) {
  current = &pending;
}

PendingReadAudits::Scope::~Scope() { current = previous_; }

}  // namespace fostermatch::usecases
