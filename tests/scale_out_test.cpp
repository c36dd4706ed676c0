// Instances that agree: two servers (or a server and the CLI) on one database, each with its own
// connections, use cases and caches, as two processes would have. A change committed through one
// is ranked by the other's next matching read and reaches its token cache within one version
// check, on SQLite and on PostgreSQL; a monthly run started on both at once is stored once.

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "service/api/app.h"
#include "service/storage/database.h"
#include "service/storage/errors.h"
#include "service/usecases/use_cases.h"
#include "tests/support/app_fixture.h"

namespace fostermatch {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using storage::Engine;
using testing::AppFixture;
using testing::MakeRequest;

// Far above the default check interval (200 ms): a bound for a test to fail at, never reached
// when the promise holds.
constexpr auto kPropagationBound = 10s;

// Polls `condition` until it holds or `bound` passes; true if it held.
bool Eventually(const std::function<bool()>& condition, std::chrono::milliseconds bound) {
  const auto deadline = std::chrono::steady_clock::now() + bound;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(10ms);  // a poll interval, not a synchronisation
  }
  return true;
}

usecases::Config InstanceConfig() {
  usecases::Config config;
  config.today = [] { return testing::kFixedToday; };
  return config;  // the default version check interval, as `serve` runs
}

// Another process on the same database: its own pool of connections, use cases, caches and API.
struct Instance {
  explicit Instance(const std::string& url)
      : db(storage::Database::Open(url, 4)), uc(*db, InstanceConfig()), app(uc) {}
  std::unique_ptr<storage::Database> db;
  usecases::UseCases uc;
  api::App app;

  http::Response Get(const std::string& target, const std::string& token) {
    http::Request r = MakeRequest("GET", target, token);
    return app.Handle(r);
  }
  std::set<int64_t> CandidateIds(int64_t need, const std::string& token) {
    const auto r = Get("/api/v1/needs/" + std::to_string(need) + "/candidates?limit=100", token);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<int64_t> ids;
    if (r.status != 200) return ids;
    const json::value body = json::parse(r.body);  // alive through the loop
    for (const auto& c : body.at("candidates").as_array()) {
      ids.insert(c.at("foster_parent_id").as_int64());
    }
    return ids;
  }
};

class SharedDatabaseTest : public ::testing::TestWithParam<Engine>, public AppFixture {
 protected:
  SharedDatabaseTest() : AppFixture(GetParam()), other_(test_db_->url()) {}

  std::string Path(const char* collection, int64_t id) {
    return std::string("/api/v1/") + collection + "/" + std::to_string(id);
  }

  Instance other_;
};

TEST_P(SharedDatabaseTest, AHouseholdSuspendedThroughOneInstanceIsNoLongerRankedByTheOther) {
  const int64_t fp = ReadyHousehold(agency1_id);
  const int64_t need = OpenNeed("C-SCALE-1");
  ASSERT_TRUE(other_.CandidateIds(need, staff).count(fp));  // the other's snapshot is built now
  ASSERT_EQ(Call("PATCH", Path("foster-parents", fp), staff, {{"status", "suspended"}}).status,
            200);
  EXPECT_FALSE(other_.CandidateIds(need, staff).count(fp))
      << "the other instance still ranks a household suspended through this one";
}

TEST_P(SharedDatabaseTest, TrainingsImportedByTheCliAreRankedByARunningServer) {
  const int64_t fp = Household(agency1_id);
  const int64_t need = OpenNeed("C-SCALE-2");
  ASSERT_FALSE(other_.CandidateIds(need, staff).count(fp)) << "untrained";
  {
    // What `fostermatch import trainings FILE.csv` does, in a process of its own.
    Instance cli(test_db_->url());
    const std::string id = std::to_string(fp);
    const auto result = cli.uc.trainings.ImportCsv(
        "external_id,foster_parent_id,course,completed_on,hours,provider,outcome\n"
        "SCALE-1," +
            id + ",basic,2025-03-01,6,p,completed\nSCALE-2," + id +
            ",pre_registration,2025-03-02,6,p,completed\n",
        usecases::Actor::Cli());
    ASSERT_EQ(result.inserted, 2);
  }
  EXPECT_TRUE(other_.CandidateIds(need, staff).count(fp))
      << "the server does not rank a household the CLI's import made ready";
}

TEST_P(SharedDatabaseTest, ANeedNoLongerSharedThroughOneInstanceIsHiddenFromTheAgencyOnTheOther) {
  ReadyHousehold(agency2_id, "01102");
  const int64_t need = OpenNeed("C-SCALE-4", "01101");  // agency 1's ward
  usecases::NeedChanges share;
  share.shared_with = std::vector<int64_t>{agency2_id};
  uc().needs.Update(need, share, cli);
  const std::string path = "/api/v1/needs/" + std::to_string(need) + "/candidates";
  ASSERT_EQ(other_.Get(path, agency2).status, 200);  // the other holds the need in memory now
  usecases::NeedChanges unshare;
  unshare.shared_with = std::vector<int64_t>{agency1_id};
  uc().needs.Update(need, unshare, cli);
  EXPECT_EQ(other_.Get(path, agency2).status, 404)
      << "the other instance still shows agency 2 a need no longer shared with it";
  EXPECT_EQ(other_.Get(path, agency1).status, 200);
}

TEST_P(SharedDatabaseTest, ANeedIsAnsweredFromMemoryUntilANeedChanges) {
  const int64_t fp = ReadyHousehold(agency1_id);
  const int64_t need = OpenNeed("C-SCALE-5");
  const auto staff_actor = *uc().access.Authenticate(staff);
  ASSERT_EQ(uc().ranking.CandidatesFor(need, 10, staff_actor)->result.candidates.size(), 1u);
  const long long audited = AuditRows();
  // With the needs table gone, only the need kept in memory can answer.
  Exec("ALTER TABLE needs RENAME TO needs_away");
  EXPECT_EQ(uc().ranking.CandidatesFor(need, 10, staff_actor)->result.candidates.size(), 1u);
  EXPECT_EQ(AuditRows(), audited + 1) << "a read answered from memory was not audited";
  ASSERT_EQ(Call("PATCH", Path("foster-parents", fp), staff, {{"status", "suspended"}}).status,
            200);
  const auto after = uc().ranking.CandidatesFor(need, 10, staff_actor);
  EXPECT_TRUE(after->result.candidates.empty()) << "the household's change was not ranked";
  Exec("ALTER TABLE needs_away RENAME TO needs");
  usecases::NeedChanges older;
  older.child_age_years = 7;
  uc().needs.Update(need, older, cli);
  Exec("ALTER TABLE needs RENAME TO needs_away");
  EXPECT_THROW(uc().ranking.CandidatesFor(need, 10, staff_actor), storage::StorageError)
      << "the need kept in memory outlived a change of a need";
  Exec("ALTER TABLE needs_away RENAME TO needs");
}

TEST_P(SharedDatabaseTest, ARankingKeptAcrossWritesEqualsAFreshOneFromTheDatabase) {
  std::vector<int64_t> homes;
  for (int k = 0; k < 6; ++k) homes.push_back(ReadyHousehold(k % 2 ? agency1_id : agency2_id));
  const int64_t need = OpenNeed("C-SCALE-6");
  const std::string path = "/api/v1/needs/" + std::to_string(need) + "/candidates?limit=3";
  const std::vector<json::object> writes = {
      {{"status", "suspended"}}, {{"region", "01102"}},    {{"capacity", 1}},
      {{"status", "active"}},    {{"respite_only", true}}, {{"household_name", "renamed"}}};
  ASSERT_EQ(Call("GET", path, staff).status, 200);
  for (size_t w = 0; w < writes.size(); ++w) {
    const int64_t fp = homes[w % homes.size()];
    ASSERT_EQ(Call("PATCH", Path("foster-parents", fp), staff, writes[w]).status, 200);
    Instance cold(test_db_->url());
    for (const std::string* token : {&staff, &agency1}) {
      EXPECT_EQ(Json(Call("GET", path, *token)), json::parse(cold.Get(path, *token).body))
          << "after write " << w;
    }
  }
}

TEST_P(SharedDatabaseTest, AWriteThatChangesNothingARankingShowsKeepsTheSameRanking) {
  std::vector<int64_t> homes;
  for (int k = 0; k < 5; ++k) homes.push_back(ReadyHousehold(agency1_id));
  const int64_t need = OpenNeed("C-SCALE-7");
  const auto staff_actor = *uc().access.Authenticate(staff);
  const auto first = uc().ranking.CandidatesFor(need, 2, staff_actor);
  ASSERT_EQ(first->result.candidates.size(), 2u);
  auto listed = [&](int64_t fp) {
    for (const auto& c : first->result.candidates) {
      if (c.foster_parent_id == fp) return true;
    }
    return false;
  };
  const int64_t unlisted = *std::find_if(homes.begin(), homes.end(), std::not_fn(listed));
  const int64_t shown = first->result.candidates[0].foster_parent_id;
  ASSERT_EQ(Call("PATCH", Path("foster-parents", unlisted), staff, {{"notes", "n"}}).status, 200);
  EXPECT_EQ(uc().ranking.CandidatesFor(need, 2, staff_actor), first)
      << "a note on a household the ranking does not show made a new ranking";
  ASSERT_EQ(
      Call("PATCH", Path("foster-parents", shown), staff, {{"household_name", "改名"}}).status,
      200);
  const auto renamed = uc().ranking.CandidatesFor(need, 2, staff_actor);
  ASSERT_NE(renamed, first);
  EXPECT_EQ(renamed->homes[0]->parent.household_name, "改名");
}

TEST_P(SharedDatabaseTest, TwoImportsOfTheSameNewRecordsAtOnceBothSucceed) {
  const std::string fp = std::to_string(Household(agency1_id));
  for (int round = 0; round < 10; ++round) {
    std::string csv = "external_id,foster_parent_id,course,completed_on,hours,provider,outcome\n";
    for (int k = 0; k < 40; ++k) {
      csv += "RACE-" + std::to_string(round) + "-" + std::to_string(k) + "," + fp +
             ",practical,2025-06-01,6,p,completed\n";
    }
    // Both read "no such record" before either commits: the second must update, not fail.
    auto import = [&](usecases::UseCases& on) { return on.trainings.ImportCsv(csv, cli); };
    auto there = std::async(std::launch::async, [&] { return import(other_.uc); });
    const auto here = import(uc());
    const auto other = there.get();
    EXPECT_EQ(here.inserted + here.updated, 40) << "round " << round;
    EXPECT_EQ(other.inserted + other.updated, 40) << "round " << round;
    EXPECT_EQ(here.inserted + other.inserted, 40) << "round " << round;
  }
}

TEST_P(SharedDatabaseTest, ATokenRevokedByTheCliIsRefusedByARunningServerAfterItsVersionCheck) {
  const std::string token = testing::IssueToken(db(), matching::Role::kStaff);
  ASSERT_EQ(other_.Get("/api/v1/needs", token).status, 200);  // verified and cached now
  const auto tokens = uc().access.ListTokens(cli);
  ASSERT_TRUE(uc().access.RevokeToken(tokens.back().id, cli));
  EXPECT_TRUE(Eventually([&] { return other_.Get("/api/v1/needs", token).status == 401; },
                         kPropagationBound))
      << "a revoked token still works on the other instance";
}

TEST_P(SharedDatabaseTest, ATokenRevokedOnAnInstanceIsRefusedThereAtOnce) {
  const std::string token = testing::IssueToken(db(), matching::Role::kStaff);
  ASSERT_EQ(other_.Get("/api/v1/needs", token).status, 200);
  const auto tokens = other_.uc.access.ListTokens(cli);
  ASSERT_TRUE(other_.uc.access.RevokeToken(tokens.back().id, cli));
  EXPECT_EQ(other_.Get("/api/v1/needs", token).status, 401);
}

TEST_P(SharedDatabaseTest, AVerifiedTokenIsAnsweredFromMemoryUntilTheDataVersionMoves) {
  const std::string token = testing::IssueToken(db(), matching::Role::kStaff);
  const std::string unseen = testing::IssueToken(db(), matching::Role::kStaff);
  const int64_t fp = Household(agency1_id);
  ASSERT_TRUE(uc().access.Authenticate(token));
  ASSERT_TRUE(uc().access.Authenticate(staff));
  // With the token table gone, only a cached verification can answer.
  Exec("ALTER TABLE api_tokens RENAME TO api_tokens_away");
  EXPECT_TRUE(uc().access.Authenticate(token)) << "a verified token went to the database again";
  EXPECT_THROW(uc().access.Authenticate(unseen), storage::StorageError);
  ASSERT_EQ(
      Call("PATCH", Path("foster-parents", fp), staff, {{"household_name", "moved the version"}})
          .status,
      200);
  EXPECT_THROW(uc().access.Authenticate(token), storage::StorageError)
      << "the cache outlived a change of the data version";
  Exec("ALTER TABLE api_tokens_away RENAME TO api_tokens");
}

TEST_P(SharedDatabaseTest, AMonthlyRunStartedOnTwoInstancesAtOnceIsStoredOnce) {
  ReadyHousehold(agency1_id);
  OpenNeed("C-SCALE-3");
  // Both runs have read the month's state and computed before either stores: the moment at
  // which two servers started together would race.
  std::mutex mu;
  std::condition_variable cv;
  int ready_to_store = 0;
  auto progress = [&](const std::string& phase, size_t done, size_t) {
    if (phase != "storing" || done != 0) return;
    std::unique_lock lock(mu);
    ++ready_to_store;
    cv.notify_all();
    cv.wait_for(lock, kPropagationBound, [&] { return ready_to_store == 2; });
  };
  usecases::MonthlyRunOptions options;
  options.month = "2026-12";
  auto run_on = [&](usecases::UseCases& instance) {
    return instance.match_runs.Run(options, cli, progress);
  };
  auto first = std::async(std::launch::async, run_on, std::ref(uc()));
  auto second = std::async(std::launch::async, run_on, std::ref(other_.uc));
  const model::MonthlyRun a = first.get(), b = second.get();
  EXPECT_EQ(ready_to_store, 2);
  EXPECT_EQ(a.created_at, b.created_at) << "each instance stored a run of its own";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'run' AND entity_id = '2026-12'"),
            1);
  const auto here = uc().match_runs.Get("2026-12", cli);
  const auto there = other_.uc.match_runs.Get("2026-12", cli);
  EXPECT_EQ(here.created_at, a.created_at);
  EXPECT_EQ(there.created_at, a.created_at);
  EXPECT_EQ(here.proposals.size(), there.proposals.size());
}

INSTANTIATE_TEST_SUITE_P(Engines, SharedDatabaseTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace fostermatch
