#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "matching/domain.h"
#include "service/storage/database.h"

namespace fostermatch::testing {

// The engines every storage and API test runs on.
inline const char* EngineName(storage::Engine e) {
  return e == storage::Engine::kSqlite ? "sqlite" : "postgresql";
}

// A fresh, empty, migrated database for one test: a new SQLite file in a temporary folder, or a
// new schema in the test cluster named by FOSTERMATCH_TEST_PG (started by the CTest fixture).
// Both are removed when the object is destroyed.
class TestDatabase final {
 public:
  TestDatabase(storage::Engine engine, size_t pool_size = 4, bool migrate = true);
  ~TestDatabase();
  storage::Database& db() { return *db_; }
  const std::string& url() const { return url_; }

 private:
  storage::Engine engine_;
  std::string url_;
  std::string cleanup_;  // folder (SQLite) or schema name (PostgreSQL)
  std::unique_ptr<storage::Database> db_;
};

// The base URL of the PostgreSQL test cluster; fails the test if it is not configured.
std::string PostgresTestUrl();

// A new API token for `role` (and `agency`, for the agency role), issued as the CLI would.
std::string IssueToken(storage::Database& db, matching::Role role,
                       std::optional<int64_t> agency = std::nullopt);

}  // namespace fostermatch::testing

namespace fostermatch::storage {
// Readable test names: "Engines/StorageTest.X/sqlite" with GetParam() = sqlite.
inline void PrintTo(Engine e, std::ostream* os) { *os << testing::EngineName(e); }
}  // namespace fostermatch::storage
