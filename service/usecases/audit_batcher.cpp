#include "service/usecases/audit_batcher.h"

#include <spdlog/spdlog.h>

#include <iterator>
#include <utility>

#include "service/errors.h"
#include "service/storage/auth_repository.h"
#include "service/storage/database.h"

namespace fostermatch::usecases {

AuditBatcher::AuditBatcher(storage::Database& db)
    : db_(db), open_(std::make_shared<Group>()), writer_([this] { Run(); }) {}

AuditBatcher::~AuditBatcher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_writer_.notify_one();
  writer_.join();
}

void AuditBatcher::Record(std::vector<model::AuditEntry> entries) {
  if (entries.empty()) return;
  const std::string now = storage::NowTimestamp();
  for (auto& e : entries) e.at = now;
  std::unique_lock lock(mu_);
  // A read with more entries than the queue holds (a long list) still goes, alone.
  const bool room = committed_.wait_for(lock, kQueueTimeout, [&] {
    return stop_ || open_->entries.empty() || open_->entries.size() + entries.size() <= kMaxQueued;
  });
  if (!room) throw UnavailableError("the audit log is not keeping up; try again");
  if (stop_) throw UnavailableError("the server is stopping; try again");
  const std::shared_ptr<Group> group = open_;
  group->entries.insert(group->entries.end(), std::make_move_iterator(entries.begin()),
                        std::make_move_iterator(entries.end()));
  wake_writer_.notify_one();
  committed_.wait(lock, [&] { return group->done; });
  if (group->failed) throw UnavailableError("the audit log could not be written; try again");
}

AuditBatcher::Stats AuditBatcher::stats() const {
  std::lock_guard lock(mu_);
  Stats out = stats_;
  out.waiting = open_->entries.size() + committing_;
  return out;
}

void AuditBatcher::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_writer_.wait(lock, [&] { return stop_ || !open_->entries.empty(); });
    // Stopping drains: a group with entries is committed before the thread ends.
    if (open_->entries.empty()) return;
    const std::shared_ptr<Group> group = std::exchange(open_, std::make_shared<Group>());
    committing_ = group->entries.size();
    committed_.notify_all();  // the queue has room again
    lock.unlock();
    CommitGroup(*group);
    lock.lock();
    group->done = true;
    committing_ = 0;
    if (group->failed) {
      ++stats_.failed_commits;
    } else {
      ++stats_.commits;
      stats_.entries += group->entries.size();
    }
    committed_.notify_all();
  }
}

void AuditBatcher::CommitGroup(Group& group) {
  try {
    storage::Database::Lease lease = db_.Acquire();
    storage::WriteTransaction tx(lease);
    storage::AuditRepository(lease.session()).AppendAll(group.entries);
    tx.Commit();
  } catch (const std::exception& e) {
    // Storage has logged the database's error; every request of the group answers 503.
    spdlog::error("audit entries of {} read(s) not committed: {}", group.entries.size(), e.what());
    group.failed = true;
  }
}

}  // namespace fostermatch::usecases
