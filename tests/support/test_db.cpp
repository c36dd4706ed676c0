#include "tests/support/test_db.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <random>

#include "service/storage/migrations.h"
#include "service/usecases/use_cases.h"

namespace fostermatch::testing {
namespace {

std::string UniqueSuffix() {
  static std::atomic<int> counter{0};
  std::random_device rd;
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" +
         std::to_string(rd() % 100000);
}

}  // namespace

std::string PostgresTestUrl() {
  const char* url = std::getenv("FOSTERMATCH_TEST_PG");
  if (url == nullptr || *url == '\0') {
    ADD_FAILURE() << "FOSTERMATCH_TEST_PG is not set: run the tests through ctest, which starts "
                     "a PostgreSQL cluster (tests/pg_cluster.sh)";
    return "";
  }
  return url;
}

TestDatabase::TestDatabase(storage::Engine engine, size_t pool_size, bool migrate)
    : engine_(engine) {
  if (engine == storage::Engine::kSqlite) {
    cleanup_ = (std::filesystem::temp_directory_path() / ("fm_test_" + UniqueSuffix())).string();
    std::filesystem::create_directories(cleanup_);
    url_ = "sqlite3://" + cleanup_ + "/test.db";
  } else {
    const std::string base = PostgresTestUrl();
    if (base.empty()) throw std::runtime_error("no PostgreSQL test cluster");
    cleanup_ = "t_" + UniqueSuffix();
    {
      auto admin = storage::Database::Open(base, 1);
      auto lease = admin->Acquire();
      lease.session() << "CREATE SCHEMA " + cleanup_;
    }
    // Every session of this database works in the new schema only.
    url_ = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" +
           cleanup_;
  }
  db_ = storage::Database::Open(url_, pool_size);
  if (migrate) storage::Migrate(*db_);
}

TestDatabase::~TestDatabase() {
  db_.reset();
  if (engine_ == storage::Engine::kSqlite) {
    std::error_code ec;
    std::filesystem::remove_all(cleanup_, ec);
  } else {
    try {
      auto admin = storage::Database::Open(PostgresTestUrl(), 1);
      auto lease = admin->Acquire();
      lease.session() << "DROP SCHEMA " + cleanup_ + " CASCADE";
    } catch (const std::exception&) {
      // The cluster is thrown away at the end of the run anyway.
    }
  }
}

std::string IssueToken(storage::Database& db, matching::Role role, std::optional<int64_t> agency) {
  usecases::UseCases use_cases(db, {});
  return use_cases.access.IssueToken(role, agency, "test", usecases::Actor::Cli()).token;
}

}  // namespace fostermatch::testing
