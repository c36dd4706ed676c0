// The candidates and long-unplaced endpoints over a real socket, on demo data, on both engines.

#include <gtest/gtest.h>

#include "service/storage/auth_repository.h"
#include "service/storage/need_repository.h"
#include "service/storage/placement_repository.h"
#include "service/usecases/access.h"
#include "service/usecases/demo_data.h"
#include "tests/support/http_client.h"
#include "tests/support/test_server.h"

namespace fostermatch {
namespace {

namespace json = boost::json;
using matching::Role;
using storage::Engine;
using testing::HttpClient;
using testing::TestDatabase;
using testing::TestServer;

const matching::Date kToday = matching::Date::FromYmd(2026, 11, 25);

class MatchingApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    usecases::DemoDataOptions demo;
    demo.today = kToday;
    usecases::WriteDemoData(db_->db(), demo);
    staff_ = Issue(Role::kStaff);
    agency1_ = Issue(Role::kAgency, 1);
    trainer_ = Issue(Role::kTrainer);
    usecases::Config config;
    config.today = [] { return kToday; };
    server_ = std::make_unique<TestServer>(db_->db(), config);
    client_ = std::make_unique<HttpClient>(server_->port());
  }
  std::string Issue(Role role, std::optional<int64_t> agency = std::nullopt) {
    return testing::IssueToken(db_->db(), role, agency);
  }
  // Open needs, and which agency 1 may see (its wards: 01101, 01105, 01107, 01109).
  std::vector<matching::Need> OpenNeeds() {
    auto lease = db_->db().Acquire();
    storage::NeedFilter f;
    f.status = matching::NeedStatus::kOpen;
    return storage::NeedRepository(lease.session()).List(f);
  }
  static bool Agency1Serves(const std::string& region) {
    return region == "01101" || region == "01105" || region == "01107" || region == "01109";
  }

  std::unique_ptr<TestDatabase> db_;
  std::string staff_, agency1_, trainer_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<HttpClient> client_;
};

TEST_P(MatchingApiTest, StaffSeeRankedExplainedCandidatesWhoseCountsAddUp) {
  const auto needs = OpenNeeds();
  ASSERT_FALSE(needs.empty());
  for (const auto& need : needs) {
    auto r =
        client_->Get("/api/v1/needs/" + std::to_string(need.id) + "/candidates?limit=5", staff_);
    ASSERT_EQ(r.status, 200) << r.body;
    const json::object body = r.Json().as_object();
    EXPECT_EQ(body.at("evaluated").as_int64(), 400);
    int64_t sum = body.at("eligible").as_int64();
    for (const auto& [reason, count] : body.at("excluded").as_object()) sum += count.as_int64();
    EXPECT_EQ(sum, 400) << "exclusions + eligible = evaluated";
    const auto& candidates = body.at("candidates").as_array();
    EXPECT_LE(candidates.size(), 5u);
    double previous = 101;
    for (const auto& c : candidates) {
      const double score = c.at("score").to_number<double>();
      EXPECT_LE(score, previous);
      previous = score;
      EXPECT_EQ(c.at("components").as_object().size(), 4u);
      EXPECT_GE(c.at("reasons").as_array().size(), 4u);
    }
    EXPECT_TRUE(body.at("weights").as_object().contains("waiting"));
  }
}

TEST_P(MatchingApiTest, AgencySeesOnlyItsOwnHomesAndCounts) {
  for (const auto& need : OpenNeeds()) {
    auto r =
        client_->Get("/api/v1/needs/" + std::to_string(need.id) + "/candidates?limit=50", agency1_);
    if (!Agency1Serves(need.region)) {
      EXPECT_EQ(r.status, 404) << "a need not shared with the agency does not exist for it";
      continue;
    }
    ASSERT_EQ(r.status, 200) << r.body;
    const auto body = r.Json().as_object();
    EXPECT_LT(body.at("evaluated").as_int64(), 400);
    for (const auto& c : body.at("candidates").as_array()) EXPECT_EQ(c.at("agency_id"), 1);
  }
}

TEST_P(MatchingApiTest, CandidatesRefuseOtherRolesBadLimitsAndUnknownNeeds) {
  const auto needs = OpenNeeds();
  const std::string path = "/api/v1/needs/" + std::to_string(needs[0].id) + "/candidates";
  EXPECT_EQ(client_->Get(path).status, 401);
  EXPECT_EQ(client_->Get(path, trainer_).status, 403);
  for (const char* bad : {"?limit=0", "?limit=101", "?limit=ten"}) {
    auto r = client_->Get(path + bad, staff_);
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(r.Json().at("errors").as_array()[0].at("field"), "limit");
  }
  EXPECT_EQ(client_->Get("/api/v1/needs/999999/candidates", staff_).status, 404);
  EXPECT_EQ(client_->Get("/api/v1/needs/abc/candidates", staff_).status, 404);
}

TEST_P(MatchingApiTest, ReadingANeedsCandidatesIsAudited) {
  const auto needs = OpenNeeds();
  const std::string id = std::to_string(needs[0].id);
  ASSERT_EQ(client_->Get("/api/v1/needs/" + id + "/candidates", staff_).status, 200);
  auto lease = db_->db().Acquire();
  storage::AuditFilter f;
  f.entity = "need";
  f.entity_id = id;
  auto entries = storage::AuditRepository(lease.session()).List(f);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "read");
  EXPECT_TRUE(entries[0].actor.starts_with("token:"));
}

// No hand-made invalidation: a write through the API is what the next ranking sees.
TEST_P(MatchingApiTest, CandidatesFollowAHouseholdSuspendedThroughTheApi) {
  const auto needs = OpenNeeds();
  const std::string path = "/api/v1/needs/" + std::to_string(needs[0].id) + "/candidates?limit=1";
  auto before = client_->Get(path, staff_).Json();
  ASSERT_FALSE(before.at("candidates").as_array().empty());
  const int64_t top = before.at("candidates").as_array()[0].at("foster_parent_id").as_int64();
  auto patched = client_->Request("PATCH", "/api/v1/foster-parents/" + std::to_string(top), staff_,
                                  R"({"status":"suspended"})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto after = client_->Get(path, staff_).Json();
  for (const auto& c : after.at("candidates").as_array()) {
    EXPECT_NE(c.at("foster_parent_id").as_int64(), top);
  }
}

TEST_P(MatchingApiTest, LongUnplacedIsScopedSortedAndPaginated) {
  auto own = client_->Get("/api/v1/long-unplaced?limit=500", agency1_);
  ASSERT_EQ(own.status, 200) << own.body;
  const auto items = own.Json().at("items").as_array();
  ASSERT_FALSE(items.empty());
  int64_t previous = 101;
  for (const auto& e : items) {
    EXPECT_EQ(e.at("agency_id"), 1);
    EXPECT_GE(e.at("months_unplaced").as_int64(), 12);
    const int64_t score = e.at("readiness").at("score").as_int64();
    EXPECT_LE(score, previous) << "closest to ready first";
    previous = score;
    EXPECT_FALSE(e.at("next_step").at("ja").as_string().empty());
  }
  EXPECT_EQ(client_->Get("/api/v1/long-unplaced?agency=2", agency1_).status, 403);
  EXPECT_EQ(client_->Get("/api/v1/long-unplaced", trainer_).status, 403);

  // Pages of 7 through the cursor give the same list.
  std::vector<int64_t> paged;
  std::string cursor;
  for (int guard = 0; guard < 100; ++guard) {
    auto page = client_
                    ->Get("/api/v1/long-unplaced?agency=1&limit=7" +
                              (cursor.empty() ? "" : "&cursor=" + cursor),
                          staff_)
                    .Json();
    for (const auto& e : page.at("items").as_array())
      paged.push_back(e.at("foster_parent_id").as_int64());
    if (page.at("next_cursor").is_null()) break;
    cursor = std::string(page.at("next_cursor").as_string());
  }
  ASSERT_EQ(paged.size(), items.size());
  for (size_t i = 0; i < items.size(); ++i) EXPECT_EQ(paged[i], items[i].at("foster_parent_id"));
  EXPECT_EQ(client_->Get("/api/v1/long-unplaced?cursor=zzz", staff_).status, 422);
}

INSTANTIATE_TEST_SUITE_P(Engines, MatchingApiTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace fostermatch
