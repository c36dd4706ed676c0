#include "service/usecases/audit_batcher.h"

#include <spdlog/spdlog.h>

#include <future>
#include <iterator>
#include <utility>

#include "service/errors.h"
#include "service/storage/auth_repository.h"
#include "service/storage/database.h"

namespace fostermatch::usecases {

AuditBatcher::AuditBatcher(storage::Database& db)
    : db_(db), open_(std::make_unique<Group>()), writer_([this] { Run(); }) {}

AuditBatcher::~AuditBatcher() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_writer_.notify_one();
  room_.notify_all();
  writer_.join();
}

void AuditBatcher::Submit(std::vector<model::AuditEntry> entries, Done done) {
  if (entries.empty()) return done(true);
  const std::string now = storage::NowTimestamp();
  for (auto& e : entries) {
    if (e.at.empty()) e.at = now;
  }
  std::unique_lock lock(mu_);
  // A read with more entries than the queue holds (a long list) still goes, alone.
  const bool room = room_.wait_for(lock, kQueueTimeout, [&] {
    return stop_ || open_->entries.empty() || open_->entries.size() + entries.size() <= kMaxQueued;
  });
  if (!room) throw UnavailableError("the audit log is not keeping up; try again");
  if (stop_) throw UnavailableError("the server is stopping; try again");
  open_->entries.insert(open_->entries.end(), std::make_move_iterator(entries.begin()),
                        std::make_move_iterator(entries.end()));
  open_->waiters.push_back(std::move(done));
  wake_writer_.notify_one();
}

void AuditBatcher::Record(std::vector<model::AuditEntry> entries) {
  // Owned by the callback too: the writer may still be inside set_value when get() returns.
  auto committed = std::make_shared<std::promise<bool>>();
  std::future<bool> result = committed->get_future();
  Submit(std::move(entries), [committed](bool ok) { committed->set_value(ok); });
  if (!result.get()) throw UnavailableError("the audit log could not be written; try again");
}

AuditBatcher::Stats AuditBatcher::stats() const {
  std::lock_guard lock(mu_);
  Stats out = stats_;
  out.waiting = open_->entries.size() + committing_;
  out.committing = committing_;
  return out;
}

void AuditBatcher::Run() {
  std::unique_lock lock(mu_);
  for (;;) {
    wake_writer_.wait(lock, [&] { return stop_ || !open_->entries.empty(); });
    // Stopping drains: a group with entries is committed before the thread ends.
    if (open_->entries.empty()) return;
    std::unique_ptr<Group> group = std::exchange(open_, std::make_unique<Group>());
    committing_ = group->entries.size();
    room_.notify_all();  // the queue has room again
    lock.unlock();
    CommitGroup(*group);
    lock.lock();
    committing_ = 0;
    if (group->failed) {
      ++stats_.failed_commits;
    } else {
      ++stats_.commits;
      stats_.entries += group->entries.size();
    }
    // Told outside the lock: a waiter may post, or (Record) wake a thread that takes the lock.
    lock.unlock();
    for (Done& done : group->waiters) {
      try {
        done(!group->failed);
      } catch (const std::exception& e) {
        // One request's answer failing to be posted must not stop the others' commits.
        spdlog::error("telling a read its audit commit is done failed: {}", e.what());
      }
    }
    group.reset();
    lock.lock();
  }
}

void AuditBatcher::CommitGroup(Group& group) {
  try {
    // A session of its own: a group commit never waits for readers to give one back.
    if (!session_) session_ = db_.OpenOwnSession();
    storage::WriteTransaction tx(db_, *session_);
    storage::AuditRepository(*session_).AppendAll(group.entries);
    tx.Commit();
  } catch (const std::exception& e) {
    session_.reset();  // a broken connection is opened again for the next group
    // Storage has logged the database's error; every request of the group answers 503.
    spdlog::error("audit entries of {} read(s) not committed: {}", group.entries.size(), e.what());
    group.failed = true;
  }
}

}  // namespace fostermatch::usecases
