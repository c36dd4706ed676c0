// The monthly batch on demo data, on both engines: stored runs, idempotent reruns, the API's
// view of a run, and the decline loop.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <future>
#include <set>

#include "service/auth/tokens.h"
#include "service/batch.h"
#include "service/demo_data.h"
#include "service/errors.h"
#include "service/storage/match_run_repository.h"
#include "service/storage/need_repository.h"
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
const Actor kBatchActor{"test", std::nullopt};

class BatchTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    DemoDataOptions demo;
    demo.today = kToday;
    WriteDemoData(db_->db(), demo);
    matching_ = std::make_unique<MatchingService>(db_->db(), matching::MatchPolicy{},
                                                  [] { return kToday; });
  }
  BatchSummary Run(const std::string& month, bool apply = false) {
    BatchOptions options;
    options.month = month;
    options.apply = apply;
    return RunMonthlyBatch(db_->db(), *matching_, options, kBatchActor);
  }
  std::vector<storage::ProposalRecord> Proposals(const std::string& month) {
    auto lease = db_->db().Acquire();
    return storage::MatchRunRepository(lease.session()).ListProposals(month);
  }
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<MatchingService> matching_;
};

TEST_P(BatchTest, ProposalsAreEligibleAndRespectEveryHomesFreePlaces) {
  const BatchSummary s = Run("2026-11");
  EXPECT_EQ(s.open_needs, 60);
  EXPECT_GT(s.proposals, 30);
  EXPECT_EQ(s.proposals + s.unassigned, s.open_needs);
  EXPECT_TRUE(s.proven_optimal);
  const auto proposals = Proposals("2026-11");
  ASSERT_EQ(static_cast<int>(proposals.size()), s.proposals);
  auto snapshot = matching_->Current();
  std::map<int64_t, int> places_used;
  std::set<int64_t> needs_seen;
  auto lease = db_->db().Acquire();
  storage::NeedRepository needs(lease.session());
  for (const auto& p : proposals) {
    EXPECT_TRUE(needs_seen.insert(p.need_id).second) << "one proposal per need";
    const auto need = needs.Find(p.need_id);
    ASSERT_TRUE(need);
    const auto i = snapshot->index->Find(p.foster_parent_id);
    ASSERT_TRUE(i);
    EXPECT_EQ(snapshot->index->Check(*i, *need), std::nullopt) << "need " << p.need_id;
    places_used[p.foster_parent_id] += need->siblings;
  }
  for (const auto& [fp, used] : places_used) {
    EXPECT_LE(used, snapshot->index->free_places(*snapshot->index->Find(fp))) << "home " << fp;
  }
}

TEST_P(BatchTest, RerunningAMonthReplacesItsRunWithTheSameResult) {
  const BatchSummary first = Run("2026-11");
  const auto before = Proposals("2026-11");
  const BatchSummary second = Run("2026-11");
  const auto after = Proposals("2026-11");
  EXPECT_EQ(second.proposals, first.proposals);
  EXPECT_EQ(second.total_score, first.total_score);
  ASSERT_EQ(after.size(), before.size()) << "replaced, not duplicated";
  for (size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].need_id, before[i].need_id);
    EXPECT_EQ(after[i].foster_parent_id, before[i].foster_parent_id);
  }
}

TEST_P(BatchTest, ConcurrentRunsOfOneMonthLeaveExactlyOneRun) {
  auto other = storage::Database::Open(db_->url(), 2);
  MatchingService other_matching(*other, matching::MatchPolicy{}, [] { return kToday; });
  BatchOptions options;
  options.month = "2026-11";
  auto a = std::async(std::launch::async, [&] { return RunMonthlyBatch(db_->db(), *matching_, options, kBatchActor); });
  auto b = std::async(std::launch::async, [&] { return RunMonthlyBatch(*other, other_matching, options, kBatchActor); });
  const BatchSummary sa = a.get(), sb = b.get();
  EXPECT_EQ(static_cast<int>(Proposals("2026-11").size()), sa.proposals);
  EXPECT_EQ(sa.proposals, sb.proposals);
}

TEST_P(BatchTest, ApplyMarksProposedNeedsButNeverPlaced) {
  const BatchSummary s = Run("2026-11", /*apply=*/true);
  auto lease = db_->db().Acquire();
  storage::NeedFilter proposed;
  proposed.status = matching::NeedStatus::kProposed;
  EXPECT_EQ(static_cast<int>(storage::NeedRepository(lease.session()).List(proposed).size()), s.proposals);
}

TEST_P(BatchTest, TheApiShowsTheRunAnAgencySeesItsPartAndDeclinesAreCounted) {
  const BatchSummary s = Run("2026-11", /*apply=*/true);
  const std::string admin = auth::IssueToken(db_->db(), Role::kAdmin, std::nullopt, "", "t").token;
  const std::string agency1 = auth::IssueToken(db_->db(), Role::kAgency, 1, "", "t").token;
  const std::string agency2 = auth::IssueToken(db_->db(), Role::kAgency, 2, "", "t").token;
  api::AppConfig config;
  config.today = [] { return kToday; };
  TestServer server(db_->db(), config);
  HttpClient client(server.port());

  auto full = client.Get("/api/v1/match-runs/2026-11", admin);
  ASSERT_EQ(full.status, 200) << full.body;
  const json::value run = full.Json();
  EXPECT_EQ(run.at("summary").at("proposals").as_int64(), s.proposals) << "the API agrees with the CLI";
  EXPECT_EQ(static_cast<int>(run.at("proposals").as_array().size()), s.proposals);
  EXPECT_EQ(static_cast<int>(run.at("unassigned").as_array().size()), s.unassigned);
  EXPECT_GT(run.at("statistics").at("placement_rate").to_number<double>(), 0.0);

  const json::value own = client.Get("/api/v1/match-runs/2026-11", agency1).Json();
  ASSERT_FALSE(own.at("proposals").as_array().empty());
  for (const auto& p : own.at("proposals").as_array()) EXPECT_EQ(p.at("agency_id"), 1);
  EXPECT_FALSE(own.as_object().contains("unassigned"));
  EXPECT_EQ(own.at("long_unplaced").as_object().size(), 1u);

  // Agency 1 declines one of its proposals: the need reopens, and next month counts the reason.
  const json::value first = own.at("proposals").as_array()[0];
  const std::string path = "/api/v1/proposals/" + std::to_string(first.at("proposal_id").as_int64()) + "/response";
  EXPECT_EQ(client.Request("POST", path, agency2, R"({"response":"decline","reason":"timing"})").status, 404)
      << "another agency's proposal does not exist for it";
  auto bad = client.Request("POST", path, agency1, R"({"response":"decline","reason":"weather"})");
  EXPECT_EQ(bad.status, 422);
  auto ok = client.Request("POST", path, agency1, R"({"response":"decline","reason":"timing","note":"夏以降なら可"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(client.Request("POST", path, agency1, R"({"response":"accept"})").status, 409) << "answered already";
  {
    auto lease = db_->db().Acquire();
    auto need = storage::NeedRepository(lease.session()).Find(first.at("need_id").as_int64());
    EXPECT_EQ(need->status, matching::NeedStatus::kOpen);
  }
  EXPECT_EQ(client.Get("/api/v1/match-runs/2026-11", admin).Json().at("responses").at("declines_by_reason").at("timing"), 1);
  Run("2026-12");
  const json::value next = client.Get("/api/v1/match-runs/2026-12", admin).Json();
  EXPECT_EQ(next.at("statistics").at("previous_proposals").at("declines_by_reason").at("timing"), 1);
  EXPECT_EQ(next.at("statistics").at("month_over_month").at("previous_month"), "2026-11");

  EXPECT_EQ(client.Get("/api/v1/match-runs/2025-01", admin).status, 404);
  EXPECT_EQ(client.Get("/api/v1/match-runs/2025-13", admin).status, 422);
  EXPECT_EQ(client.Request("POST", "/api/v1/match-runs", agency1, R"({"month":"2026-11"})").status, 403);
  auto posted = client.Request("POST", "/api/v1/match-runs", admin, R"({"month":"2027-01"})");
  EXPECT_EQ(posted.status, 201) << posted.body;
  EXPECT_EQ(client.Request("POST", "/api/v1/match-runs", admin, R"({"month":"January"})").status, 422);
}

INSTANTIATE_TEST_SUITE_P(Engines, BatchTest, ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

TEST(BatchFailure, AFailedRunLeavesThePreviousRunOfThatMonthIntact) {
  TestDatabase t(Engine::kSqlite);
  DemoDataOptions demo;
  demo.today = kToday;
  WriteDemoData(t.db(), demo);
  MatchingService matching(t.db(), matching::MatchPolicy{}, [] { return kToday; });
  BatchOptions options;
  options.month = "2026-11";
  const BatchSummary first = RunMonthlyBatch(t.db(), matching, options, kBatchActor);
  {
    // Make the store step fail half way: the proposals insert aborts.
    auto lease = t.db().Acquire();
    lease.session() << "CREATE TRIGGER refuse BEFORE INSERT ON match_proposals "
                       "BEGIN SELECT RAISE(ABORT, 'refused'); END";
  }
  EXPECT_THROW(RunMonthlyBatch(t.db(), matching, options, kBatchActor), std::exception);
  auto lease = t.db().Acquire();
  EXPECT_EQ(static_cast<int>(storage::MatchRunRepository(lease.session()).ListProposals("2026-11").size()),
            first.proposals);
  EXPECT_TRUE(storage::MatchRunRepository(lease.session()).FindRun("2026-11"));
}

}  // namespace
}  // namespace fostermatch
