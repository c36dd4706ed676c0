#pragma once

// Group commit for the audit entries of reads: many requests share one transaction (one fsync),
// and each request still answers only once its own entries are durable, without holding a
// thread while it waits (Submit).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "service/model/records.h"

namespace soci {
class session;
}

namespace fostermatch::storage {
class Database;
}

namespace fostermatch::usecases {

// A writer thread of its own takes every entry handed over since its last commit and appends
// them in one transaction, so the next group gathers while one commits: no timer, no added wait
// when the load is light. Writes that change records keep their audit entries in their own
// transaction (Work::Audit); this is for reads only, whose entries are the only thing written.
// Thread-safe.
class AuditBatcher final {
 public:
  // Entries waiting for a commit, at most: beyond it Submit waits for room (backpressure).
  static constexpr size_t kMaxQueued = 4096;
  // How long Submit waits for room in a full queue before it gives up (UnavailableError).
  static constexpr std::chrono::seconds kQueueTimeout{10};

  struct Stats {
    uint64_t commits = 0;  // transactions committed, each with one or more entries
    uint64_t entries = 0;  // entries committed
    uint64_t failed_commits = 0;
    uint64_t waiting = 0;     // entries handed over and not yet committed (or failed)
    uint64_t committing = 0;  // of those, the entries of the group being committed now
  };

  // Starts the writer thread; it leases a session of `db` for each commit.
  explicit AuditBatcher(storage::Database& db);
  // Commits every entry already handed over (their requests are answered), then stops.
  ~AuditBatcher();
  AuditBatcher(const AuditBatcher&) = delete;
  AuditBatcher& operator=(const AuditBatcher&) = delete;

  // Told once whether the transaction holding a read's entries committed (true) or failed
  // (false: nothing of it is stored, the read must not answer).
  using Done = std::function<void(bool ok)>;

  // Hands `entries` over to be committed, all in one transaction, and returns without waiting
  // for that commit; `done` is then called exactly once, on the writer thread, outside any lock
  // (it must not block: post the answer elsewhere). Entries without a time (`at` empty) are
  // stamped now. Blocks only while the queue is full (backpressure); throws UnavailableError if
  // it stayed full for kQueueTimeout or the batcher is stopping, and then never calls `done`.
  // No entries: `done(true)` at once, on the caller's thread.
  void Submit(std::vector<model::AuditEntry> entries, Done done);

  // Submit, then blocks until the entries are committed (for callers with no one to post the
  // answer to: the CLI, a use case called directly). Throws UnavailableError if that transaction
  // failed (nothing of it is stored) or Submit did; the caller must then not answer the read.
  void Record(std::vector<model::AuditEntry> entries);

  Stats stats() const;

 private:
  // The entries of one group and whom to tell when their commit is done.
  struct Group {
    std::vector<model::AuditEntry> entries;
    std::vector<Done> waiters;
    bool failed = false;
  };

  void Run();
  void CommitGroup(Group& group);

  storage::Database& db_;
  std::unique_ptr<soci::session> session_;  // the writer thread's own
  mutable std::mutex mu_;
  std::condition_variable wake_writer_;  // a group has entries, or stop
  std::condition_variable room_;         // the writer took the open group: there is room again
  std::unique_ptr<Group> open_;          // the group entries join until the writer takes it
  size_t committing_ = 0;                // entries of the group the writer is committing
  bool stop_ = false;
  Stats stats_;
  std::thread writer_;  // last: it starts once every member above exists
};

}  // namespace fostermatch::usecases
