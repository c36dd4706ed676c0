// The system-of-record API over a real socket, on SQLite and PostgreSQL.

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "service/api/app.h"
#include "service/storage/auth_repository.h"
#include "service/usecases/access.h"
#include "service/usecases/regions.h"
#include "tests/support/http_client.h"
#include "tests/support/test_server.h"

namespace fostermatch {
namespace {

namespace json = boost::json;
using matching::Role;
using storage::Engine;
using testing::HttpClient;
using testing::HttpResult;
using testing::TestDatabase;
using testing::TestServer;

const matching::Date kToday = matching::Date::FromYmd(2026, 11, 25);

class RecordsApiTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    usecases::SaveRegions(db_->db(), usecases::ParseRegionsCsv(usecases::DefaultRegionsCsv()));
    admin_ = Issue(Role::kAdmin);
    usecases::Config config;
    config.today = [] { return kToday; };
    server_ = std::make_unique<TestServer>(db_->db(), config);
    client_ = std::make_unique<HttpClient>(server_->port());
    agency1_id_ = Created(
        Post("/api/v1/agencies", admin_, {{"name", "機関A"}, {"regions", {"01101", "01105"}}}));
    agency2_id_ =
        Created(Post("/api/v1/agencies", admin_, {{"name", "機関B"}, {"regions", {"01102"}}}));
    staff_ = Issue(Role::kStaff);
    trainer_ = Issue(Role::kTrainer);
    agency1_ = Issue(Role::kAgency, agency1_id_);
    agency2_ = Issue(Role::kAgency, agency2_id_);
  }

  std::string Issue(Role role, std::optional<int64_t> agency = std::nullopt) {
    return testing::IssueToken(db_->db(), role, agency);
  }
  // The cookie of a live admin page session ("fm_session=…"), as a sign-in would set it.
  std::string AdminPageSession() {
    const usecases::Actor admin{"user:pages-admin", Role::kAdmin, std::nullopt};
    return "fm_session=" + server_->pages().sessions().Create(admin, pages::Clock::now());
  }
  HttpResult Post(const std::string& path, const std::string& token, const json::object& body) {
    return client_->Request("POST", path, token, json::serialize(body));
  }
  HttpResult Patch(const std::string& path, const std::string& token, const json::object& body) {
    return client_->Request("PATCH", path, token, json::serialize(body));
  }
  static int64_t Created(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }
  // The field names of a 422 problem.
  static std::set<std::string> BadFields(const HttpResult& r) {
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(r.headers.at("content-type"), "application/problem+json");
    std::set<std::string> out;
    if (r.status != 422) return out;
    const json::value body = r.Json();
    for (const auto& e : body.at("errors").as_array())
      out.insert(std::string(e.at("field").as_string()));
    return out;
  }

  json::object Household(int64_t agency, const std::string& region = "01101") {
    return {{"agency_id", agency},
            {"household_name", "佐藤家"},
            {"region", region},
            {"types", {"foster"}},
            {"registered_on", "2025-04-01"},
            {"capacity", 2},
            {"accepts", {{"age_min", 0}, {"age_max", 12}, {"max_siblings", 2}}}};
  }
  // A household that is ready: registered, with the base courses and recent practical training.
  int64_t ReadyHousehold(int64_t agency, int capacity = 2) {
    json::object body = Household(agency);
    body["capacity"] = capacity;
    const int64_t id = Created(Post("/api/v1/foster-parents", admin_, body));
    const std::string path = "/api/v1/foster-parents/" + std::to_string(id) + "/trainings";
    for (const char* course : {"basic", "pre_registration", "practical"}) {
      Created(
          Post(path, admin_, {{"course", course}, {"completed_on", "2025-03-01"}, {"hours", 6}}));
    }
    return id;
  }
  int64_t OpenNeed(const std::string& ref, const std::string& region = "01101") {
    return Created(Post("/api/v1/needs", staff_,
                        {{"case_ref", ref},
                         {"region", region},
                         {"child", {{"age_years", 6}, {"sex", "female"}}},
                         {"kind", "long_term"},
                         {"earliest_start", "2026-12-01"}}));
  }
  int64_t CountFosterParents() {
    return static_cast<int64_t>(client_->Get("/api/v1/foster-parents?limit=500", admin_)
                                    .Json()
                                    .at("items")
                                    .as_array()
                                    .size());
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<HttpClient> client_;
  std::string admin_, staff_, trainer_, agency1_, agency2_;
  int64_t agency1_id_ = 0, agency2_id_ = 0;
};

// Every registered route, from one table, for every kind of caller: no token, a bad token, a
// revoked token, each role (two agencies), and an admin's page session cookie without a token
// (the API never takes the cookie: to it, that caller is nobody). A route without a row fails
// the test, so a new route cannot ship without its roles decided.
TEST_P(RecordsApiTest, EveryRouteAdmitsExactlyTheRolesItShouldFromOneTable) {
  const int64_t fp = ReadyHousehold(agency1_id_);
  const int64_t need = OpenNeed("C-ROLES-1");
  const std::string f = std::to_string(fp), n = std::to_string(need);
  const std::set<std::string> anyone = {"",       "bad",      "revoked", "admin",       "staff",
                                        "agency", "agency_b", "trainer", "page_session"};
  const std::set<std::string> any_role = {"admin", "staff", "agency", "agency_b", "trainer"};
  const std::set<std::string> casework = {"admin", "staff", "agency", "agency_b"};
  const std::set<std::string> center = {"admin", "staff"};
  struct Row {
    std::string method, pattern, path;
    std::set<std::string> allowed;
  };
  const std::vector<Row> table = {
      {"GET", "/", "/", anyone},
      {"GET", "/healthz", "/healthz", anyone},
      {"GET", "/metrics", "/metrics", anyone},  // from loopback
      {"GET", "/api/v1/openapi.json", "/api/v1/openapi.json", anyone},
      {"GET", "/api/v1/regions", "/api/v1/regions", any_role},
      {"POST", "/api/v1/regions", "/api/v1/regions", {"admin"}},
      {"GET", "/api/v1/agencies", "/api/v1/agencies", any_role},
      {"POST", "/api/v1/agencies", "/api/v1/agencies", {"admin"}},
      {"GET", "/api/v1/agencies/{id}", "/api/v1/agencies/1", any_role},
      {"PATCH", "/api/v1/agencies/{id}", "/api/v1/agencies/1", {"admin"}},
      {"GET", "/api/v1/foster-parents", "/api/v1/foster-parents", casework},
      {"POST", "/api/v1/foster-parents", "/api/v1/foster-parents", casework},
      {"GET", "/api/v1/foster-parents/{id}", "/api/v1/foster-parents/" + f, casework},
      {"PATCH", "/api/v1/foster-parents/{id}", "/api/v1/foster-parents/" + f, casework},
      {"GET", "/api/v1/foster-parents/{id}/trainings", "/api/v1/foster-parents/" + f + "/trainings",
       any_role},
      {"POST", "/api/v1/foster-parents/{id}/trainings",
       "/api/v1/foster-parents/" + f + "/trainings", any_role},
      {"POST", "/api/v1/trainings/import", "/api/v1/trainings/import", {"admin", "trainer"}},
      {"GET", "/api/v1/needs", "/api/v1/needs", casework},
      {"POST", "/api/v1/needs", "/api/v1/needs", center},
      {"GET", "/api/v1/needs/{id}", "/api/v1/needs/" + n, casework},
      {"PATCH", "/api/v1/needs/{id}", "/api/v1/needs/" + n, center},
      {"GET", "/api/v1/needs/{id}/candidates", "/api/v1/needs/" + n + "/candidates", casework},
      {"GET", "/api/v1/long-unplaced", "/api/v1/long-unplaced", casework},
      {"POST", "/api/v1/placements", "/api/v1/placements", center},
      {"PATCH", "/api/v1/placements/{id}", "/api/v1/placements/1", center},
      {"GET", "/api/v1/audit", "/api/v1/audit", {"admin"}},
      {"POST", "/api/v1/match-runs", "/api/v1/match-runs", {"admin"}},
      {"GET", "/api/v1/match-runs", "/api/v1/match-runs", casework},
      {"GET", "/api/v1/match-runs/{month}", "/api/v1/match-runs/2026-11", casework},
      {"GET", "/api/v1/match-runs/{month}/status", "/api/v1/match-runs/2026-11/status", casework},
      {"POST", "/api/v1/proposals/{id}/response", "/api/v1/proposals/1/response", casework},
  };
  std::set<std::string> covered, registered;
  for (const Row& row : table) covered.insert(row.method + " " + row.pattern);
  for (const auto& route : server_->app().router().Routes()) {
    registered.insert(route.method + " " + route.pattern);
  }
  EXPECT_EQ(covered, registered) << "every registered route has a row, and only those";

  const auto revoked = server_->use_cases().access.IssueToken(Role::kStaff, std::nullopt, "",
                                                              usecases::Actor::Cli());
  server_->use_cases().access.RevokeToken(revoked.id, usecases::Actor::Cli());
  struct Caller {
    std::string token, cookie;
  };
  const std::map<std::string, Caller> callers = {{"", {}},
                                                 {"bad", {"fm_not-a-token", ""}},
                                                 {"revoked", {revoked.token, ""}},
                                                 {"admin", {admin_, ""}},
                                                 {"staff", {staff_, ""}},
                                                 {"agency", {agency1_, ""}},
                                                 {"agency_b", {agency2_, ""}},
                                                 {"trainer", {trainer_, ""}},
                                                 {"page_session", {"", AdminPageSession()}}};
  ASSERT_EQ(client_
                ->Request("GET", "/admin/needs", "", "", "",
                          {{"Cookie", callers.at("page_session").cookie}})
                .status,
            200)
      << "the page session signs a page in";
  for (const Row& row : table) {
    // Bodies that pass the role check and stop at validation, so nothing is created.
    const bool csv = row.path == "/api/v1/trainings/import";
    const std::string body = row.method == "GET" ? "" : csv ? "" : "{\"zzz\": 1}";
    const std::string type = csv ? "text/csv" : "application/json";
    for (const auto& [caller, credentials] : callers) {
      std::map<std::string, std::string> headers;
      if (!credentials.cookie.empty()) headers["Cookie"] = credentials.cookie;
      const int status =
          client_->Request(row.method, row.path, credentials.token, body, type, headers).status;
      const std::string what =
          row.method + " " + row.path + " as " + (caller.empty() ? "nobody" : caller);
      EXPECT_LT(status, 500) << what;
      if (row.allowed.count(caller)) {
        EXPECT_NE(status, 401) << what;
        EXPECT_NE(status, 403) << what;
      } else if (caller.empty() || caller == "bad" || caller == "revoked" ||
                 caller == "page_session") {
        EXPECT_EQ(status, 401) << what;
      } else {
        EXPECT_EQ(status, 403) << what;
      }
    }
  }
}

// The other half of the column above: a page takes only its session cookie, never a bearer
// token, whatever the token's role. Every page route, signed out but with a token, goes to the
// login page (GET) or is refused (POST).
TEST_P(RecordsApiTest, EveryPageRouteIgnoresABearerTokenOfEveryRole) {
  const std::map<std::string, std::string> fill = {
      {"{id}", "1"}, {"{pid}", "1"}, {"{month}", "2026-11"}};
  int checked = 0;
  for (const auto& route : server_->pages().router().Routes()) {
    std::string path = route.pattern;
    for (const auto& [placeholder, value] : fill) {
      for (size_t at; (at = path.find(placeholder)) != std::string::npos;) {
        path.replace(at, placeholder.size(), value);
      }
    }
    ASSERT_EQ(path.find('{'), std::string::npos) << "a placeholder without a value: " << path;
    for (const std::string& token : {admin_, staff_, agency1_, trainer_}) {
      const HttpResult r = client_->Request(route.method, path, token, "csrf=x",
                                            "application/x-www-form-urlencoded");
      const std::string what = route.method + " " + path;
      if (route.method == "GET") {
        EXPECT_EQ(r.status / 100, 3) << what;
        EXPECT_TRUE(r.headers.count("location") &&
                    r.headers.at("location").starts_with("/admin/login"))
            << what;
      } else {
        EXPECT_EQ(r.status, 403) << what;
      }
      ++checked;
    }
  }
  EXPECT_GT(checked, 4 * 30) << "every page route, four roles";
}

TEST_P(RecordsApiTest, FosterParentRoundTripWithDerivedFields) {
  auto created = Post("/api/v1/foster-parents", agency1_, Household(agency1_id_));
  ASSERT_EQ(created.status, 201) << created.body;
  const json::object fp = created.Json().as_object();
  EXPECT_EQ(fp.at("registration_expires_on"), "2030-03-31") << "5 years by default";
  EXPECT_EQ(fp.at("current_children"), 0);
  EXPECT_EQ(fp.at("months_unplaced"), 19);
  EXPECT_EQ(fp.at("long_unplaced"), true);
  const auto& missing = fp.at("readiness").at("missing").as_array();
  EXPECT_FALSE(missing.empty());
  EXPECT_EQ(missing[0].at("en"), "basic training (基礎研修) not completed");
  const std::string path = "/api/v1/foster-parents/" + std::to_string(fp.at("id").as_int64());

  auto patched = Patch(path, agency1_, {{"types", {"foster", "specialized"}}, {"capacity", 1}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("registration_expires_on"), "2027-03-31")
      << "2 years for specialized";
  EXPECT_EQ(patched.Json().at("capacity"), 1);
  auto read = client_->Get(path, staff_);
  ASSERT_EQ(read.status, 200);
  EXPECT_EQ(read.Json().at("types").as_array().size(), 2u);
  EXPECT_EQ(read.Json().at("household_name"), "佐藤家");
}

TEST_P(RecordsApiTest, ListsFilterAndPaginateWithOpaqueCursors) {
  for (int i = 0; i < 5; ++i)
    Created(
        Post("/api/v1/foster-parents", admin_, Household(agency1_id_, i < 2 ? "01105" : "01101")));
  json::object adoptive = Household(agency2_id_, "01102");
  adoptive["types"] = json::array{"adoptive"};
  Created(Post("/api/v1/foster-parents", admin_, adoptive));
  EXPECT_EQ(client_->Get("/api/v1/foster-parents?region=01105", admin_)
                .Json()
                .at("items")
                .as_array()
                .size(),
            2u);
  EXPECT_EQ(client_->Get("/api/v1/foster-parents?type=adoptive", admin_)
                .Json()
                .at("items")
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(client_->Get("/api/v1/foster-parents?agency=" + std::to_string(agency2_id_), admin_)
                .Json()
                .at("items")
                .as_array()
                .size(),
            1u);
  EXPECT_EQ(client_->Get("/api/v1/foster-parents?long_unplaced=true", admin_)
                .Json()
                .at("items")
                .as_array()
                .size(),
            6u);
  EXPECT_EQ(client_->Get("/api/v1/foster-parents?status=suspended", admin_)
                .Json()
                .at("items")
                .as_array()
                .size(),
            0u);
  std::vector<int64_t> ids;
  std::string cursor;
  for (int guard = 0; guard < 10; ++guard) {
    auto page =
        client_
            ->Get("/api/v1/foster-parents?limit=2" + (cursor.empty() ? "" : "&cursor=" + cursor),
                  admin_)
            .Json();
    for (const auto& fp : page.at("items").as_array()) ids.push_back(fp.at("id").as_int64());
    if (page.at("next_cursor").is_null()) break;
    cursor = std::string(page.at("next_cursor").as_string());
  }
  ASSERT_EQ(ids.size(), 6u);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<int64_t>(ids.begin(), ids.end()).size(), 6u);
  EXPECT_EQ(BadFields(client_->Get("/api/v1/foster-parents?status=asleep", admin_)),
            std::set<std::string>{"status"});
  EXPECT_EQ(BadFields(client_->Get("/api/v1/foster-parents?limit=501", admin_)),
            std::set<std::string>{"limit"});
  EXPECT_EQ(BadFields(client_->Get("/api/v1/foster-parents?cursor=nonsense!", admin_)),
            std::set<std::string>{"cursor"});
}

TEST_P(RecordsApiTest, AgencySeesAndWritesOnlyItsOwnHouseholds) {
  const int64_t fp = Created(Post("/api/v1/foster-parents", admin_, Household(agency1_id_)));
  const std::string path = "/api/v1/foster-parents/" + std::to_string(fp);
  EXPECT_EQ(client_->Get(path, agency2_).status, 404) << "not 403: ids do not leak";
  EXPECT_EQ(Patch(path, agency2_, {{"capacity", 1}}).status, 404);
  EXPECT_EQ(client_->Get(path + "/trainings", agency2_).status, 404);
  EXPECT_EQ(Post("/api/v1/foster-parents", agency2_, Household(agency1_id_)).status, 403);
  EXPECT_EQ(Patch(path, agency1_, {{"agency_id", agency2_id_}}).status, 403);
  EXPECT_EQ(
      client_->Get("/api/v1/foster-parents?agency=" + std::to_string(agency1_id_), agency2_).status,
      403);
  EXPECT_TRUE(
      client_->Get("/api/v1/foster-parents", agency2_).Json().at("items").as_array().empty());
  // Without agency_id an agency coordinator registers for its own agency.
  json::object own = Household(agency1_id_);
  own.erase("agency_id");
  auto created = Post("/api/v1/foster-parents", agency2_, own);
  ASSERT_EQ(created.status, 201) << created.body;
  EXPECT_EQ(created.Json().at("agency_id"), agency2_id_);
}

TEST_P(RecordsApiTest, EachValidationErrorClassNamesItsFields) {
  // 400: not JSON, not an object.
  auto r = client_->Request("POST", "/api/v1/foster-parents", admin_, "{\"household_name\": ");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.headers["content-type"], "application/problem+json");
  EXPECT_EQ(client_->Request("POST", "/api/v1/foster-parents", admin_, "[1,2]").status, 400);
  // 415: wrong content type.
  EXPECT_EQ(client_->Request("POST", "/api/v1/foster-parents", admin_, "{}", "text/plain").status,
            415);
  EXPECT_EQ(client_->Request("POST", "/api/v1/trainings/import", admin_, "a,b", "application/json")
                .status,
            415);
  // 422: every bad field at once.
  json::object bad = Household(agency1_id_);
  bad["types"] = json::array{"foster", "godparent"};
  bad["registered_on"] = "2025-02-30";
  bad["capacity"] = 9;
  bad["months_unplaced"] = 3;
  bad["colour"] = "blue";
  EXPECT_EQ(
      BadFields(Post("/api/v1/foster-parents", admin_, bad)),
      (std::set<std::string>{"types", "registered_on", "capacity", "months_unplaced", "colour"}));
  json::object ages = Household(agency1_id_);
  ages["accepts"] = json::object{{"age_min", 10}, {"age_max", 3}};
  EXPECT_EQ(BadFields(Post("/api/v1/foster-parents", admin_, ages)),
            std::set<std::string>{"accepts.age_max"});
  json::object specialized = Household(agency1_id_);
  specialized["types"] = json::array{"specialized"};
  specialized["capacity"] = 3;
  EXPECT_EQ(BadFields(Post("/api/v1/foster-parents", admin_, specialized)),
            std::set<std::string>{"capacity"});
  json::object crowded = Household(agency1_id_);
  crowded["own_children"] = 5;
  EXPECT_EQ(BadFields(Post("/api/v1/foster-parents", admin_, crowded)),
            std::set<std::string>{"capacity"})
      << "at most 6 children in the home";
  json::object nowhere = Household(agency1_id_, "99999");
  nowhere["agency_id"] = 999;
  EXPECT_EQ(BadFields(Post("/api/v1/foster-parents", admin_, nowhere)),
            (std::set<std::string>{"region", "agency_id"}));
  EXPECT_EQ(BadFields(Post("/api/v1/foster-parents", admin_, {{"household_name", "x"}})),
            (std::set<std::string>{"region", "types", "registered_on", "capacity", "accepts"}));
  EXPECT_EQ(BadFields(Post("/api/v1/needs", staff_,
                           {{"case_ref", "山田太郎"},
                            {"region", "01101"},
                            {"child", {{"age_years", 19}, {"sex", "girl"}}},
                            {"kind", "long_term"},
                            {"earliest_start", "2026-12-01"},
                            {"urgency", 4}})),
            (std::set<std::string>{"case_ref", "child.age_years", "child.sex", "urgency"}))
      << "a name is never a case_ref";
  // 404 and 409.
  EXPECT_EQ(client_->Get("/api/v1/foster-parents/424242", admin_).status, 404);
  EXPECT_EQ(Post("/api/v1/agencies", admin_, {{"name", "機関A"}}).status, 409) << "duplicate name";
  OpenNeed("C-DUP-1");
  auto dup = Post("/api/v1/needs", staff_,
                  {{"case_ref", "C-DUP-1"},
                   {"region", "01101"},
                   {"child", {{"age_years", 3}, {"sex", "male"}}},
                   {"kind", "respite"},
                   {"earliest_start", "2026-12-01"}});
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.body.find("INSERT"), std::string::npos) << "no SQL in responses";
  // 413: a body over the limit is refused before it is read.
  const std::string huge(2 << 20, ' ');
  EXPECT_EQ(client_->Request("POST", "/api/v1/foster-parents", admin_, huge).status, 413);
}

TEST_P(RecordsApiTest, RejectedRequestsChangeNothing) {
  Created(Post("/api/v1/foster-parents", admin_, Household(agency1_id_)));
  const int64_t before = CountFosterParents();
  json::object bad = Household(agency1_id_);
  bad["capacity"] = 7;
  EXPECT_EQ(Post("/api/v1/foster-parents", admin_, bad).status, 422);
  EXPECT_EQ(Post("/api/v1/foster-parents", agency2_, Household(agency1_id_)).status, 403);
  EXPECT_EQ(CountFosterParents(), before);
  const std::string path = "/api/v1/foster-parents/1";
  const std::string original = client_->Get(path, admin_).body;
  EXPECT_EQ(Patch(path, admin_, {{"capacity", 3}, {"accepts", {{"age_max", 99}}}}).status, 422);
  EXPECT_EQ(client_->Get(path, admin_).body, original) << "a rejected PATCH changes no field";
}

TEST_P(RecordsApiTest, TrainingsUpdateReadiness) {
  const int64_t fp = Created(Post("/api/v1/foster-parents", admin_, Household(agency1_id_)));
  const std::string path = "/api/v1/foster-parents/" + std::to_string(fp);
  EXPECT_FALSE(client_->Get(path, admin_).Json().at("readiness").at("ready").as_bool());
  for (const char* course : {"basic", "pre_registration"}) {
    Created(Post(path + "/trainings", trainer_,
                 {{"course", course}, {"completed_on", "2025-03-01"}, {"hours", 6}}));
  }
  auto after = client_->Get(path, admin_).Json();
  EXPECT_TRUE(after.at("readiness").at("ready").as_bool());
  EXPECT_EQ(client_->Get(path + "/trainings", trainer_).Json().at("items").as_array().size(), 2u);
  EXPECT_EQ(Post(path + "/trainings", admin_,
                 {{"external_id", "X1"},
                  {"course", "other"},
                  {"completed_on", "2025-01-01"},
                  {"hours", 1}})
                .status,
            201);
  EXPECT_EQ(Post(path + "/trainings", admin_,
                 {{"external_id", "X1"},
                  {"course", "other"},
                  {"completed_on", "2025-01-01"},
                  {"hours", 1}})
                .status,
            409);
  EXPECT_EQ(BadFields(Post(path + "/trainings", admin_,
                           {{"course", "yoga"}, {"completed_on", "x"}, {"hours", -1}})),
            (std::set<std::string>{"course", "completed_on", "hours"}));
}

TEST_P(RecordsApiTest, CsvImportHandlesBomCrlfQuotesDuplicatesAndBadLines) {
  const int64_t fp = Created(Post("/api/v1/foster-parents", admin_, Household(agency1_id_)));
  const std::string id = std::to_string(fp);
  // Columns in another order, BOM, CRLF, a quoted provider with a comma, quotes and a line break.
  const std::string csv =
      "\xEF\xBB\xBF"
      "outcome,course,external_id,foster_parent_id,completed_on,hours,provider\r\n"
      "completed,basic,T-1," +
      id +
      ",2025-01-10,6,\"札幌市, 児童相談所\"\r\n"
      "completed,pre_registration,T-2," +
      id +
      ",2025-02-10,12,\"He said \"\"ok\"\"\nnext line\"\r\n"
      "completed,yoga,T-3," +
      id +
      ",2025-02-11,2,x\r\n"
      "completed,practical,T-4," +
      id +
      ",2025-13-01,2,x\r\n"
      "completed,practical,T-5,999999,2025-03-01,2,x\r\n"
      "completed,practical,T-6," +
      id +
      ",2025-03-01\r\n"
      "completed,practical,T-1," +
      id +
      ",2025-03-01,2,x\r\n"
      "completed,practical,T-7," +
      id + ",2026-06-01,18,里親トレーニング事業\r\n";
  auto r = client_->Request("POST", "/api/v1/trainings/import", trainer_, csv, "text/csv");
  ASSERT_EQ(r.status, 200) << r.body;
  auto result = r.Json();
  EXPECT_EQ(result.at("inserted"), 3);
  EXPECT_EQ(result.at("updated"), 0);
  std::map<int64_t, std::string> rejected;
  for (const auto& x : result.at("rejected").as_array()) {
    rejected[x.at("line").as_int64()] = std::string(x.at("error").as_string());
  }
  ASSERT_EQ(rejected.size(), 5u) << r.body;
  EXPECT_TRUE(rejected[5].starts_with("course:")) << rejected[5];
  EXPECT_TRUE(rejected[6].starts_with("completed_on:")) << rejected[6];
  EXPECT_TRUE(rejected[7].starts_with("foster_parent_id:")) << rejected[7];
  EXPECT_TRUE(rejected[8].starts_with("expected 7 fields")) << rejected[8];
  EXPECT_NE(rejected[9].find("already appears on line 2"), std::string::npos) << rejected[9];

  auto trainings = client_->Get("/api/v1/foster-parents/" + id + "/trainings", admin_)
                       .Json()
                       .at("items")
                       .as_array();
  ASSERT_EQ(trainings.size(), 3u);
  EXPECT_EQ(trainings[0].at("provider"), "札幌市, 児童相談所");
  EXPECT_EQ(trainings[1].at("provider"), "He said \"ok\"\nnext line");
  EXPECT_TRUE(client_->Get("/api/v1/foster-parents/" + id, admin_)
                  .Json()
                  .at("readiness")
                  .at("ready")
                  .as_bool());

  // The same file again: every good line is an update, nothing is duplicated.
  auto again =
      client_->Request("POST", "/api/v1/trainings/import", trainer_, csv, "text/csv").Json();
  EXPECT_EQ(again.at("inserted"), 0);
  EXPECT_EQ(again.at("updated"), 3);
  EXPECT_EQ(client_->Get("/api/v1/foster-parents/" + id + "/trainings", admin_)
                .Json()
                .at("items")
                .as_array()
                .size(),
            3u);

  EXPECT_EQ(BadFields(client_->Request("POST", "/api/v1/trainings/import", trainer_,
                                       "external_id,course\nx,basic\n", "text/csv")),
            std::set<std::string>{"body"});
  EXPECT_EQ(
      BadFields(client_->Request("POST", "/api/v1/trainings/import", trainer_, "", "text/csv")),
      std::set<std::string>{"body"});
  EXPECT_EQ(client_->Request("POST", "/api/v1/trainings/import", staff_, csv, "text/csv").status,
            403);
}

TEST_P(RecordsApiTest, PlacementsCheckCapacityMoveTheNeedAndFreeTheSlotWhenEnded) {
  const int64_t fp = ReadyHousehold(agency1_id_, /*capacity=*/1);
  const int64_t n1 = OpenNeed("C-P-1"), n2 = OpenNeed("C-P-2");
  auto placed = Post("/api/v1/placements", staff_,
                     {{"need_id", n1}, {"foster_parent_id", fp}, {"started_on", "2026-11-20"}});
  ASSERT_EQ(placed.status, 201) << placed.body;
  const int64_t placement = placed.Json().at("id").as_int64();
  EXPECT_EQ(client_->Get("/api/v1/needs/" + std::to_string(n1), staff_).Json().at("status"),
            "placed");
  auto fp_json = client_->Get("/api/v1/foster-parents/" + std::to_string(fp), staff_).Json();
  EXPECT_EQ(fp_json.at("current_children"), 1);
  EXPECT_EQ(fp_json.at("months_unplaced"), 0);

  // A placement that starts later still takes its place.
  auto full = Post("/api/v1/placements", staff_,
                   {{"need_id", n2}, {"foster_parent_id", fp}, {"started_on", "2027-01-01"}});
  EXPECT_EQ(full.status, 409);
  EXPECT_NE(full.Json().at("detail").as_string().find("no room"), std::string::npos) << full.body;
  EXPECT_EQ(Post("/api/v1/placements", staff_,
                 {{"need_id", n1}, {"foster_parent_id", fp}, {"started_on", "2026-12-01"}})
                .status,
            409)
      << "the need is placed already";
  EXPECT_EQ(Post("/api/v1/placements", agency1_,
                 {{"need_id", n2}, {"foster_parent_id", fp}, {"started_on", "2026-12-01"}})
                .status,
            403);
  EXPECT_EQ(BadFields(Post(
                "/api/v1/placements", staff_,
                {{"need_id", 424242}, {"foster_parent_id", fp}, {"started_on", "2026-12-01"}})),
            std::set<std::string>{"need_id"});

  const std::string end_path = "/api/v1/placements/" + std::to_string(placement);
  EXPECT_EQ(BadFields(Patch(end_path, staff_, {{"ended_on", "2026-01-01"}})),
            std::set<std::string>{"ended_on"});
  auto ended = Patch(end_path, staff_, {{"ended_on", "2027-01-31"}, {"outcome", "reunified"}});
  ASSERT_EQ(ended.status, 200) << ended.body;
  EXPECT_EQ(Patch(end_path, staff_, {{"ended_on", "2027-02-01"}}).status, 409) << "ended already";
  EXPECT_EQ(Post("/api/v1/placements", staff_,
                 {{"need_id", n2}, {"foster_parent_id", fp}, {"started_on", "2027-02-01"}})
                .status,
            201)
      << "ending freed the place";
  EXPECT_EQ(Patch("/api/v1/needs/" + std::to_string(n2), staff_, {{"status", "open"}}).status, 409);
  EXPECT_EQ(BadFields(Patch("/api/v1/needs/" + std::to_string(OpenNeed("C-P-3")), staff_,
                            {{"status", "placed"}})),
            std::set<std::string>{"status"});
}

// Many writers at once, each on its own keep-alive connection: every write is answered 201 (never
// a 5xx from a busy database), lands exactly once and leaves exactly one audit entry.
TEST_P(RecordsApiTest, ManyConcurrentWritersAllLandOnceEachWithOneAuditEntry) {
  constexpr int kClients = 8, kWritesEach = 25;
  std::vector<std::future<std::vector<int>>> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.push_back(std::async(std::launch::async, [this] {
      HttpClient client(server_->port());
      std::vector<int> statuses;
      for (int i = 0; i < kWritesEach; ++i) {
        const std::string body = json::serialize(Household(agency1_id_));
        statuses.push_back(client.Request("POST", "/api/v1/foster-parents", agency1_, body).status);
      }
      return statuses;
    }));
  }
  int created = 0;
  for (auto& c : clients) {
    for (int status : c.get()) {
      EXPECT_EQ(status, 201);
      created += status == 201;
    }
  }
  EXPECT_EQ(created, kClients * kWritesEach);
  auto lease = db_->db().Acquire();
  int rows = 0, audited = 0, distinct_audited = 0;
  lease.session() << "SELECT COUNT(*) FROM foster_parents", soci::into(rows);
  lease.session() << "SELECT COUNT(*), COUNT(DISTINCT entity_id) FROM audit_log "
                     "WHERE action = 'create' AND entity = 'foster_parent'",
      soci::into(audited), soci::into(distinct_audited);
  EXPECT_EQ(rows, kClients * kWritesEach);
  EXPECT_EQ(audited, kClients * kWritesEach);
  EXPECT_EQ(distinct_audited, kClients * kWritesEach);
}

// Two placements into a home's last place, made to overlap for certain: a second connection
// holds the write (SQLite: the database's write lock; PostgreSQL: the home's row lock) until both
// requests have reached the handler and, on PostgreSQL, both wait on that row lock; then it lets
// go. Exactly one wins, the other gets 409. Without the row lock (tests/mutation) the PostgreSQL
// requests never wait and this test fails.
TEST_P(RecordsApiTest, ConcurrentPlacementsIntoTheLastPlaceLetExactlyOneWin) {
  using namespace std::chrono_literals;
  const bool pg = GetParam() == Engine::kPostgresql;
  // On PostgreSQL the service's connections carry a name, so the test can see them wait.
  const std::string app_name = "fm_race_" + std::to_string(::getpid());
  auto pool =
      storage::Database::Open(pg ? db_->url() + "&application_name=" + app_name : db_->url(), 4);
  usecases::Config config;
  config.today = [] { return kToday; };
  usecases::UseCases use_cases(*pool, config);
  api::App app(use_cases);
  std::mutex mu;
  std::condition_variable cv;
  int entered = 0;
  http::Server server(TestServer::DefaultOptions(), [&](http::Request& r) {
    if (r.path == "/api/v1/placements") {
      std::lock_guard lock(mu);
      ++entered;
      cv.notify_all();
    }
    return app.Handle(r);
  });
  server.Listen();
  std::thread runner([&] { server.Run(/*handle_signals=*/false); });
  auto holder_db = storage::Database::Open(db_->url(), 1);
  auto lock_waiters = [&] {
    auto lease = db_->db().Acquire();  // autocommit: a fresh view of pg_stat_activity each time
    long long n = 0;
    lease.session() << "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = :n "
                       "AND wait_event_type = 'Lock'",
        soci::use(app_name), soci::into(n);
    return n;
  };

  for (int round = 0; round < 2; ++round) {
    const int64_t fp = ReadyHousehold(agency1_id_, /*capacity=*/1);
    const int64_t a = OpenNeed("C-RACE-A" + std::to_string(round));
    const int64_t b = OpenNeed("C-RACE-B" + std::to_string(round));
    auto place = [&](int64_t need) {
      return HttpClient(server.port())
          .Request("POST", "/api/v1/placements", staff_,
                   json::serialize(json::object{
                       {"need_id", need}, {"foster_parent_id", fp}, {"started_on", "2026-12-01"}}))
          .status;
    };
    bool both_in_handler = false, both_waiting_on_the_lock = !pg;
    {
      auto holder = holder_db->Acquire();
      if (pg) {
        holder.session() << "BEGIN";
        int64_t locked = 0;
        holder.session() << "SELECT id FROM foster_parents WHERE id = :id FOR UPDATE",
            soci::use(fp), soci::into(locked);
      } else {
        holder.session() << "BEGIN IMMEDIATE";
      }
      {
        std::lock_guard lock(mu);
        entered = 0;
      }
      auto first = std::async(std::launch::async, place, a);
      auto second = std::async(std::launch::async, place, b);
      {
        std::unique_lock lock(mu);
        both_in_handler = cv.wait_for(lock, 10s, [&] { return entered == 2; });
      }
      // Neither can pass the held lock; on PostgreSQL wait (bounded) until both are queued on it.
      const auto deadline = std::chrono::steady_clock::now() + 5s;
      while (!both_waiting_on_the_lock && std::chrono::steady_clock::now() < deadline) {
        both_waiting_on_the_lock = lock_waiters() == 2;
        if (!both_waiting_on_the_lock) std::this_thread::sleep_for(5ms);
      }
      holder.session() << "ROLLBACK";  // both go on from the same point
      std::multiset<int> statuses{first.get(), second.get()};
      EXPECT_TRUE(both_in_handler) << "round " << round;
      EXPECT_TRUE(both_waiting_on_the_lock)
          << "round " << round << ": the placements did not wait on the home's row lock";
      EXPECT_EQ(statuses, (std::multiset<int>{201, 409})) << "round " << round;
    }
    auto home = client_->Get("/api/v1/foster-parents/" + std::to_string(fp), admin_).Json();
    EXPECT_EQ(home.at("current_children"), 0) << "the placement starts on 2026-12-01";
    EXPECT_EQ(
        Patch("/api/v1/foster-parents/" + std::to_string(fp), admin_, {{"capacity", 0}}).status,
        422)
        << "the committed place counts";
  }
  server.Stop();
  runner.join();
}

TEST_P(RecordsApiTest, NeedsAreScopedByRegionOrSharingAndEveryReadIsAudited) {
  const int64_t in_region = OpenNeed("C-S-1", "01105");  // agency 1 serves 01105
  const int64_t elsewhere = OpenNeed("C-S-2", "01102");  // agency 2's ward
  const int64_t shared = Created(Post("/api/v1/needs", staff_,
                                      {{"case_ref", "C-S-3"},
                                       {"region", "01102"},
                                       {"child", {{"age_years", 2}, {"sex", "male"}}},
                                       {"kind", "temporary"},
                                       {"earliest_start", "2026-12-01"},
                                       {"shared_with", {agency1_id_}}}));
  EXPECT_EQ(client_->Get("/api/v1/needs/" + std::to_string(in_region), agency1_).status, 200);
  EXPECT_EQ(client_->Get("/api/v1/needs/" + std::to_string(elsewhere), agency1_).status, 404);
  EXPECT_EQ(client_->Get("/api/v1/needs/" + std::to_string(shared), agency1_).status, 200);
  EXPECT_EQ(client_->Get("/api/v1/needs/" + std::to_string(shared), agency2_).status, 404)
      << "shared_with replaces the regional default";
  std::set<int64_t> listed;
  const json::value needs = client_->Get("/api/v1/needs", agency1_).Json();
  for (const auto& n : needs.at("items").as_array()) {
    listed.insert(n.at("id").as_int64());
  }
  EXPECT_EQ(listed, (std::set<int64_t>{in_region, shared}));
  EXPECT_EQ(Post("/api/v1/needs", agency1_, {{"case_ref", "C-X"}}).status, 403);

  auto audit =
      client_->Get("/api/v1/audit?entity=need&entity_id=" + std::to_string(shared), admin_).Json();
  int reads = 0;
  for (const auto& e : audit.at("items").as_array()) reads += e.at("action") == "read";
  EXPECT_EQ(reads, 2) << "one single read and one list; agency 2's refused read read nothing";
  EXPECT_EQ(client_->Get("/api/v1/audit", staff_).status, 403);
}

TEST_P(RecordsApiTest, EveryWriteIsInTheAuditLogWithItsActor) {
  const int64_t fp = Created(Post("/api/v1/foster-parents", agency1_, Household(agency1_id_)));
  Patch("/api/v1/foster-parents/" + std::to_string(fp), agency1_, {{"notes", "面談済み"}});
  auto entries =
      client_->Get("/api/v1/audit?entity=foster_parent&entity_id=" + std::to_string(fp), admin_)
          .Json()
          .at("items")
          .as_array();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].at("action"), "update");
  EXPECT_EQ(entries[1].at("action"), "create");
  EXPECT_TRUE(entries[0].at("actor").as_string().starts_with("token:"));
  auto page = client_->Get("/api/v1/audit?limit=1", admin_).Json();
  ASSERT_FALSE(page.at("next_cursor").is_null());
  auto next =
      client_
          ->Get("/api/v1/audit?limit=1&cursor=" + std::string(page.at("next_cursor").as_string()),
                admin_)
          .Json();
  EXPECT_LT(next.at("items").as_array()[0].at("id").as_int64(),
            page.at("items").as_array()[0].at("id").as_int64());
}

TEST_P(RecordsApiTest, RegionsAndAgenciesAreManagedByAdmins) {
  auto region = Post("/api/v1/regions", admin_,
                     {{"code", "01202"},
                      {"name_ja", "函館市"},
                      {"name_en", "Hakodate"},
                      {"lat", 41.7687},
                      {"lon", 140.7288}});
  ASSERT_EQ(region.status, 201) << region.body;
  EXPECT_EQ(client_->Get("/api/v1/regions", staff_).Json().at("items").as_array().size(), 11u);
  EXPECT_EQ(
      BadFields(Post("/api/v1/regions", admin_,
                     {{"code", "x"}, {"name_ja", "x"}, {"name_en", "x"}, {"lat", 91}, {"lon", 0}})),
      std::set<std::string>{"lat"});
  auto patched = Patch("/api/v1/agencies/" + std::to_string(agency2_id_), admin_,
                       {{"regions", {"01102", "01103"}}});
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.Json().at("regions").as_array().size(), 2u);
  EXPECT_EQ(BadFields(Patch("/api/v1/agencies/" + std::to_string(agency2_id_), admin_,
                            {{"regions", {"00000"}}})),
            std::set<std::string>{"regions"});
  EXPECT_EQ(client_->Get("/api/v1/agencies/999", admin_).status, 404);
}

TEST_P(RecordsApiTest, OpenApiDocumentsExactlyTheRegisteredRoutes) {
  auto r = client_->Get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  const json::object doc = r.Json().as_object();
  EXPECT_EQ(doc.at("openapi"), "3.1.0");
  std::set<std::string> documented;
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    for (const auto& [method, operation] : item.as_object()) {
      if (method == "parameters") continue;
      std::string upper(method);
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(upper + " " + std::string(path));
      EXPECT_TRUE(operation.as_object().contains("responses")) << upper << " " << path;
    }
  }
  std::set<std::string> registered;
  for (const auto& route : server_->app().router().Routes())
    registered.insert(route.method + " " + route.pattern);
  EXPECT_EQ(documented, registered);
}

INSTANTIATE_TEST_SUITE_P(Engines, RecordsApiTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace fostermatch
