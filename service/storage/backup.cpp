#include "service/storage/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "service/storage/errors.h"

namespace fostermatch::storage {
namespace {

// SQLite's unix VFS: the lock bytes of a WAL index start at byte 120 of the -shm file, eight
// of them for readers and writers, then the DMS byte every open connection holds shared.
constexpr off_t kShmDmsLockOffset = 120 + 8;

// A sqlite3 connection that closes itself.
struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

SqliteHandle OpenSqlite(const std::string& file, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) {
    throw StorageError("cannot open " + file + ": " + (raw ? sqlite3_errmsg(raw) : "no memory"));
  }
  sqlite3_busy_timeout(raw, Database::kBusyTimeoutMs);
  return db;
}

// The first column of the first row of `sql`, or nullopt if it returned no row; throws
// StorageError with `what` if the statement fails.
std::optional<std::string> QueryText(sqlite3* db, const char* sql, const std::string& what) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql, -1, &raw, nullptr) != SQLITE_OK) {
    throw StorageError(what + ": " + sqlite3_errmsg(db));
  }
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> stmt(raw, sqlite3_finalize);
  const int rc = sqlite3_step(raw);
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) throw StorageError(what + ": " + sqlite3_errmsg(db));
  const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, 0));
  return text ? std::string(text) : std::string();
}

void CheckIntegrity(sqlite3* db, const std::string& file) {
  const auto verdict = QueryText(db, "PRAGMA integrity_check", "checking " + file);
  if (verdict != "ok") {
    throw StorageError(file + " is damaged (integrity_check: " + verdict.value_or("no answer") +
                       ")");
  }
}

}  // namespace

void Backup(Database& db, const std::string& file) {
  if (db.engine() != Engine::kSqlite) {
    throw StorageError("backup copies SQLite databases; for PostgreSQL use pg_dump");
  }
  if (std::filesystem::exists(file)) throw StorageError("the backup file already exists: " + file);
  Database::Lease lease = db.Acquire();
  Translate("writing the backup", [&] { lease.session() << "VACUUM INTO :f", soci::use(file); });
}

int CheckSqliteBackup(const std::string& file) {
  if (!std::filesystem::is_regular_file(file)) throw StorageError("no such backup file: " + file);
  SqliteHandle db = OpenSqlite(file, SQLITE_OPEN_READONLY);
  CheckIntegrity(db.get(), file);
  const auto version = QueryText(db.get(), "SELECT MAX(version) FROM schema_migrations",
                                 file + " is not a fostermatch database");
  if (!version || version->empty()) {
    throw StorageError(file + " is not a fostermatch database (no migration applied)");
  }
  return std::stoi(*version);
}

bool SqliteDatabaseInUse(const std::string& path) {
  const int fd = ::open((path + "-shm").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // no WAL index: nobody has had it open since the last one closed
  struct flock probe {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  probe.l_start = kShmDmsLockOffset;
  probe.l_len = 1;
  const bool locked = ::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK;
  ::close(fd);
  return locked;
}

void RestoreSqlite(const std::string& backup_file, const std::string& path) {
  SqliteHandle source = OpenSqlite(backup_file, SQLITE_OPEN_READONLY);
  // A restore onto a new machine: the database's folder may not exist yet.
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  std::error_code ignored;
  if (!parent.empty()) std::filesystem::create_directories(parent, ignored);
  SqliteHandle target = OpenSqlite(path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3_backup* copy = sqlite3_backup_init(target.get(), "main", source.get(), "main");
  if (copy == nullptr) {
    throw StorageError("cannot restore into " + path + ": " + sqlite3_errmsg(target.get()));
  }
  // -1: every page in one step, so the target changes in one transaction.
  const int step = sqlite3_backup_step(copy, -1);
  const int finish = sqlite3_backup_finish(copy);
  if (step != SQLITE_DONE || finish != SQLITE_OK) {
    throw StorageError("restoring into " + path + " failed: " + sqlite3_errmsg(target.get()));
  }
  CheckIntegrity(target.get(), path);
}

}  // namespace fostermatch::storage
