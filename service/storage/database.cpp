#include "service/storage/database.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <filesystem>

#include "service/storage/errors.h"

namespace fostermatch::storage {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite3://";
constexpr std::string_view kPostgresPrefixes[] = {"postgresql://", "postgres://"};

// Masks the password of a libpq URI ("postgresql://user:secret@host" → "user:***@host").
std::string RedactPostgresUrl(std::string_view url) {
  std::string out(url);
  const size_t scheme_end = out.find("://");
  const size_t at = out.find('@', scheme_end + 3);
  if (scheme_end != std::string::npos && at != std::string::npos) {
    const size_t colon = out.find(':', scheme_end + 3);
    if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
  }
  const size_t pw = out.find("password=");
  if (pw != std::string::npos) {
    const size_t end = out.find('&', pw);
    out.replace(pw + 9, (end == std::string::npos ? out.size() : end) - pw - 9, "***");
  }
  return out;
}

}  // namespace

ConnectionTarget ConnectionTarget::Parse(std::string_view url) {
  if (url.starts_with(kSqlitePrefix)) {
    const std::string path(url.substr(kSqlitePrefix.size()));
    if (path.empty()) throw StorageError("database URL sqlite3:// needs a file path");
    if (path.find_first_of(" \"'") != std::string::npos) {
      throw StorageError("the SQLite file path must not contain spaces or quotes");
    }
    return {Engine::kSqlite, "db=" + path, std::string(url)};
  }
  for (std::string_view prefix : kPostgresPrefixes) {
    if (url.starts_with(prefix)) {
      return {Engine::kPostgresql, std::string(url), RedactPostgresUrl(url)};
    }
  }
  throw StorageError("database URL must start with sqlite3:// or postgresql://");
}

Database::Database(ConnectionTarget target, size_t pool_size)
    : target_(std::move(target)), pool_size_(pool_size), pool_(pool_size) {}

Database::~Database() = default;

std::unique_ptr<Database> Database::Open(std::string_view url, size_t pool_size) {
  ConnectionTarget target = ConnectionTarget::Parse(url);
  if (pool_size == 0) pool_size = 1;
  if (target.engine == Engine::kSqlite) {
    const std::filesystem::path file(target.soci_parameters.substr(3));
    std::error_code ec;
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  }
  std::unique_ptr<Database> db(new Database(target, pool_size));
  Translate("opening the database", [&] {
    for (size_t i = 0; i < pool_size; ++i) OpenSession(target, db->pool_.at(i));
  });
  return db;
}

void Database::OpenSession(const ConnectionTarget& target, soci::session& s) {
  if (target.engine == Engine::kSqlite) {
    s.open(soci::sqlite3, target.soci_parameters);
    // WAL lets readers run beside the writer; FULL makes each commit durable before it returns.
    std::string mode;
    s << "PRAGMA journal_mode=WAL", soci::into(mode);
    s << "PRAGMA synchronous=FULL";
    s << "PRAGMA foreign_keys=ON";
    s << "PRAGMA busy_timeout=" + std::to_string(kBusyTimeoutMs);
  } else {
    s.open(soci::postgresql, target.soci_parameters);
    s << "SET client_min_messages TO WARNING";
  }
}

std::unique_ptr<soci::session> Database::OpenOwnSession() {
  auto s = std::make_unique<soci::session>();
  Translate("opening the database", [&] { OpenSession(target_, *s); });
  return s;
}

Database::Lease::~Lease() {
  if (db_ == nullptr) return;
  db_->pool_.give_back(pos_);
  --db_->in_use_;
}

soci::session& Database::Lease::session() const { return db_->pool_.at(pos_); }

Database::Lease Database::Acquire() {
  size_t pos = 0;
  if (!pool_.try_lease(pos, kLeaseTimeoutMs)) {
    ++lease_timeouts_;
    throw UnavailableError("all database connections are busy; try again");
  }
  ++in_use_;
  return Lease(*this, pos);
}

bool Database::Ping() {
  try {
    Lease lease = Acquire();
    int one = 0;
    lease.session() << "SELECT 1", soci::into(one);
    return one == 1;
  } catch (const std::exception& e) {
    spdlog::warn("database ping failed: {}", e.what());
    return false;
  }
}

std::unique_lock<std::timed_mutex> Database::TakeWriterTurn() {
  std::unique_lock turn(writer_turn_, std::defer_lock);
  if (engine() == Engine::kSqlite) {
    // Bounded: a writer that (wrongly) waits for another inside its own transaction degrades to
    // SQLite's busy timeout instead of a deadlock.
    (void)turn.try_lock_for(std::chrono::milliseconds(kBusyTimeoutMs));
  }
  return turn;
}

WriteTransaction::WriteTransaction(const Database::Lease& lease)
    : WriteTransaction(lease.database(), lease.session()) {}

WriteTransaction::WriteTransaction(Database& db, soci::session& session)
    : turn_(db.TakeWriterTurn()), session_(session) {
  Translate("starting a transaction",
            [&] { session_ << (db.engine() == Engine::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN"); });
}

WriteTransaction::~WriteTransaction() {
  if (!open_) return;
  try {
    session_ << "ROLLBACK";
  } catch (const std::exception& e) {
    spdlog::error("rollback failed: {}", e.what());  // ROLLBACK binds no values
  }
}

void WriteTransaction::Commit() {
  Translate("committing", [&] { session_ << "COMMIT"; });
  open_ = false;
  if (turn_.owns_lock()) turn_.unlock();
}

namespace {

const char* CategoryName(soci::soci_error::error_category c) {
  switch (c) {
    case soci::soci_error::connection_error:
      return "connection_error";
    case soci::soci_error::invalid_statement:
      return "invalid_statement";
    case soci::soci_error::no_privilege:
      return "no_privilege";
    case soci::soci_error::no_data:
      return "no_data";
    case soci::soci_error::constraint_violation:
      return "constraint_violation";
    case soci::soci_error::unknown_transaction_state:
      return "unknown_transaction_state";
    case soci::soci_error::system_error:
      return "system_error";
    default:
      return "unknown";
  }
}

// The log line for a database error: the operation, SOCI's error class and the engine's code.
// Never e.what(): SOCI appends the statement's bound values to it (a child's case_ref, age and
// sex on a refused need), and the log is read by more people than the records are.
void LogDatabaseError(const char* what, const soci::soci_error& e) {
  std::string code = "-";
  if (auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    code = "sqlite " + std::to_string(lite->result());
  } else if (auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    code = "SQLSTATE " + pg->sqlstate();
  }
  spdlog::warn("database error while {}: {} ({})", what, CategoryName(e.get_error_category()),
               code);
}

}  // namespace

void RethrowAsStorageError(const char* what, const soci::soci_error& e) {
  LogDatabaseError(what, e);
  const std::string message = std::string("database error while ") + what;
  if (auto* lite = dynamic_cast<const soci::sqlite3_soci_error*>(&e)) {
    const int primary = lite->result() & 0xff;
    if (primary == 19 /* SQLITE_CONSTRAINT */) throw ConstraintError(what);
    if (primary == 5 /* SQLITE_BUSY */ || primary == 6 /* SQLITE_LOCKED */) {
      throw UnavailableError("the database is busy; try again");
    }
  }
  if (auto* pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    const std::string state = pg->sqlstate();
    if (state.starts_with("23")) throw ConstraintError(what);
    if (state.starts_with("08") || state.starts_with("57P") || state == "40001" ||
        state == "40P01") {
      throw UnavailableError("the database is unavailable or busy; try again");
    }
  }
  if (e.get_error_category() == soci::soci_error::connection_error) {
    throw UnavailableError("the database is unavailable; try again");
  }
  throw StorageError(message);
}

std::string NowTimestamp() {
  using namespace std::chrono;
  const auto now = time_point_cast<milliseconds>(system_clock::now());
  const auto days = floor<std::chrono::days>(now);
  const year_month_day ymd(days);
  const hh_mm_ss hms(now - days);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld.%03ldZ", int(ymd.year()),
                unsigned(ymd.month()), unsigned(ymd.day()), long(hms.hours().count()),
                long(hms.minutes().count()), long(hms.seconds().count()),
                long(hms.subseconds().count()));
  return buf;
}

}  // namespace fostermatch::storage
