// Findings of the hostile test (issue "Hardening"), each pinned through the real API on SQLite
// and PostgreSQL: far dates, unreadable rows, invalid UTF-8, duplicate keys, the external_id
// oracle, values in the log, and audit rows of a refused change.

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <set>
#include <sstream>
#include <thread>

#include "matching/text.h"
#include "service/usecases/match_runs.h"
#include "tests/support/hardening_fixture.h"

namespace fostermatch {
namespace {

namespace json = boost::json;
using storage::Engine;
using testing::HttpResult;

class HardeningApiTest : public testing::HardeningFixture {
 protected:
  // The field names of a 422 problem.
  static std::set<std::string> BadFields(const HttpResult& r) {
    EXPECT_EQ(r.status, 422) << r.body;
    std::set<std::string> out;
    if (r.status != 422) return out;
    const json::value body = r.Json();
    for (const auto& e : body.at("errors").as_array()) {
      out.insert(std::string(e.at("field").as_string()));
    }
    return out;
  }
  static std::string Csv(const std::string& lines) {
    return "external_id,foster_parent_id,course,completed_on,hours,provider,outcome\n" + lines;
  }
  HttpResult Import(const std::string& csv) {
    return Send("POST", "/api/v1/trainings/import", trainer_, csv, "text/csv");
  }
  int AuditRows(const std::string& entity, int64_t id) {
    const auto r =
        Send("GET", "/api/v1/audit?limit=500&entity=" + entity + "&entity_id=" + std::to_string(id),
             admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return static_cast<int>(r.Json().at("items").as_array().size());
  }
};

// Finding 1: a registration in year 9995 stored an expiry in 10004, which no reader could parse.
TEST_P(HardeningApiTest, FarDatesAreRefusedWhereverTheyEnter) {
  EXPECT_EQ(BadFields(Send("POST", "/api/v1/foster-parents", admin_,
                           HouseholdJson(agency1_id_, "9995-04-01"))),
            std::set<std::string>{"registered_on"});
  EXPECT_EQ(BadFields(Send("POST", "/api/v1/foster-parents", admin_,
                           HouseholdJson(agency1_id_, "1899-12-31"))),
            std::set<std::string>{"registered_on"});
  // In range, but the default expiry (5 years on) would not be.
  EXPECT_EQ(BadFields(Send("POST", "/api/v1/foster-parents", admin_,
                           HouseholdJson(agency1_id_, "2199-04-01"))),
            std::set<std::string>{"registration_expires_on"});
  const int64_t fp = Household(agency1_id_);
  const std::string f = std::to_string(fp);
  EXPECT_EQ(BadFields(Send("PATCH", "/api/v1/foster-parents/" + f, admin_,
                           R"({"registration_expires_on": "2201-01-01"})")),
            std::set<std::string>{"registration_expires_on"});
  EXPECT_EQ(BadFields(Send("POST", "/api/v1/needs", staff_, NeedJson("C-FAR", "3000-01-01"))),
            std::set<std::string>{"earliest_start"});
  EXPECT_EQ(BadFields(Send("POST", "/api/v1/foster-parents/" + f + "/trainings", admin_,
                           R"({"course": "basic", "completed_on": "9999-12-31", "hours": 6})")),
            std::set<std::string>{"completed_on"});
  const HttpResult imported = Import(Csv("T-FAR," + f + ",basic,9995-01-01,6,x,completed\n"));
  ASSERT_EQ(imported.status, 200) << imported.body;
  const json::value result = imported.Json();
  EXPECT_EQ(result.at("inserted").as_int64(), 0);
  ASSERT_EQ(result.at("rejected").as_array().size(), 1u);
  EXPECT_NE(std::string(result.at("rejected").at(0).at("error").as_string()).find("2200-12-31"),
            std::string::npos);
  // The edges of the range are accepted.
  EXPECT_EQ(Send("POST", "/api/v1/foster-parents", admin_, HouseholdJson(agency1_id_, "2195-12-31"))
                .status,
            201);
  EXPECT_EQ(Send("GET", "/api/v1/foster-parents", admin_).status, 200);
}

// Finding 1: a row that cannot be decoded hides itself, not the service.
TEST_P(HardeningApiTest, AnUnreadableRowFailsOnlyThatRecord) {
  const int64_t a = Household(agency1_id_), bad = Household(agency1_id_),
                c = Household(agency1_id_);
  const int64_t need = OpenNeed("C-ROW-1");
  // As the year-9995 registration left it: an expiry no reader can parse.
  Sql("UPDATE foster_parents SET registration_expires_on = '10004-04-01' WHERE id = " +
      std::to_string(bad));

  // Lists skip it, and paging over it neither stops early nor repeats.
  std::vector<int64_t> seen;
  std::string target = "/api/v1/foster-parents?limit=1";
  for (int guard = 0; guard < 10; ++guard) {
    const HttpResult page = Send("GET", target, admin_);
    ASSERT_EQ(page.status, 200) << page.body;
    const json::value body = page.Json();
    for (const auto& item : body.at("items").as_array()) seen.push_back(item.at("id").as_int64());
    if (body.at("next_cursor").is_null()) break;
    target =
        "/api/v1/foster-parents?limit=1&cursor=" + std::string(body.at("next_cursor").as_string());
  }
  EXPECT_EQ(seen, (std::vector<int64_t>{a, c}));
  EXPECT_EQ(Send("GET", "/api/v1/foster-parents", agency1_).status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/long-unplaced", admin_).status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/needs/" + std::to_string(need) + "/candidates", admin_).status,
            200);
  EXPECT_EQ(Send("GET", "/metrics", "").status, 200);
  EXPECT_EQ(Send("GET", "/healthz", "").status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/foster-parents/" + std::to_string(a), admin_).status, 200);

  // The record itself: a clear error naming it, for that record only; another agency gets 404.
  const HttpResult own = Send("GET", "/api/v1/foster-parents/" + std::to_string(bad), admin_);
  EXPECT_EQ(own.status, 500);
  EXPECT_EQ(own.headers.at("content-type"), "application/problem+json");
  EXPECT_NE(own.body.find("foster_parents " + std::to_string(bad)), std::string::npos) << own.body;
  EXPECT_EQ(Send("GET", "/api/v1/foster-parents/" + std::to_string(bad), agency2_).status, 404);

  // The monthly run goes through without it.
  usecases::MonthlyRunOptions options;
  options.month = "2026-11";
  EXPECT_NO_THROW(server_->use_cases().match_runs.Run(options, usecases::Actor::Cli()));
  EXPECT_EQ(Send("GET", "/api/v1/match-runs/2026-11", admin_).status, 200);

  // A bad need row: the list skips it, its own read names it.
  const int64_t bad_need = OpenNeed("C-ROW-2");
  Sql("UPDATE needs SET earliest_start = '10004-01-01' WHERE id = " + std::to_string(bad_need));
  const HttpResult needs = Send("GET", "/api/v1/needs", staff_);
  ASSERT_EQ(needs.status, 200) << needs.body;
  EXPECT_EQ(needs.Json().at("items").as_array().size(), 1u);
  EXPECT_EQ(Send("GET", "/api/v1/needs/" + std::to_string(bad_need), staff_).status, 500);
}

// Finding 2: a Shift_JIS CSV is refused line by line, saying so; nothing answers invalid UTF-8.
TEST_P(HardeningApiTest, InvalidUtf8IsRefusedAndNeverEchoed) {
  const std::string f = std::to_string(Household(agency1_id_));
  // "札幌市" in Shift_JIS.
  const std::string sjis = "\x8E\x44\x96\x79\x8E\x73";
  const HttpResult imported =
      Import(Csv("T-SJ1," + f + ",basic,2025-01-10,6," + sjis + ",completed\nT-OK," + f +
                 ",basic,2025-01-10,6,ok,completed\n"));
  ASSERT_EQ(imported.status, 200) << imported.body;
  EXPECT_TRUE(matching::IsValidUtf8(imported.body));
  const json::value result = imported.Json();
  EXPECT_EQ(result.at("inserted").as_int64(), 1);
  ASSERT_EQ(result.at("rejected").as_array().size(), 1u);
  EXPECT_EQ(result.at("rejected").at(0).at("line").as_int64(), 2);
  EXPECT_NE(std::string(result.at("rejected").at(0).at("error").as_string()).find("Shift_JIS"),
            std::string::npos);
  // The training list stays valid JSON.
  const HttpResult list = Send("GET", "/api/v1/foster-parents/" + f + "/trainings", admin_);
  EXPECT_EQ(list.status, 200);
  EXPECT_TRUE(matching::IsValidUtf8(list.body));

  for (const HttpResult& r : {Send("POST", "/api/v1/needs", staff_, "{\"case_ref\": \"\xff\xfe\"}"),
                              Send("GET", "/api/v1/foster-parents/%ff%fe", admin_),
                              Send("GET", "/api/v1/foster-parents?region=%ff", admin_),
                              Send("GET", "/api/v1/nope/" + sjis, admin_)}) {
    EXPECT_GE(r.status, 400);
    EXPECT_LT(r.status, 500) << r.body;
    EXPECT_TRUE(matching::IsValidUtf8(r.body)) << r.body;
    EXPECT_NO_THROW(r.Json()) << r.body;
  }
  // NUL in a JSON string: refused, not sent to PostgreSQL (which cannot store it).
  EXPECT_EQ(BadFields(Send("POST", "/api/v1/foster-parents", admin_,
                           R"({"agency_id": 1, "household_name": "a\u0000b", "region": "01101",
                               "types": ["foster"], "registered_on": "2025-04-01", "capacity": 1,
                               "accepts": {"age_min": 0, "age_max": 12}})")),
            std::set<std::string>{"household_name"});
  EXPECT_EQ(Send("GET", "/api/v1/foster-parents?region=%00", admin_).status, 400);
}

// Finding 3: a repeated key is an error naming it; deep nesting a clear 400.
TEST_P(HardeningApiTest, DuplicateKeysAndDeepNestingAreRefused) {
  std::string body = HouseholdJson(agency1_id_);
  body.insert(body.size() - 1, R"(, "capacity": 4)");
  EXPECT_EQ(BadFields(Send("POST", "/api/v1/foster-parents", admin_, body)),
            std::set<std::string>{"capacity"});
  std::string nested = HouseholdJson(agency1_id_);
  nested.replace(nested.find(R"("age_min": 0)"), 12, R"("age_min": 0, "age_min": 3)");
  EXPECT_EQ(BadFields(Send("POST", "/api/v1/foster-parents", admin_, nested)),
            std::set<std::string>{"accepts.age_min"});
  const std::string deep = std::string(5000, '[') + std::string(5000, ']');
  const HttpResult r = Send("POST", "/api/v1/needs", staff_, deep);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("nested"), std::string::npos) << r.body;
  EXPECT_EQ(Send("GET", "/api/v1/foster-parents", admin_).Json().at("items").as_array().size(), 0u);
}

// Finding 4: an agency learns nothing about another agency's training ids.
TEST_P(HardeningApiTest, AnAgencyCannotProbeAnotherAgencysTrainingIds) {
  const int64_t theirs = Household(agency2_id_, "01102");
  const int64_t ours = Household(agency1_id_);
  const HttpResult imported =
      Import(Csv("TP-THEIRS," + std::to_string(theirs) + ",basic,2025-01-10,6,x,completed\n"));
  ASSERT_EQ(imported.status, 200) << imported.body;
  const std::string path = "/api/v1/foster-parents/" + std::to_string(ours) + "/trainings";
  auto add = [&](const std::string& external_id) {
    return Send("POST", path, agency1_,
                R"({"external_id": ")" + external_id +
                    R"(", "course": "basic", "completed_on": "2025-01-10", "hours": 6})");
  };
  const HttpResult taken = add("TP-THEIRS"), fresh = add("TP-NOBODY");
  EXPECT_EQ(taken.status, 422) << taken.body;
  EXPECT_EQ(taken.status, fresh.status);
  EXPECT_EQ(taken.body, fresh.body);  // the same answer whether or not the id exists
  // Without an external_id the agency records its training as before.
  EXPECT_EQ(Send("POST", path, agency1_,
                 R"({"course": "basic", "completed_on": "2025-01-10", "hours": 6})")
                .status,
            201);
  // The other agency's record is untouched.
  const HttpResult list =
      Send("GET", "/api/v1/foster-parents/" + std::to_string(theirs) + "/trainings", admin_);
  EXPECT_EQ(list.Json().at("items").as_array().size(), 1u);
}

// Finding 5: a refused write logs the operation and the engine's code, never the bound values.
TEST_P(HardeningApiTest, AConstraintErrorLogsNoValues) {
  OpenNeed("C-SECRET-4711");
  std::ostringstream log;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(log);
  spdlog::default_logger()->sinks().push_back(sink);
  const HttpResult dup = Send("POST", "/api/v1/needs", staff_, NeedJson("C-SECRET-4711"));
  spdlog::default_logger()->flush();
  spdlog::default_logger()->sinks().pop_back();
  EXPECT_EQ(dup.status, 409) << dup.body;
  const std::string text = log.str();
  EXPECT_NE(text.find("database error while saving a need"), std::string::npos) << text;
  EXPECT_NE(text.find(GetParam() == Engine::kSqlite ? "sqlite 19" : "SQLSTATE 23505"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("C-SECRET-4711"), std::string::npos) << text;
  EXPECT_EQ(text.find("INSERT"), std::string::npos) << text;
  EXPECT_EQ(dup.body.find("C-SECRET-4711"), std::string::npos) << dup.body;
}

// Finding 6: a refused PATCH of a need leaves no audit row behind (it ran in one transaction).
TEST_P(HardeningApiTest, ARefusedNeedPatchLeavesNoAuditRow) {
  const int64_t need = OpenNeed("C-AUDIT-1");
  const std::string path = "/api/v1/needs/" + std::to_string(need);
  const int before = AuditRows("need", need);
  EXPECT_EQ(Send("PATCH", path, staff_, R"({"urgency": 9})").status, 422);
  EXPECT_EQ(Send("PATCH", path, staff_, R"({"status": "placed"})").status, 422);
  EXPECT_EQ(Send("PATCH", path, staff_, R"({"region": "99999"})").status / 100, 4);
  EXPECT_EQ(Send("PATCH", path, staff_, R"({"urgency": 1, "urgency": 2})").status, 422);
  EXPECT_EQ(Send("PATCH", path, agency2_, R"({"urgency": 1})").status, 403);
  EXPECT_EQ(AuditRows("need", need), before);
  // A successful one does leave its row (the count above would see it).
  EXPECT_EQ(Send("PATCH", path, staff_, R"({"urgency": 1})").status, 200);
  EXPECT_GT(AuditRows("need", need), before);
}

INSTANTIATE_TEST_SUITE_P(Engines, HardeningApiTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace fostermatch
