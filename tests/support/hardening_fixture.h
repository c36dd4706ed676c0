#pragma once

// A server on a fresh database of either engine with two agencies, tokens of every role and
// helpers to send raw bodies: shared by the hardening and hostile-input API tests.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <memory>
#include <string>

#include "service/usecases/regions.h"
#include "tests/support/http_client.h"
#include "tests/support/test_db.h"
#include "tests/support/test_server.h"

namespace fostermatch::testing {

inline const matching::Date kHardeningToday = matching::Date::FromYmd(2026, 11, 25);

class HardeningFixture : public ::testing::TestWithParam<storage::Engine> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    usecases::SaveRegions(db_->db(), usecases::ParseRegionsCsv(usecases::DefaultRegionsCsv()));
    admin_ = IssueToken(db_->db(), matching::Role::kAdmin);
    usecases::Config config;
    config.today = [] { return kHardeningToday; };
    server_ = std::make_unique<TestServer>(db_->db(), config);
    client_ = std::make_unique<HttpClient>(server_->port());
    agency1_id_ = Created(Send("POST", "/api/v1/agencies", admin_,
                               R"({"name": "機関A", "regions": ["01101", "01105"]})"));
    agency2_id_ = Created(
        Send("POST", "/api/v1/agencies", admin_, R"({"name": "機関B", "regions": ["01102"]})"));
    staff_ = IssueToken(db_->db(), matching::Role::kStaff);
    trainer_ = IssueToken(db_->db(), matching::Role::kTrainer);
    agency1_ = IssueToken(db_->db(), matching::Role::kAgency, agency1_id_);
    agency2_ = IssueToken(db_->db(), matching::Role::kAgency, agency2_id_);
  }

  HttpResult Send(const std::string& method, const std::string& path, const std::string& token,
                  const std::string& body = "",
                  const std::string& content_type = "application/json") {
    return client_->Request(method, path, token, body, content_type);
  }
  static int64_t Created(const HttpResult& r) {
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.Json().at("id").as_int64() : 0;
  }
  static std::string HouseholdJson(int64_t agency, const std::string& registered_on = "2025-04-01",
                                   const std::string& region = "01101") {
    return R"({"agency_id": )" + std::to_string(agency) +
           R"(, "household_name": "佐藤家", "region": ")" + region +
           R"(", "types": ["foster"], "registered_on": ")" + registered_on +
           R"(", "capacity": 2, "accepts": {"age_min": 0, "age_max": 12, "max_siblings": 2}})";
  }
  int64_t Household(int64_t agency, const std::string& region = "01101") {
    return Created(Send("POST", "/api/v1/foster-parents", admin_,
                        HouseholdJson(agency, "2025-04-01", region)));
  }
  static std::string NeedJson(const std::string& ref, const std::string& start = "2026-12-01") {
    return R"({"case_ref": ")" + ref +
           R"(", "region": "01101", "child": {"age_years": 6, "sex": "female"}, )"
           R"("kind": "long_term", "earliest_start": ")" +
           start + R"("})";
  }
  int64_t OpenNeed(const std::string& ref) {
    return Created(Send("POST", "/api/v1/needs", staff_, NeedJson(ref)));
  }
  // Runs SQL on the database directly (to plant a row the API would refuse).
  void Sql(const std::string& sql) {
    auto lease = db_->db().Acquire();
    lease.session() << sql;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<HttpClient> client_;
  std::string admin_, staff_, trainer_, agency1_, agency2_;
  int64_t agency1_id_ = 0, agency2_id_ = 0;
};

}  // namespace fostermatch::testing
