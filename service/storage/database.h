#pragma once

#include <soci/soci.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace fostermatch::storage {

enum class Engine { kSqlite, kPostgresql };

// A parsed connection string: `sqlite3://path/to.db` (relative or absolute path) or
// `postgresql://…` (any libpq URI). Throws StorageError naming what is wrong otherwise.
struct ConnectionTarget {
  Engine engine;
  std::string soci_parameters;  // what the SOCI backend is opened with
  std::string redacted;         // the URL with any password masked, for logs
  static ConnectionTarget Parse(std::string_view url);
};

// A pool of open sessions on one database. Thread-safe: each unit of work leases a session,
// uses it on one thread and gives it back when the Lease is destroyed.
class Database final {
 public:
  // Opens `pool_size` sessions. SQLite sessions get WAL, foreign keys, synchronous=FULL and a
  // busy timeout; the file and its folder are created when missing. Throws StorageError.
  static std::unique_ptr<Database> Open(std::string_view url, size_t pool_size);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Engine engine() const { return target_.engine; }
  const ConnectionTarget& target() const { return target_; }
  size_t pool_size() const { return pool_size_; }
  // Sessions leased right now, and leases refused for want of a free session since Open (for
  // /metrics: a pool always in use, or timeouts, mean --workers is too small). Thread-safe.
  size_t connections_in_use() const { return in_use_.load(); }
  uint64_t lease_timeouts() const { return lease_timeouts_.load(); }

  class Lease final {
   public:
    Lease(Database& db, size_t pos) : db_(&db), pos_(pos) {}
    Lease(Lease&& other) noexcept : db_(other.db_), pos_(other.pos_) { other.db_ = nullptr; }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    soci::session& session() const;
    Engine engine() const { return db_->engine(); }
    Database& database() const { return *db_; }

   private:
    Database* db_;
    size_t pos_;
  };

  // Blocks until a session is free. Throws UnavailableError after `kLeaseTimeoutMs`.
  Lease Acquire();

  // True if a trivial query succeeds now.
  bool Ping();

  // A session of its own, outside the pool, set up like the pool's: for a caller that keeps
  // statements prepared on it (DataVersionReader). Throws StorageError.
  std::unique_ptr<soci::session> OpenOwnSession();

  static constexpr int kBusyTimeoutMs = 5000;
  static constexpr int kLeaseTimeoutMs = 10000;

  // This process's writers of a SQLite database take turns here, waking as soon as the writer
  // before them is done, rather than polling SQLite's lock with growing sleeps (busy_timeout),
  // which behind a stream of group commits made a write wait hundreds of milliseconds. Other
  // processes still meet the busy timeout. Not held (a PostgreSQL database, or no turn within
  // kBusyTimeoutMs): the database's own lock decides, as before.
  std::unique_lock<std::timed_mutex> TakeWriterTurn();

 private:
  Database(ConnectionTarget target, size_t pool_size);
  static void OpenSession(const ConnectionTarget& target, soci::session& s);
  ConnectionTarget target_;
  size_t pool_size_;
  soci::connection_pool pool_;
  std::atomic<size_t> in_use_{0};
  std::atomic<uint64_t> lease_timeouts_{0};
  std::timed_mutex writer_turn_;
};

// A write transaction: SQLite takes the write lock at BEGIN (BEGIN IMMEDIATE) so two writers
// never deadlock upgrading a read lock; PostgreSQL uses READ COMMITTED with row locks where
// needed. Rolls back in the destructor unless Commit() was called.
class WriteTransaction final {
 public:
  explicit WriteTransaction(const Database::Lease& lease);
  // On a session of `db`'s own (Database::OpenOwnSession), taking the same writer turn.
  WriteTransaction(Database& db, soci::session& session);
  ~WriteTransaction();
  WriteTransaction(const WriteTransaction&) = delete;
  WriteTransaction& operator=(const WriteTransaction&) = delete;
  void Commit();

 private:
  std::unique_lock<std::timed_mutex> turn_;  // first: taken before BEGIN, let go after the end
  soci::session& session_;
  bool open_ = true;
};

// Current UTC time as ISO 8601 text with milliseconds ("2026-11-25T11:42:57.123Z").
std::string NowTimestamp();

}  // namespace fostermatch::storage
