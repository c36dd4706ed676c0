// Hostile input through the real server, on SQLite and PostgreSQL: every row is a request that
// must be refused with its 4xx, as application/problem+json that is valid JSON, and must leave
// the database exactly as it was.

#include <soci/soci.h>

#include "matching/text.h"
#include "tests/support/hardening_fixture.h"

namespace fostermatch {
namespace {

using storage::Engine;
using testing::HttpResult;

struct HostileRequest {
  const char* name;
  std::string method, path, body;
  int expected;
  std::string content_type = "application/json";
};

class HostileInputTest : public testing::HardeningFixture {
 protected:
  void SetUp() override {
    HardeningFixture::SetUp();
    fp_ = Household(agency1_id_);
    need_ = OpenNeed("C-HOSTILE-1");
  }

  // Every table's row count, and the last change time where a table keeps one: a refused
  // request must leave all of it (the audit log included) as it was.
  std::string Checksum() {
    static constexpr const char* kTables[] = {"regions",
                                              "region_travel_minutes",
                                              "agencies",
                                              "agency_regions",
                                              "foster_parents",
                                              "foster_parent_types",
                                              "foster_parent_accepted_needs",
                                              "trainings",
                                              "needs",
                                              "need_categories",
                                              "need_shared_with",
                                              "placements",
                                              "users",
                                              "api_tokens",
                                              "audit_log",
                                              "match_runs",
                                              "match_proposals"};
    static constexpr const char* kChanged[] = {"agencies", "foster_parents", "trainings", "needs",
                                               "placements"};
    auto lease = db_->db().Acquire();
    soci::session& s = lease.session();
    std::string out;
    for (const char* table : kTables) {
      int64_t n = 0;
      s << "SELECT COUNT(*) FROM " + std::string(table), soci::into(n);
      out += std::string(table) + "=" + std::to_string(n) + " ";
    }
    for (const char* table : kChanged) {
      std::string last;
      soci::indicator ind = soci::i_ok;
      s << "SELECT MAX(updated_at) FROM " + std::string(table), soci::into(last, ind);
      out += std::string(table) + "@" + (ind == soci::i_ok ? last : "-") + " ";
    }
    std::string regions;
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT code, name_ja, name_en FROM regions ORDER BY code");
    for (const auto& r : rows) {
      regions += r.get<std::string>(0) + r.get<std::string>(1) + r.get<std::string>(2);
    }
    return out + regions;
  }

  int64_t fp_ = 0, need_ = 0;
};

std::string HouseholdWith(const std::string& fields) {
  return R"({"agency_id": 1, "household_name": "佐藤家", "region": "01101", "types": ["foster"],
             "registered_on": "2025-04-01", "capacity": 2,
             "accepts": {"age_min": 0, "age_max": 12})" +
         fields + "}";
}

TEST_P(HostileInputTest, EveryHostileRequestIsRefusedCleanlyAndChangesNothing) {
  const std::string fp = std::to_string(fp_), need = std::to_string(need_);
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  const std::string long_name(100000, 'x');
  const std::vector<HostileRequest> table = {
      // Malformed JSON.
      {"truncated", "POST", "/api/v1/foster-parents", "{\"agency_id\": 1,", 400},
      {"not an object", "POST", "/api/v1/foster-parents", "[1, 2]", 400},
      {"trailing comma", "POST", "/api/v1/needs", R"({"case_ref": "A",})", 400},
      {"comment", "POST", "/api/v1/needs", R"({/* x */ "case_ref": "A"})", 400},
      {"two documents", "POST", "/api/v1/needs", "{} {}", 400},
      {"empty body", "POST", "/api/v1/needs", "", 400},
      {"bare string", "POST", "/api/v1/needs", "\"x\"", 400},
      // Wrong types.
      {"id as string", "POST", "/api/v1/foster-parents",
       R"({"agency_id": "1", "household_name": "a", "region": "01101", "types": ["foster"],
           "registered_on": "2025-04-01", "capacity": 2, "accepts": {"age_min": 0, "age_max": 12}})",
       422},
      {"types as string", "POST", "/api/v1/foster-parents",
       R"({"agency_id": 1, "household_name": "a", "region": "01101", "types": "foster",
           "registered_on": "2025-04-01", "capacity": 2, "accepts": {"age_min": 0, "age_max": 12}})",
       422},
      {"accepts as array", "PATCH", "/api/v1/foster-parents/" + fp, R"({"accepts": [0, 12]})", 422},
      {"null required", "PATCH", "/api/v1/needs/" + need, R"({"case_ref": null})", 422},
      {"bool as number", "PATCH", "/api/v1/needs/" + need, R"({"urgency": true})", 422},
      // Huge and odd numbers.
      {"huge integer", "PATCH", "/api/v1/foster-parents/" + fp,
       R"({"capacity": 99999999999999999999999999})", 422},
      {"huge exponent", "PATCH", "/api/v1/foster-parents/" + fp, R"({"capacity": 1e999})", 422},
      {"negative huge", "PATCH", "/api/v1/needs/" + need, R"({"urgency": -9223372036854775809})",
       422},
      {"fraction", "PATCH", "/api/v1/needs/" + need, R"({"siblings": 1.5})", 422},
      {"NaN literal", "PATCH", "/api/v1/needs/" + need, R"({"siblings": NaN})", 400},
      {"huge hours", "POST", "/api/v1/foster-parents/" + fp + "/trainings",
       R"({"course": "basic", "completed_on": "2025-01-10", "hours": 1e308})", 422},
      // Deep nesting.
      {"deep arrays", "POST", "/api/v1/needs", deep, 400},
      {"deep objects", "POST", "/api/v1/needs",
       [] {
         std::string s;
         for (int i = 0; i < 200; ++i) s += "{\"a\":";
         return s + "1" + std::string(200, '}');
       }(),
       400},
      // Invalid UTF-8, NUL bytes, control characters.
      {"invalid UTF-8", "POST", "/api/v1/foster-parents",
       HouseholdWith(", \"notes\": \"\xff\xfe\""), 400},
      {"Shift_JIS name", "POST", "/api/v1/foster-parents",
       R"({"agency_id": 1, "household_name": ")" + std::string("\x8D\xB2\x93\xA1") +
           R"(", "region": "01101"})",
       400},
      {"raw NUL byte", "PATCH", "/api/v1/needs/" + need,
       std::string("{\"case_ref\": \"a\0b\"}", 19), 400},
      {"escaped NUL", "PATCH", "/api/v1/foster-parents/" + fp, R"({"household_name": "a\u0000b"})",
       422},
      {"escape character", "PATCH", "/api/v1/foster-parents/" + fp, R"({"notes": "\u001b[31m"})",
       422},
      {"lone surrogate", "PATCH", "/api/v1/foster-parents/" + fp, R"({"notes": "\ud800"})", 400},
      // Overlong strings.
      {"overlong name", "PATCH", "/api/v1/foster-parents/" + fp,
       R"({"household_name": ")" + long_name + "\"}", 422},
      {"overlong case_ref", "PATCH", "/api/v1/needs/" + need,
       R"({"case_ref": ")" + long_name + "\"}", 422},
      {"overlong key", "PATCH", "/api/v1/needs/" + need, "{\"" + long_name + "\": 1}", 422},
      // SQL and HTML injection where a value is checked.
      {"SQL in case_ref", "PATCH", "/api/v1/needs/" + need,
       R"({"case_ref": "x'); DROP TABLE needs;--"})", 422},
      {"SQL in region", "PATCH", "/api/v1/foster-parents/" + fp,
       R"({"region": "01101' OR '1'='1"})", 422},
      {"SQL in enum", "PATCH", "/api/v1/needs/" + need, R"({"kind": "long_term' --"})", 422},
      {"SQL in limit", "GET", "/api/v1/foster-parents?limit=1;DROP%20TABLE%20needs", "", 422},
      {"SQL in cursor", "GET", "/api/v1/needs?cursor=%27%20OR%201%3D1", "", 422},
      {"HTML in enum", "GET", "/api/v1/foster-parents?status=%3Cscript%3Ealert(1)%3C/script%3E", "",
       422},
      {"HTML in case_ref", "POST", "/api/v1/needs",
       R"({"case_ref": "<img src=x onerror=alert(1)>", "region": "01101",
           "child": {"age_years": 6, "sex": "female"}, "kind": "long_term",
           "earliest_start": "2026-12-01"})",
       422},
      // Far and impossible dates.
      {"year 9995", "POST", "/api/v1/foster-parents",
       HouseholdWith("").replace(HouseholdWith("").find("2025-04-01"), 10, "9995-04-01"), 422},
      {"year 1", "PATCH", "/api/v1/needs/" + need, R"({"earliest_start": "0001-01-01"})", 422},
      {"expiry 10004", "PATCH", "/api/v1/foster-parents/" + fp,
       R"({"registration_expires_on": "10004-04-01"})", 422},
      {"Feb 30", "PATCH", "/api/v1/needs/" + need, R"({"earliest_start": "2026-02-30"})", 422},
      {"far placement", "POST", "/api/v1/placements",
       R"({"need_id": )" + need + R"(, "foster_parent_id": )" + fp +
           R"(, "started_on": "9999-12-31"})",
       422},
      {"far month", "POST", "/api/v1/match-runs", R"({"month": "9995-01"})", 422},
      {"far month read", "GET", "/api/v1/match-runs/9995-01", "", 422},
      {"far training", "POST", "/api/v1/foster-parents/" + fp + "/trainings",
       R"({"course": "basic", "completed_on": "2201-01-01", "hours": 1})", 422},
      // Path tricks.
      {"encoded slash", "GET", "/api/v1/needs/1%2f..", "", 404},
      {"dot dot", "GET", "/api/v1/needs/..", "", 404},
      {"dot dot up", "GET", "/api/v1/needs/../../../etc/passwd", "", 404},
      {"encoded dot dot", "PATCH", "/api/v1/needs/%2e%2e", R"({"urgency": 1})", 404},
      {"NUL in path", "GET", "/api/v1/needs/1%00", "", 400},
      {"invalid UTF-8 path", "GET", "/api/v1/foster-parents/%c0%af", "", 400},
      {"very long path", "GET", "/api/v1/needs/" + std::string(6000, '9'), "", 404},
      {"huge id", "PATCH", "/api/v1/needs/99999999999999999999", R"({"urgency": 1})", 404},
      {"negative id", "PATCH", "/api/v1/foster-parents/-1", R"({"capacity": 1})", 404},
      {"NUL in query", "GET", "/api/v1/foster-parents?region=%00", "", 400},
      {"invalid UTF-8 query", "GET", "/api/v1/foster-parents?region=%ff", "", 400},
      // Repeated keys.
      {"repeated key", "PATCH", "/api/v1/needs/" + need, R"({"urgency": 1, "urgency": 3})", 422},
      {"repeated nested key", "PATCH", "/api/v1/foster-parents/" + fp,
       R"({"accepts": {"age_min": 1, "age_min": 2}})", 422},
      // Content types and the CSV import.
      {"text/plain JSON", "POST", "/api/v1/needs", "{}", 415, "text/plain"},
      {"CSV without header", "POST", "/api/v1/trainings/import", "a,b\n1,2\n", 422, "text/csv"},
      {"CSV open quote", "POST", "/api/v1/trainings/import", "external_id\n\"x\n", 422, "text/csv"},
      {"CSV empty", "POST", "/api/v1/trainings/import", "", 422, "text/csv"},
      {"CSV as JSON", "POST", "/api/v1/trainings/import", "{}", 415},
  };
  for (const HostileRequest& row : table) {
    SCOPED_TRACE(row.name);
    const std::string before = Checksum();
    const HttpResult r = Send(row.method, row.path, admin_, row.body, row.content_type);
    EXPECT_EQ(r.status, row.expected) << r.body.substr(0, 500);
    EXPECT_LT(r.status, 500);
    EXPECT_EQ(r.headers.count("content-type") ? r.headers.at("content-type") : "",
              "application/problem+json");
    EXPECT_TRUE(matching::IsValidUtf8(r.body));
    EXPECT_NO_THROW(r.Json()) << r.body.substr(0, 500);
    EXPECT_EQ(Checksum(), before);
    // The server still answers after each one.
    ASSERT_EQ(Send("GET", "/healthz", "").status, 200);
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, HostileInputTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace fostermatch
