#pragma once

// The API as a plain function, without a socket: a fresh database on one engine, the use cases
// over it with a fixed "today", and api::App whose Handle() the tests call with http::Request
// values they build themselves.

#include <soci/soci.h>

#include <boost/json.hpp>
#include <memory>
#include <optional>
#include <string>

#include "service/api/app.h"
#include "service/http/message.h"
#include "service/usecases/use_cases.h"
#include "tests/support/test_db.h"

namespace fostermatch::testing {

inline const matching::Date kFixedToday = matching::Date::FromYmd(2026, 11, 25);

// A request as the server would hand it to App::Handle: the query split off the path, the
// bearer token and the content type set.
http::Request MakeRequest(const std::string& method, const std::string& target,
                          const std::string& token = "", const std::string& body = "",
                          const std::string& content_type = "application/json");

// A database, the use cases and the App over it; regions loaded, two agencies (1: wards 01101
// and 01105, 2: ward 01102) and a token per role.
class AppFixture {
 public:
  explicit AppFixture(storage::Engine engine, size_t pool_size = 4);
  virtual ~AppFixture();

  http::Response Call(const std::string& method, const std::string& target,
                      const std::string& token, const boost::json::object& body = {});
  http::Response CallRaw(const std::string& method, const std::string& target,
                         const std::string& token, const std::string& body,
                         const std::string& content_type);
  static boost::json::value Json(const http::Response& r) { return boost::json::parse(r.body); }

  // A single number from a query on a leased session ("SELECT COUNT(*) FROM audit_log").
  long long Count(const std::string& sql);
  long long AuditRows() { return Count("SELECT COUNT(*) FROM audit_log"); }
  // Runs a statement on a leased session (triggers, settings).
  void Exec(const std::string& sql);

  // A household of `agency` in `region`, registered 2025-04-01, not yet trained.
  int64_t Household(int64_t agency, const std::string& region = "01101", int capacity = 2);
  // A household with the base courses and recent practical training: a candidate for a need in
  // its region for a child of 6.
  int64_t ReadyHousehold(int64_t agency, const std::string& region = "01101", int capacity = 2);
  void AddTraining(int64_t household, matching::Course course);
  // An open need for a girl of 6 in `region`, from 2026-12-01.
  int64_t OpenNeed(const std::string& case_ref, const std::string& region = "01101");

  storage::Engine engine() const { return engine_; }
  storage::Database& db() { return test_db_->db(); }
  usecases::UseCases& uc() { return *use_cases_; }
  api::App& app() { return *app_; }

 protected:
  storage::Engine engine_;
  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<usecases::UseCases> use_cases_;
  std::unique_ptr<api::App> app_;

 public:
  const usecases::Actor cli = usecases::Actor::Cli();
  int64_t agency1_id = 0, agency2_id = 0;
  std::string admin, staff, trainer, agency1, agency2;
};

}  // namespace fostermatch::testing
