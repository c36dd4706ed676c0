// The README's promises, each guarded by a test that fails when the promise is broken. The API
// is called as a plain function (App::Handle) on SQLite and PostgreSQL; the server's own limits
// go through a loopback socket.

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <boost/json.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "service/storage/database.h"
#include "tests/support/app_fixture.h"
#include "tests/support/http_client.h"
#include "tests/support/test_server.h"

namespace fostermatch {
namespace {

namespace json = boost::json;
using storage::Engine;
using testing::AppFixture;

class PromisesTest : public ::testing::TestWithParam<Engine>, public AppFixture {
 protected:
  PromisesTest() : AppFixture(GetParam()) {}

  bool Postgres() const { return GetParam() == Engine::kPostgresql; }

  // Ids of the candidate homes the API lists for a need, as `token` sees them.
  std::set<int64_t> CandidateIds(int64_t need, const std::string& token) {
    const auto r =
        Call("GET", "/api/v1/needs/" + std::to_string(need) + "/candidates?limit=100", token);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<int64_t> ids;
    if (r.status != 200) return ids;
    const json::value body = Json(r);  // alive through the loop
    for (const auto& c : body.at("candidates").as_array()) {
      ids.insert(c.at("foster_parent_id").as_int64());
    }
    return ids;
  }
  std::set<int64_t> LongUnplacedIds(const std::string& token) {
    const auto r = Call("GET", "/api/v1/long-unplaced?limit=500", token);
    EXPECT_EQ(r.status, 200) << r.body;
    std::set<int64_t> ids;
    if (r.status != 200) return ids;
    const json::value body = Json(r);
    for (const auto& c : body.at("items").as_array()) {
      ids.insert(c.at("foster_parent_id").as_int64());
    }
    return ids;
  }

  // Makes every insert into `table` fail (a trigger), on either engine; with `when`, only the
  // rows it selects (SQL over NEW).
  void FailInserts(const std::string& table, const std::string& when = "") {
    if (Postgres()) {
      Exec("CREATE FUNCTION fail_" + table + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " +
           (when.empty() ? "RAISE EXCEPTION 'refused by the test';"
                         : "IF " + when + " THEN RAISE EXCEPTION 'refused by the test'; END IF;") +
           " RETURN NEW; END $$");
      Exec("CREATE TRIGGER fail_" + table + " BEFORE INSERT ON " + table +
           " FOR EACH ROW EXECUTE FUNCTION fail_" + table + "()");
    } else {
      Exec("CREATE TRIGGER fail_" + table + " BEFORE INSERT ON " + table +
           (when.empty() ? "" : " WHEN " + when) +
           " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END");
    }
  }

  // Waits (bounded) until the match run of `month` started in the background has finished.
  std::string WaitForRun(const std::string& month) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    std::string state = "running";
    while (state == "running" && std::chrono::steady_clock::now() < deadline) {
      state = uc().match_runs.Status(month, cli).state;
      if (state == "running") std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return state;
  }

  static void ExpectProblem(const http::Response& r, int status, const std::string& what) {
    EXPECT_EQ(r.status, status) << what << ": " << r.body;
    EXPECT_EQ(r.content_type, "application/problem+json") << what;
    if (r.content_type == "application/problem+json") {
      EXPECT_EQ(json::parse(r.body).at("status"), status) << what;
    }
  }
};

// --- Every write is in the audit log ----------------------------------------------------------

// Driven from the route table: every non-GET route needs a row here with a request that
// succeeds, and each must add an audit entry for its entity. A new write route without a row
// (or without an audit entry) fails this test.
TEST_P(PromisesTest, EveryWriteRouteInTheRouteTableLeavesAnAuditEntry) {
  const int64_t ready = ReadyHousehold(agency1_id, "01101", /*capacity=*/2);
  const int64_t need_to_place = OpenNeed("C-AUDIT-1");
  OpenNeed("C-AUDIT-2");                // left open for the match run to propose
  std::map<std::string, int64_t> made;  // ids the rows create, for the rows after them
  const std::string csv =
      "external_id,foster_parent_id,course,completed_on,hours,provider,outcome\n"
      "AUD-1," +
      std::to_string(ready) + ",renewal,2026-01-10,6,p,completed\n";
  struct Row {
    std::string route;                       // "METHOD pattern", as the router lists it
    std::function<http::Request()> request;  // built just before it is sent
    int status;
    std::string entity;                      // the audit entry's entity
    std::function<void()> settle = nullptr;  // waits for background work the route starts
  };
  auto req = [&](const std::string& method, const std::string& target, const json::object& body) {
    return testing::MakeRequest(method, target, admin, json::serialize(body));
  };
  const std::string fp_path = "/api/v1/foster-parents/" + std::to_string(ready);
  std::vector<Row> rows = {
      {"POST /api/v1/regions",
       [&] {
         return req("POST", "/api/v1/regions",
                    {{"code", "01202"},
                     {"name_ja", "函館市"},
                     {"name_en", "Hakodate"},
                     {"lat", 41.77},
                     {"lon", 140.73}});
       },
       201, "region"},
      {"POST /api/v1/agencies",
       [&] {
         return req("POST", "/api/v1/agencies", {{"name", "機関C"}, {"regions", {"01103"}}});
       },
       201, "agency"},
      {"PATCH /api/v1/agencies/{id}",
       [&] {
         return req("PATCH", "/api/v1/agencies/" + std::to_string(agency2_id),
                    {{"regions", {"01102", "01103"}}});
       },
       200, "agency"},
      {"POST /api/v1/foster-parents",
       [&] {
         return req("POST", "/api/v1/foster-parents",
                    {{"agency_id", agency1_id},
                     {"household_name", "鈴木家"},
                     {"region", "01105"},
                     {"types", {"foster"}},
                     {"registered_on", "2026-04-01"},
                     {"capacity", 1},
                     {"accepts", {{"age_min", 0}, {"age_max", 12}}}});
       },
       201, "foster_parent"},
      {"PATCH /api/v1/foster-parents/{id}",
       [&] {
         return req("PATCH", fp_path, {{"notes", "面談済み"}});
       },
       200, "foster_parent"},
      {"POST /api/v1/foster-parents/{id}/trainings",
       [&] {
         return req("POST", fp_path + "/trainings",
                    {{"course", "other"}, {"completed_on", "2026-02-01"}, {"hours", 2}});
       },
       201, "training"},
      {"POST /api/v1/trainings/import",
       [&] {
         return testing::MakeRequest("POST", "/api/v1/trainings/import", admin, csv, "text/csv");
       },
       200, "training"},
      {"POST /api/v1/needs",
       [&] {
         return req("POST", "/api/v1/needs",
                    {{"case_ref", "C-AUDIT-3"},
                     {"region", "01105"},
                     {"child", {{"age_years", 3}, {"sex", "male"}}},
                     {"kind", "short_term"},
                     {"earliest_start", "2026-12-01"}});
       },
       201, "need"},
      {"PATCH /api/v1/needs/{id}",
       [&] {
         return req("PATCH", "/api/v1/needs/" + std::to_string(need_to_place), {{"urgency", 3}});
       },
       200, "need"},
      {"POST /api/v1/placements",
       [&] {
         return req("POST", "/api/v1/placements",
                    {{"need_id", need_to_place},
                     {"foster_parent_id", ready},
                     {"started_on", "2026-11-20"}});
       },
       201, "placement"},
      {"PATCH /api/v1/placements/{id}",
       [&] {
         return req("PATCH", "/api/v1/placements/" + std::to_string(made.at("placement")),
                    {{"ended_on", "2026-11-24"}});
       },
       200, "placement"},
      {"POST /api/v1/match-runs",
       [&] {
         return req("POST", "/api/v1/match-runs", {{"month", "2026-12"}});
       },
       202, "match_run", [&] { EXPECT_EQ(WaitForRun("2026-12"), "done"); }},
      {"POST /api/v1/proposals/{id}/response",
       [&] {
         const auto run = uc().match_runs.Get("2026-12", cli);
         EXPECT_FALSE(run.proposals.empty()) << "the run proposes the open need";
         const int64_t proposal = run.proposals.empty() ? 0 : run.proposals.front().id;
         return req("POST", "/api/v1/proposals/" + std::to_string(proposal) + "/response",
                    {{"response", "accept"}});
       },
       200, "proposal"},
  };

  std::set<std::string> covered;
  for (const Row& row : rows) {
    covered.insert(row.route);
    http::Request request = row.request();
    const long long before = AuditRows();
    const http::Response r = app().Handle(request);
    ASSERT_EQ(r.status, row.status) << row.route << ": " << r.body;
    if (row.settle) row.settle();
    if (row.route == "POST /api/v1/placements") made["placement"] = Json(r).at("id").as_int64();
    EXPECT_GT(AuditRows(), before) << row.route << " wrote no audit entry";
    const long long added = AuditRows() - before;
    EXPECT_EQ(
        Count("SELECT COUNT(*) FROM (SELECT entity FROM audit_log ORDER BY id DESC LIMIT " +
              std::to_string(std::max(added, 1LL)) + ") t WHERE entity = '" + row.entity + "'"),
        std::max(added, 1LL))
        << row.route << ": its new audit entries are not all about " << row.entity;
  }
  std::set<std::string> writes;
  for (const auto& route : app().router().Routes()) {
    if (route.method == "GET") continue;
    const std::string name = route.method + " " + route.pattern;
    writes.insert(name);
    EXPECT_TRUE(covered.count(name))
        << name << " is a write route with no row in this table: add one, with its audit entry";
  }
  for (const auto& name : covered) EXPECT_TRUE(writes.count(name)) << name << " is not a route";
}

// Every read of a need (one, a list, its candidates) and of a match run (case references) is
// audited, with the need's id.
TEST_P(PromisesTest, EveryReadOfANeedIsAudited) {
  ReadyHousehold(agency1_id);
  const int64_t a = OpenNeed("C-READ-1"), b = OpenNeed("C-READ-2");
  uc().match_runs.Run({"2026-12"}, cli);
  auto reads = [&](int64_t need) {
    return Count(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity = 'need' AND "
        "entity_id = '" +
        std::to_string(need) + "'");
  };
  const std::string path = "/api/v1/needs/" + std::to_string(a);
  ASSERT_EQ(Call("GET", path, agency1).status, 200);
  EXPECT_EQ(reads(a), 1) << "a single read";
  ASSERT_EQ(Call("GET", path + "/candidates", staff).status, 200);
  EXPECT_EQ(reads(a), 2) << "its candidates";
  ASSERT_EQ(Call("GET", "/api/v1/needs", staff).status, 200);
  EXPECT_EQ(reads(a), 3) << "a list";
  EXPECT_EQ(reads(b), 1) << "a list reads every need on its page";
  const long long runs =
      Count("SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity = 'match_run'");
  ASSERT_EQ(Call("GET", "/api/v1/match-runs/2026-12", staff).status, 200);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM audit_log WHERE action = 'read' AND entity = 'match_run'"),
            runs + 1)
      << "a match run shows case references";
}

// Every use case that writes outside the routes (tokens, users) audits too.
TEST_P(PromisesTest, TokenAndUserChangesAreAudited) {
  long long before = AuditRows();
  const auto issued = uc().access.IssueToken(matching::Role::kStaff, std::nullopt, "x", cli);
  EXPECT_EQ(AuditRows(), before + 1) << "token create";
  before = AuditRows();
  ASSERT_TRUE(uc().access.RevokeToken(issued.id, cli));
  EXPECT_EQ(AuditRows(), before + 1) << "token revoke";
  before = AuditRows();
  uc().access.AddUser("alice", "correct horse battery", matching::Role::kStaff, std::nullopt, cli);
  EXPECT_EQ(AuditRows(), before + 1) << "user add";
}

// --- The audit entry is in the transaction of the change ---------------------------------------

TEST_P(PromisesTest, WhenTheAuditEntryCannotBeWrittenTheChangeDoesNotLand) {
  const int64_t fp = ReadyHousehold(agency1_id, "01101", 1);
  const int64_t need = OpenNeed("C-TX-1");
  FailInserts("audit_log");
  const std::string fp_path = "/api/v1/foster-parents/" + std::to_string(fp);
  struct Row {
    std::string what;
    std::string method, target;
    json::object body;
    std::string unchanged;  // a query whose answer must not move
  };
  const std::vector<Row> rows = {
      {"household create",
       "POST",
       "/api/v1/foster-parents",
       {{"agency_id", agency1_id},
        {"household_name", "x"},
        {"region", "01101"},
        {"types", {"foster"}},
        {"registered_on", "2026-04-01"},
        {"capacity", 1}},
       "SELECT COUNT(*) FROM foster_parents"},
      {"household change",
       "PATCH",
       fp_path,
       {{"capacity", 3}},
       "SELECT capacity FROM foster_parents WHERE id = " + std::to_string(fp)},
      {"training add",
       "POST",
       fp_path + "/trainings",
       {{"course", "other"}, {"completed_on", "2026-02-01"}, {"hours", 2}},
       "SELECT COUNT(*) FROM trainings"},
      {"need create",
       "POST",
       "/api/v1/needs",
       {{"case_ref", "C-TX-2"},
        {"region", "01101"},
        {"child", {{"age_years", 3}, {"sex", "male"}}},
        {"kind", "short_term"},
        {"earliest_start", "2026-12-01"}},
       "SELECT COUNT(*) FROM needs"},
      {"placement",
       "POST",
       "/api/v1/placements",
       {{"need_id", need}, {"foster_parent_id", fp}, {"started_on", "2026-12-01"}},
       "SELECT COUNT(*) FROM placements"},
      {"agency change",
       "PATCH",
       "/api/v1/agencies/" + std::to_string(agency2_id),
       {{"regions", {"01102", "01103"}}},
       "SELECT COUNT(*) FROM agency_regions"},
  };
  for (const Row& row : rows) {
    const long long before = Count(row.unchanged);
    const auto r = Call(row.method, row.target, admin, row.body);
    EXPECT_GE(r.status, 400) << row.what << ": " << r.body;
    EXPECT_EQ(Count(row.unchanged), before) << row.what << " landed without its audit entry";
  }
  EXPECT_EQ(Count("SELECT COUNT(*) FROM needs WHERE status = 'placed'"), 0);
}

// --- The matching index follows every kind of write --------------------------------------------

TEST_P(PromisesTest, CandidatesAndLongUnplacedFollowAHouseholdChange) {
  const int64_t fp = ReadyHousehold(agency1_id);
  const int64_t need = OpenNeed("C-IDX-1");
  ASSERT_TRUE(CandidateIds(need, staff).count(fp));  // the index is built now
  ASSERT_TRUE(LongUnplacedIds(staff).count(fp));
  ASSERT_EQ(Call("PATCH", "/api/v1/foster-parents/" + std::to_string(fp), staff,
                 {{"status", "suspended"}})
                .status,
            200);
  EXPECT_FALSE(CandidateIds(need, staff).count(fp)) << "a suspended home is still ranked";
  EXPECT_FALSE(LongUnplacedIds(staff).count(fp)) << "a suspended home is still long-unplaced";
}

TEST_P(PromisesTest, CandidatesFollowATrainingAddedByHand) {
  const int64_t fp = Household(agency1_id);
  const int64_t need = OpenNeed("C-IDX-2");
  ASSERT_FALSE(CandidateIds(need, staff).count(fp)) << "untrained";
  for (const char* course : {"basic", "pre_registration"}) {
    ASSERT_EQ(Call("POST", "/api/v1/foster-parents/" + std::to_string(fp) + "/trainings", trainer,
                   {{"course", course}, {"completed_on", "2025-03-01"}, {"hours", 6}})
                  .status,
              201);
  }
  EXPECT_TRUE(CandidateIds(need, staff).count(fp)) << "the trained home is not ranked yet";
}

TEST_P(PromisesTest, CandidatesFollowACsvImport) {
  const int64_t fp = Household(agency1_id);
  const int64_t need = OpenNeed("C-IDX-3");
  ASSERT_FALSE(CandidateIds(need, staff).count(fp)) << "untrained";
  const std::string id = std::to_string(fp);
  const std::string csv =
      "external_id,foster_parent_id,course,completed_on,hours,provider,outcome\n"
      "IDX-1," +
      id + ",basic,2025-03-01,6,p,completed\nIDX-2," + id +
      ",pre_registration,2025-03-02,6,p,completed\n";
  ASSERT_EQ(CallRaw("POST", "/api/v1/trainings/import", trainer, csv, "text/csv").status, 200);
  EXPECT_TRUE(CandidateIds(need, staff).count(fp)) << "the imported training is not seen";
}

TEST_P(PromisesTest, CandidatesFollowAPlacementRecordedAndEnded) {
  const int64_t fp = ReadyHousehold(agency1_id, "01101", /*capacity=*/1);
  const int64_t placed = OpenNeed("C-IDX-4"), other = OpenNeed("C-IDX-5");
  ASSERT_TRUE(CandidateIds(other, staff).count(fp));
  auto r = Call("POST", "/api/v1/placements", staff,
                {{"need_id", placed}, {"foster_parent_id", fp}, {"started_on", "2026-11-20"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(CandidateIds(other, staff).count(fp)) << "a full home is still ranked";
  const std::string end = "/api/v1/placements/" + std::to_string(Json(r).at("id").as_int64());
  ASSERT_EQ(Call("PATCH", end, staff, {{"ended_on", "2026-11-24"}}).status, 200);
  EXPECT_TRUE(CandidateIds(other, staff).count(fp)) << "the freed place is not seen";
}

TEST_P(PromisesTest, LongUnplacedFollowsAnAgencyChange) {
  OpenNeed("C-IDX-6", "01101");  // agency 1's ward
  auto considered = [&] {
    const auto r = Call("GET", "/api/v1/long-unplaced", agency2);
    EXPECT_EQ(r.status, 200) << r.body;
    return Json(r).at("open_needs_considered").as_int64();
  };
  ASSERT_EQ(considered(), 0);
  ASSERT_EQ(Call("PATCH", "/api/v1/agencies/" + std::to_string(agency2_id), admin,
                 {{"regions", {"01101", "01102"}}})
                .status,
            200);
  EXPECT_EQ(considered(), 1) << "the agency's new ward is not seen";
}

// The lists are cached per data version: a need written after a page was served is counted by
// the next page, and a withdrawn one no longer is.
TEST_P(PromisesTest, LongUnplacedFollowsANeedCreatedAndWithdrawn) {
  ReadyHousehold(agency1_id);
  auto considered = [&] {
    const auto r = Call("GET", "/api/v1/long-unplaced", staff);
    EXPECT_EQ(r.status, 200) << r.body;
    return Json(r).at("open_needs_considered").as_int64();
  };
  const int64_t before = considered();
  const int64_t need = OpenNeed("C-IDX-7");
  ASSERT_EQ(considered(), before + 1) << "the new need is not counted";
  ASSERT_EQ(Call("PATCH", "/api/v1/needs/" + std::to_string(need), staff, {{"status", "withdrawn"}})
                .status,
            200);
  EXPECT_EQ(considered(), before) << "the withdrawn need is still counted";
}

TEST_P(PromisesTest, CandidatesFollowARegionChange) {
  const int64_t fp = ReadyHousehold(agency2_id, "01102");
  const int64_t need = OpenNeed("C-IDX-7", "01101");
  ASSERT_TRUE(CandidateIds(need, staff).count(fp)) << "a neighbouring ward";
  // The household's ward moves to Okinawa: far beyond the travel limit.
  ASSERT_EQ(Call("POST", "/api/v1/regions", admin,
                 {{"code", "01102"},
                  {"name_ja", "北区"},
                  {"name_en", "Kita"},
                  {"lat", 26.2},
                  {"lon", 127.7}})
                .status,
            201);
  EXPECT_FALSE(CandidateIds(need, staff).count(fp)) << "the moved region is not seen";
}

// --- Scope: an agency touches only its own households and the needs shared with it ------------

TEST_P(PromisesTest, AnotherAgencysRecordsDoNotExistForAnAgency) {
  const int64_t fp = ReadyHousehold(agency1_id);
  OpenNeed("C-SCOPE-1");
  uc().match_runs.Run({"2026-12"}, cli);
  const auto run = uc().match_runs.Get("2026-12", cli);
  ASSERT_FALSE(run.proposals.empty());
  ASSERT_EQ(run.proposals.front().foster_parent_id, fp);
  const std::string proposal = std::to_string(run.proposals.front().id);
  const int64_t unshared = OpenNeed("C-SCOPE-2", "01101");  // agency 2 serves only 01102
  const std::string f = "/api/v1/foster-parents/" + std::to_string(fp);
  const std::string n = "/api/v1/needs/" + std::to_string(unshared);
  struct Row {
    std::string method, target;
    json::object body;
    int status;
  };
  const std::vector<Row> rows = {
      {"GET", f, {}, 404},
      {"PATCH", f, {{"notes", "x"}}, 404},
      {"GET", f + "/trainings", {}, 404},
      {"POST",
       f + "/trainings",
       {{"course", "other"}, {"completed_on", "2026-01-01"}, {"hours", 1}},
       404},
      {"POST", "/api/v1/proposals/" + proposal + "/response", {{"response", "accept"}}, 404},
      {"GET", n, {}, 404},
      {"GET", n + "/candidates", {}, 404},
      {"GET", "/api/v1/long-unplaced?agency=" + std::to_string(agency1_id), {}, 403},
      {"GET", "/api/v1/foster-parents?agency=" + std::to_string(agency1_id), {}, 403},
  };
  for (const Row& row : rows) {
    ExpectProblem(Call(row.method, row.target, agency2, row.body), row.status,
                  "agency 2: " + row.method + " " + row.target);
  }
  // The same requests from the owning agency succeed: the refusals are the scope, nothing else.
  for (const Row& row : rows) {
    const auto own = Call(row.method, row.target, agency1, row.body);
    EXPECT_LT(own.status, 300) << "agency 1: " << row.method << " " << row.target << " "
                               << own.body;
  }
}

// --- Durability ----------------------------------------------------------------------------------

TEST_P(PromisesTest, EveryPooledSessionCommitsDurably) {
  constexpr size_t kPool = 4;
  testing::TestDatabase t(GetParam(), kPool);
  std::vector<storage::Database::Lease> leases;
  for (size_t i = 0; i < kPool; ++i) leases.push_back(t.db().Acquire());  // all at once
  for (auto& lease : leases) {
    if (!Postgres()) {
      int sync = -1;
      std::string journal;
      lease.session() << "PRAGMA synchronous", soci::into(sync);
      lease.session() << "PRAGMA journal_mode", soci::into(journal);
      EXPECT_EQ(sync, 2) << "synchronous=FULL: a commit is on disk before it returns";
      EXPECT_EQ(journal, "wal");
    } else {
      // The scratch test cluster runs with fsync=off for speed (tests/pg_cluster.sh), so fsync is
      // not asserted here; what the service controls is synchronous_commit, which must stay on.
      std::string commit;
      lease.session() << "SHOW synchronous_commit", soci::into(commit);
      EXPECT_EQ(commit, "on") << "a commit waits for its WAL flush";
    }
  }
}

TEST_P(PromisesTest, WriteTransactionsRunWithSynchronousCommitOnPostgres) {
  if (!Postgres()) GTEST_SKIP() << "PostgreSQL only";
  // A trigger records the setting in force inside each audited write transaction.
  Exec("CREATE TABLE seen_sync (v TEXT)");
  Exec(
      "CREATE FUNCTION record_sync() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
      "INSERT INTO seen_sync VALUES (current_setting('synchronous_commit')); RETURN NEW; END $$");
  Exec(
      "CREATE TRIGGER record_sync AFTER INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION "
      "record_sync()");
  const int64_t fp = ReadyHousehold(agency1_id);
  const int64_t need = OpenNeed("C-SYNC-1");
  ASSERT_EQ(Call("POST", "/api/v1/placements", staff,
                 {{"need_id", need}, {"foster_parent_id", fp}, {"started_on", "2026-12-01"}})
                .status,
            201);
  ASSERT_GT(Count("SELECT COUNT(*) FROM seen_sync"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM seen_sync WHERE v <> 'on'"), 0);
}

// No source file of the service turns synchronous_commit (or SQLite's synchronous) down.
TEST(Durability, TheServiceNeverTurnsSynchronousCommitOff) {
  namespace fs = std::filesystem;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(FOSTERMATCH_SOURCE_DIR "/service")) {
    if (!entry.is_regular_file()) continue;
    const auto ext = entry.path().extension();
    if (ext != ".cpp" && ext != ".h" && ext != ".sql") continue;
    ++files;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const char* bad :
         {"synchronous_commit = off", "synchronous_commit=off", "synchronous_commit to off",
          "synchronous=off", "synchronous = off", "synchronous=normal", "synchronous = normal",
          "synchronous_commit = local"}) {
      EXPECT_EQ(s.find(bad), std::string::npos) << entry.path() << " contains " << bad;
    }
  }
  EXPECT_GT(files, 10);
}

// --- The training import ----------------------------------------------------------------------

TEST_P(PromisesTest, AnImportLandsItsGoodLinesAndReportsItsBadOnes) {
  const std::string id = std::to_string(Household(agency1_id));
  const std::string csv =
      "external_id,foster_parent_id,course,completed_on,hours,provider,outcome\n"
      "IMP-1," +
      id + ",basic,2025-03-01,6,p,completed\nIMP-2," + id +
      ",yoga,2025-03-01,6,p,completed\nIMP-3," + id + ",practical,2025-03-01,6,p,completed\n";
  const auto r = CallRaw("POST", "/api/v1/trainings/import", trainer, csv, "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Json(r).at("inserted"), 2);
  ASSERT_EQ(Json(r).at("rejected").as_array().size(), 1u);
  EXPECT_EQ(Json(r).at("rejected").as_array()[0].at("line"), 3);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM trainings WHERE external_id IN ('IMP-1', 'IMP-3')"), 2);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM trainings WHERE external_id = 'IMP-2'"), 0);
}

TEST_P(PromisesTest, AnImportThatFailsMidwayLeavesNothing) {
  const std::string id = std::to_string(Household(agency1_id));
  FailInserts("trainings", "NEW.external_id = 'MID-2'");
  const long long audit = AuditRows();
  const std::string csv =
      "external_id,foster_parent_id,course,completed_on,hours,provider,outcome\n"
      "MID-1," +
      id + ",basic,2025-03-01,6,p,completed\nMID-2," + id +
      ",pre_registration,2025-03-01,6,p,completed\nMID-3," + id +
      ",practical,2025-03-01,6,p,completed\n";
  const auto r = CallRaw("POST", "/api/v1/trainings/import", trainer, csv, "text/csv");
  EXPECT_GE(r.status, 400) << r.body;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM trainings"), 0) << "the lines before the failure stayed";
  EXPECT_EQ(AuditRows(), audit);
}

// --- Errors are problem+json
// ----------------------------------------------------------------------

TEST_P(PromisesTest, EveryErrorStatusTheApiMakesIsProblemJson) {
  const int64_t fp = ReadyHousehold(agency1_id, "01101", 1);
  const int64_t n1 = OpenNeed("C-ERR-1"), n2 = OpenNeed("C-ERR-2");
  ASSERT_EQ(Call("POST", "/api/v1/placements", staff,
                 {{"need_id", n1}, {"foster_parent_id", fp}, {"started_on", "2026-12-01"}})
                .status,
            201);
  ExpectProblem(Call("GET", "/api/v1/regions", ""), 401, "no token");
  ExpectProblem(Call("POST", "/api/v1/regions", staff, {}), 403, "staff writing a region");
  ExpectProblem(Call("GET", "/nowhere", ""), 404, "unknown path");
  ExpectProblem(Call("GET", "/api/v1/foster-parents/999999", staff), 404, "unknown household");
  ExpectProblem(Call("DELETE", "/healthz", ""), 405, "wrong method");
  ExpectProblem(Call("POST", "/api/v1/placements", staff,
                     {{"need_id", n2}, {"foster_parent_id", fp}, {"started_on", "2026-12-01"}}),
                409, "no room");
  ExpectProblem(CallRaw("POST", "/api/v1/foster-parents", staff, "{}", "text/plain"), 415,
                "not JSON");
  ExpectProblem(CallRaw("POST", "/api/v1/trainings/import", trainer, "a,b\n", "application/json"),
                415, "not CSV");
  ExpectProblem(
      Call("PATCH", "/api/v1/foster-parents/" + std::to_string(fp), staff, {{"capacity", 7}}), 422,
      "capacity over the limit");
  ExpectProblem(CallRaw("POST", "/api/v1/regions", admin, "{not json", "application/json"), 400,
                "malformed JSON");
}

TEST_P(PromisesTest, TheServerAnswersOversizedBodiesAndHeadersWithProblemJson) {
  http::ServerOptions options = testing::TestServer::DefaultOptions();
  options.limits.body_limit = 1024;
  options.limits.header_limit = 4096;
  testing::TestServer server(db(), {}, options);
  testing::HttpClient client(server.port());
  auto body = client.Request("POST", "/api/v1/regions", admin, std::string(4096, 'x'));
  EXPECT_EQ(body.status, 413);
  EXPECT_EQ(body.headers["content-type"], "application/problem+json");
  EXPECT_EQ(body.Json().at("status"), 413);
  testing::HttpClient other(server.port());
  auto header = other.Request("GET", "/api/v1/regions", std::string(8192, 't'));
  EXPECT_EQ(header.status, 431);
  EXPECT_EQ(header.headers["content-type"], "application/problem+json");
  EXPECT_EQ(header.Json().at("status"), 431);
}

// A database that cannot answer: SQLite's write lock held past the busy timeout, a PostgreSQL
// connection terminated under the service.
TEST_P(PromisesTest, AnUnavailableDatabaseGets503ProblemJsonWithRetryAfter) {
  testing::TestDatabase t(GetParam(), /*pool_size=*/1);
  usecases::UseCases use_cases(t.db(), {});
  api::App app(use_cases);
  const std::string token =
      use_cases.access.IssueToken(matching::Role::kAdmin, std::nullopt, "", cli).token;
  http::Response r;
  if (!Postgres()) {
    auto holder = storage::Database::Open(t.url(), 1);
    auto lease = holder->Acquire();
    lease.session() << "PRAGMA busy_timeout=0";
    lease.session() << "BEGIN IMMEDIATE";
    http::Request request = testing::MakeRequest("POST", "/api/v1/agencies", token,
                                                 json::serialize(json::object{{"name", "x"}}));
    r = app.Handle(request);  // waits the busy timeout, then gives up
    lease.session() << "ROLLBACK";
  } else {
    long long pid = 0;
    {
      auto lease = t.db().Acquire();
      lease.session() << "SELECT pg_backend_pid()", soci::into(pid);
    }
    auto killer = storage::Database::Open(testing::PostgresTestUrl(), 1);
    auto lease = killer->Acquire();
    int done = 0;
    lease.session() << "SELECT CASE WHEN pg_terminate_backend(" + std::to_string(pid) +
                           ") THEN 1 ELSE 0 END",
        soci::into(done);
    ASSERT_EQ(done, 1);
    http::Request request = testing::MakeRequest("GET", "/api/v1/agencies", token);
    r = app.Handle(request);
  }
  ExpectProblem(r, 503, "database unavailable");
  bool retry_after = false;
  for (const auto& [name, value] : r.headers) retry_after |= name == "Retry-After";
  EXPECT_TRUE(retry_after);
}

INSTANTIATE_TEST_SUITE_P(Engines, PromisesTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace fostermatch
