#include "tests/support/app_fixture.h"

#include "service/usecases/regions.h"

namespace fostermatch::testing {

using matching::Role;

http::Request MakeRequest(const std::string& method, const std::string& target,
                          const std::string& token, const std::string& body,
                          const std::string& content_type) {
  http::Request r;
  r.method = method;
  const size_t q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) {
    std::string rest = target.substr(q + 1);
    while (!rest.empty()) {
      const size_t amp = rest.find('&');
      const std::string pair = rest.substr(0, amp);
      const size_t eq = pair.find('=');
      r.query.emplace_back(pair.substr(0, eq), eq == std::string::npos ? "" : pair.substr(eq + 1));
      rest = amp == std::string::npos ? "" : rest.substr(amp + 1);
    }
  }
  if (!token.empty()) r.headers["authorization"] = "Bearer " + token;
  if (method != "GET") r.headers["content-type"] = content_type;
  r.body = body;
  r.from_loopback = true;
  return r;
}

AppFixture::AppFixture(storage::Engine engine, size_t pool_size)
    : engine_(engine), test_db_(std::make_unique<TestDatabase>(engine, pool_size)) {
  usecases::SaveRegions(db(), usecases::ParseRegionsCsv(usecases::DefaultRegionsCsv()));
  usecases::Config config;
  config.today = [] { return kFixedToday; };
  use_cases_ = std::make_unique<usecases::UseCases>(db(), config);
  app_ = std::make_unique<api::App>(*use_cases_);
  agency1_id =
      uc().reference.CreateAgency({"機関A", std::vector<std::string>{"01101", "01105"}}, cli).id;
  agency2_id = uc().reference.CreateAgency({"機関B", std::vector<std::string>{"01102"}}, cli).id;
  auto issue = [&](Role role, std::optional<int64_t> agency = std::nullopt) {
    return uc().access.IssueToken(role, agency, "test", cli).token;
  };
  admin = issue(Role::kAdmin);
  staff = issue(Role::kStaff);
  trainer = issue(Role::kTrainer);
  agency1 = issue(Role::kAgency, agency1_id);
  agency2 = issue(Role::kAgency, agency2_id);
}

AppFixture::~AppFixture() {
  app_.reset();
  use_cases_.reset();  // joins a match run still in the background
  test_db_.reset();
}

http::Response AppFixture::Call(const std::string& method, const std::string& target,
                                const std::string& token, const boost::json::object& body) {
  return CallRaw(method, target, token, method == "GET" ? "" : boost::json::serialize(body),
                 "application/json");
}

http::Response AppFixture::CallRaw(const std::string& method, const std::string& target,
                                   const std::string& token, const std::string& body,
                                   const std::string& content_type) {
  http::Request request = MakeRequest(method, target, token, body, content_type);
  return app_->Handle(request);
}

long long AppFixture::Count(const std::string& sql) {
  auto lease = db().Acquire();
  long long n = -1;
  lease.session() << sql, soci::into(n);
  return n;
}

void AppFixture::Exec(const std::string& sql) {
  auto lease = db().Acquire();
  lease.session() << sql;
}

int64_t AppFixture::Household(int64_t agency, const std::string& region, int capacity) {
  usecases::FosterParentChanges c;
  c.agency_id = agency;
  c.household_name = "佐藤家";
  c.region = region;
  c.types = matching::FosterTypes{matching::FosterType::kFoster};
  c.registered_on = matching::Date::FromYmd(2025, 4, 1);
  c.capacity = capacity;
  c.accepts.age_min = 0;
  c.accepts.age_max = 12;
  c.accepts.max_siblings = 2;
  return uc().households.Create(c, cli).parent.id;
}

void AppFixture::AddTraining(int64_t household, matching::Course course) {
  matching::Training t;
  t.foster_parent_id = household;
  t.course = course;
  t.completed_on = matching::Date::FromYmd(2025, 3, 1);
  t.hours = 6;
  uc().trainings.Add(t, cli);
}

int64_t AppFixture::ReadyHousehold(int64_t agency, const std::string& region, int capacity) {
  const int64_t id = Household(agency, region, capacity);
  for (auto course : {matching::Course::kBasic, matching::Course::kPreRegistration,
                      matching::Course::kPractical}) {
    AddTraining(id, course);
  }
  return id;
}

int64_t AppFixture::OpenNeed(const std::string& case_ref, const std::string& region) {
  usecases::NeedChanges c;
  c.case_ref = case_ref;
  c.region = region;
  c.child_age_years = 6;
  c.child_sex = matching::Sex::kFemale;
  c.kind = matching::NeedKind::kLongTerm;
  c.earliest_start = matching::Date::FromYmd(2026, 12, 1);
  return uc().needs.Create(c, cli).id;
}

}  // namespace fostermatch::testing
