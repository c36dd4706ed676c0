// The monthly run on demo data, on both engines: proposals a person can record, stored runs,
// idempotent reruns, the API's view of a run, and the decline loop.

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "service/errors.h"
#include "service/storage/match_run_repository.h"
#include "service/storage/need_repository.h"
#include "service/usecases/demo_data.h"
#include "service/usecases/use_cases.h"
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
const usecases::Actor kAdmin = usecases::Actor::Cli();

usecases::Config FixedToday() {
  usecases::Config config;
  config.today = [] { return kToday; };
  return config;
}

class BatchTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    usecases::DemoDataOptions demo;
    demo.today = kToday;
    usecases::WriteDemoData(db_->db(), demo);
    use_cases_ = std::make_unique<usecases::UseCases>(db_->db(), FixedToday());
  }
  model::RunSummary Run(const std::string& month, bool apply = false) {
    usecases::MonthlyRunOptions options;
    options.month = month;
    options.apply = apply;
    return use_cases_->match_runs.Run(options, kAdmin).summary;
  }
  std::vector<storage::ProposalRecord> Proposals(const std::string& month) {
    auto lease = db_->db().Acquire();
    return storage::MatchRunRepository(lease.session()).ListProposals(month);
  }
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<usecases::UseCases> use_cases_;
};

// The placement rules are the oracle: every proposal, recorded as a placement on the day it
// could start, must be accepted, which also proves no home was proposed past its free places.
TEST_P(BatchTest, EveryProposalCanBeRecordedAsAPlacementOnItsStartDate) {
  const model::RunSummary s = Run("2026-11");
  EXPECT_EQ(s.open_needs, 60);
  EXPECT_GT(s.proposals, 30);
  EXPECT_EQ(s.proposals + s.unassigned, s.open_needs);
  EXPECT_TRUE(s.proven_optimal);
  const auto proposals = Proposals("2026-11");
  ASSERT_EQ(static_cast<int>(proposals.size()), s.proposals);
  std::set<int64_t> needs_seen;
  for (const auto& p : proposals) {
    EXPECT_TRUE(needs_seen.insert(p.need_id).second) << "one proposal per need";
    const matching::Need need = use_cases_->needs.Get(p.need_id, kAdmin);
    const matching::Date start = std::max(need.earliest_start, kToday);
    EXPECT_NO_THROW(use_cases_->placements.Record(p.need_id, p.foster_parent_id, start, kAdmin))
        << "need " << p.need_id << " to home " << p.foster_parent_id;
  }
}

// After a home accepts a proposal, later runs neither propose that need again nor fill the place
// it holds; a rerun of the month keeps the answer.
TEST_P(BatchTest, AnAcceptedProposalHoldsItsPlaceInLaterMonths) {
  Run("2026-11", /*apply=*/true);
  const auto november = Proposals("2026-11");
  ASSERT_FALSE(november.empty());
  const auto accepted = november.front();
  use_cases_->match_runs.Respond(accepted.id, "accept", "", "", kAdmin);
  const matching::Need need = use_cases_->needs.Get(accepted.need_id, kAdmin);
  const auto home = use_cases_->households.Get(accepted.foster_parent_id, kAdmin);
  const int free = home.parent.capacity - home.facts.committed_children;

  Run("2026-11");
  const auto rerun = Proposals("2026-11");
  EXPECT_TRUE(std::any_of(rerun.begin(), rerun.end(), [&](const auto& p) {
    return p.id == accepted.id && p.response == "accept";
  })) << "a rerun keeps answered proposals";
  Run("2026-12");
  int proposed_to_home = 0;
  for (const auto& p : Proposals("2026-12")) {
    EXPECT_NE(p.need_id, accepted.need_id) << "an accepted need is not proposed again";
    if (p.foster_parent_id == accepted.foster_parent_id) {
      proposed_to_home += use_cases_->needs.Get(p.need_id, kAdmin).siblings;
    }
  }
  EXPECT_LE(proposed_to_home + need.siblings, free) << "the accepted place is held";
  const matching::Date start = std::max(need.earliest_start, kToday);
  EXPECT_NO_THROW(
      use_cases_->placements.Record(accepted.need_id, accepted.foster_parent_id, start, kAdmin))
      << "the held place is the accepted need's own";
}

TEST_P(BatchTest, RerunningAMonthReplacesItsRunWithTheSameResult) {
  const model::RunSummary first = Run("2026-11");
  const auto before = Proposals("2026-11");
  const model::RunSummary second = Run("2026-11");
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
  usecases::UseCases other_use_cases(*other, FixedToday());
  usecases::MonthlyRunOptions options;
  options.month = "2026-11";
  auto a = std::async(std::launch::async,
                      [&] { return use_cases_->match_runs.Run(options, kAdmin).summary; });
  auto b = std::async(std::launch::async,
                      [&] { return other_use_cases.match_runs.Run(options, kAdmin).summary; });
  const model::RunSummary sa = a.get(), sb = b.get();
  EXPECT_EQ(static_cast<int>(Proposals("2026-11").size()), sa.proposals);
  EXPECT_EQ(sa.proposals, sb.proposals);
}

TEST_P(BatchTest, ApplyMarksProposedNeedsButNeverPlaced) {
  const model::RunSummary s = Run("2026-11", /*apply=*/true);
  auto lease = db_->db().Acquire();
  storage::NeedFilter proposed;
  proposed.status = matching::NeedStatus::kProposed;
  EXPECT_EQ(static_cast<int>(storage::NeedRepository(lease.session()).List(proposed).size()),
            s.proposals);
}

TEST_P(BatchTest, TheApiShowsTheRunAnAgencySeesItsPartAndDeclinesAreCounted) {
  const model::RunSummary s = Run("2026-11", /*apply=*/true);
  const std::string admin = testing::IssueToken(db_->db(), Role::kAdmin, std::nullopt);
  const std::string agency1 = testing::IssueToken(db_->db(), Role::kAgency, 1);
  const std::string agency2 = testing::IssueToken(db_->db(), Role::kAgency, 2);
  TestServer server(db_->db(), FixedToday());
  HttpClient client(server.port());

  auto full = client.Get("/api/v1/match-runs/2026-11", admin);
  ASSERT_EQ(full.status, 200) << full.body;
  const json::value run = full.Json();
  EXPECT_EQ(run.at("summary").at("proposals").as_int64(), s.proposals)
      << "the API agrees with the CLI";
  EXPECT_EQ(static_cast<int>(run.at("proposals").as_array().size()), s.proposals);
  EXPECT_EQ(static_cast<int>(run.at("unassigned").as_array().size()), s.unassigned);
  // A need nobody could take names every home's first failing rule, as its candidates do.
  for (const auto& u : run.at("unassigned").as_array()) {
    const std::string need = std::to_string(u.at("need_id").as_int64());
    const json::value candidates =
        client.Get("/api/v1/needs/" + need + "/candidates", admin).Json();
    EXPECT_EQ(u.at("evaluated"), candidates.at("evaluated")) << "need " << need;
    for (const auto& [rule, count] : u.at("excluded").as_object()) {
      EXPECT_EQ(count, candidates.at("excluded").at(rule)) << "need " << need << " " << rule;
    }
  }
  EXPECT_GT(run.at("statistics").at("placement_rate").to_number<double>(), 0.0);

  // The list of stored runs: month, time and summary, no case reference.
  for (const std::string& token : {admin, agency1}) {
    auto listed = client.Get("/api/v1/match-runs", token);
    ASSERT_EQ(listed.status, 200) << listed.body;
    const json::array items = listed.Json().at("items").as_array();
    ASSERT_EQ(items.size(), 1u);
    EXPECT_EQ(items[0].at("month"), "2026-11");
    EXPECT_EQ(items[0].at("summary").at("proposals").as_int64(), s.proposals);
    EXPECT_EQ(items[0].at("placement_rate"), run.at("statistics").at("placement_rate"));
    EXPECT_EQ(listed.body.find("case_ref"), std::string::npos);
  }

  const json::value own = client.Get("/api/v1/match-runs/2026-11", agency1).Json();
  ASSERT_FALSE(own.at("proposals").as_array().empty());
  for (const auto& p : own.at("proposals").as_array()) EXPECT_EQ(p.at("agency_id"), 1);
  EXPECT_TRUE(own.at("unassigned").as_array().empty())
      << "the needs nobody could take are the center's";
  EXPECT_EQ(own.at("long_unplaced").as_object().size(), 1u);

  // Agency 1 declines one of its proposals: the need reopens, and next month counts the reason.
  const json::value first = own.at("proposals").as_array()[0];
  const std::string path =
      "/api/v1/proposals/" + std::to_string(first.at("id").as_int64()) + "/response";
  EXPECT_EQ(
      client.Request("POST", path, agency2, R"({"response":"decline","reason":"timing"})").status,
      404)
      << "another agency's proposal does not exist for it";
  auto bad = client.Request("POST", path, agency1, R"({"response":"decline","reason":"weather"})");
  EXPECT_EQ(bad.status, 422);
  auto ok = client.Request("POST", path, agency1,
                           R"({"response":"decline","reason":"timing","note":"夏以降なら可"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(client.Request("POST", path, agency1, R"({"response":"accept"})").status, 409)
      << "answered already";
  {
    auto lease = db_->db().Acquire();
    auto need = storage::NeedRepository(lease.session()).Find(first.at("need_id").as_int64());
    EXPECT_EQ(need->status, matching::NeedStatus::kOpen);
  }
  EXPECT_EQ(client.Get("/api/v1/match-runs/2026-11", admin)
                .Json()
                .at("responses")
                .at("declines_by_reason")
                .at("timing"),
            1);
  Run("2026-12");
  const json::value next = client.Get("/api/v1/match-runs/2026-12", admin).Json();
  EXPECT_EQ(next.at("statistics").at("previous_proposals").at("declines_by_reason").at("timing"),
            1);
  EXPECT_EQ(next.at("statistics").at("month_over_month").at("previous_month"), "2026-11");

  EXPECT_EQ(client.Get("/api/v1/match-runs/2025-01", admin).status, 404);
  EXPECT_EQ(client.Get("/api/v1/match-runs/2025-13", admin).status, 422);
  EXPECT_EQ(client.Request("POST", "/api/v1/match-runs", agency1, R"({"month":"2026-11"})").status,
            403);
  auto posted = client.Request("POST", "/api/v1/match-runs", admin, R"({"month":"2027-01"})");
  EXPECT_EQ(posted.status, 202) << posted.body;
  // The run goes on in the background; its status says when it is done.
  std::string state = "running";
  for (int i = 0; i < 600 && state == "running"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    auto status = client.Get("/api/v1/match-runs/2027-01/status", admin);
    ASSERT_EQ(status.status, 200) << status.body;
    state = std::string(status.Json().at("state").as_string());
  }
  EXPECT_EQ(state, "done");
  EXPECT_EQ(client.Get("/api/v1/match-runs/2027-01", admin).status, 200);
  EXPECT_EQ(client.Request("POST", "/api/v1/match-runs", admin, R"({"month":"2026-10"})").status,
            422)
      << "a month that has passed keeps its run";
  EXPECT_EQ(client.Request("POST", "/api/v1/match-runs", admin, R"({"month":"January"})").status,
            422);
  auto bad_objective = client.Request("POST", "/api/v1/match-runs", admin,
                                      R"({"month":"2027-02","objective":"score,score"})");
  EXPECT_EQ(bad_objective.status, 422);
  EXPECT_NE(bad_objective.body.find("objective"), std::string::npos) << bad_objective.body;
  EXPECT_EQ(client.Get("/api/v1/match-runs/2027-02/status", admin).status, 404)
      << "a refused request starts nothing";
}

INSTANTIATE_TEST_SUITE_P(Engines, BatchTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

TEST(BatchFailure, AFailedRunLeavesThePreviousRunOfThatMonthIntact) {
  TestDatabase t(Engine::kSqlite);
  usecases::DemoDataOptions demo;
  demo.today = kToday;
  usecases::WriteDemoData(t.db(), demo);
  usecases::UseCases use_cases(t.db(), FixedToday());
  usecases::MonthlyRunOptions options;
  options.month = "2026-11";
  const model::RunSummary first = use_cases.match_runs.Run(options, kAdmin).summary;
  {
    // Make the store step fail half way: the proposals insert aborts.
    auto lease = t.db().Acquire();
    lease.session() << "CREATE TRIGGER refuse BEFORE INSERT ON match_proposals "
                       "BEGIN SELECT RAISE(ABORT, 'refused'); END";
  }
  EXPECT_THROW(use_cases.match_runs.Run(options, kAdmin), std::exception);
  auto lease = t.db().Acquire();
  EXPECT_EQ(static_cast<int>(
                storage::MatchRunRepository(lease.session()).ListProposals("2026-11").size()),
            first.proposals);
  EXPECT_TRUE(storage::MatchRunRepository(lease.session()).FindRun("2026-11"));
}

}  // namespace
}  // namespace fostermatch
