// The admin pages through Pages::Handle, without a socket: sign-in, sessions, CSRF, back-off,
// roles and scope, escaping, forms, headers. The rules behind them are the use cases' (tested
// on both engines elsewhere), so these run on SQLite only.

#include "service/pages/pages.h"

#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "service/api/app.h"
#include "service/pages/site.h"
#include "service/usecases/regions.h"
#include "service/usecases/use_cases.h"
#include "tests/support/test_db.h"

namespace fostermatch {
namespace {

using matching::Role;
using pages::Clock;

const matching::Date kToday = matching::Date::FromYmd(2026, 11, 25);
constexpr const char* kPassword = "correct horse battery";

std::string HeaderOf(const http::Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

// The value the response sets for a cookie, if it sets one.
std::optional<std::string> SetCookie(const http::Response& r, const std::string& name,
                                     std::string* attributes = nullptr) {
  for (const auto& [k, v] : r.headers) {
    if (k != "Set-Cookie" || !v.starts_with(name + "=")) continue;
    const size_t semi = v.find(';');
    if (attributes) *attributes = v.substr(semi);
    return v.substr(name.size() + 1, semi - name.size() - 1);
  }
  return std::nullopt;
}

std::string Encode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

std::string Decode(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string FormBody(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) out += (out.empty() ? "" : "&") + Encode(k) + "=" + Encode(v);
  return out;
}

// The hidden CSRF field of the first form on a page.
std::string CsrfIn(const std::string& html) {
  std::smatch m;
  EXPECT_TRUE(std::regex_search(html, m, std::regex("name=\"csrf\" value=\"([^\"]+)\"")));
  return m.size() > 1 ? m[1].str() : "";
}

class PagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<testing::TestDatabase>(storage::Engine::kSqlite);
    usecases::SaveRegions(db_->db(), usecases::ParseRegionsCsv(usecases::DefaultRegionsCsv()));
    usecases::Config config;
    config.today = [] { return kToday; };
    uc_ = std::make_unique<usecases::UseCases>(db_->db(), config);
    const auto cli = usecases::Actor::Cli();
    agency1_ = uc_->reference.CreateAgency({"機関A", std::vector<std::string>{"01101"}}, cli).id;
    agency2_ = uc_->reference.CreateAgency({"機関B", std::vector<std::string>{"01102"}}, cli).id;
    uc_->access.AddUser("alice", kPassword, Role::kStaff, std::nullopt, cli);
    uc_->access.AddUser("root", kPassword, Role::kAdmin, std::nullopt, cli);
    uc_->access.AddUser("agent", kPassword, Role::kAgency, agency1_, cli);
    home1_ = AddHousehold(agency1_, "01101", "佐藤家");
    home2_ = AddHousehold(agency2_, "01102", "鈴木家");
    MakePages({});
  }

  void MakePages(pages::PagesOptions options) {
    options.now = [this] { return now_; };
    pages_ = std::make_unique<pages::Pages>(*uc_, options);
  }

  int64_t AddHousehold(int64_t agency, const std::string& region, const std::string& name) {
    usecases::FosterParentChanges c;
    c.agency_id = agency;
    c.household_name = name;
    c.region = region;
    c.types = matching::FosterTypes{matching::FosterType::kFoster};
    c.registered_on = matching::Date::FromYmd(2024, 4, 1);
    c.capacity = 2;
    return uc_->households.Create(c, usecases::Actor::Cli()).parent.id;
  }

  http::Response Send(const std::string& method, const std::string& target,
                      const std::string& cookie = "", const std::string& body = "",
                      std::map<std::string, std::string> headers = {}) {
    http::Request r;
    r.method = method;
    const size_t q = target.find('?');
    r.path = target.substr(0, q);
    if (q != std::string::npos) {
      std::string query = target.substr(q + 1);
      std::stringstream ss(query);
      std::string part;
      while (std::getline(ss, part, '&')) {
        const size_t eq = part.find('=');
        r.query.emplace_back(Decode(part.substr(0, eq)),
                             eq == std::string::npos ? "" : Decode(part.substr(eq + 1)));
      }
    }
    r.headers = std::move(headers);
    if (!cookie.empty()) r.headers["cookie"] = cookie;
    if (method == "POST") r.headers["content-type"] = "application/x-www-form-urlencoded";
    r.body = body;
    r.remote_address = remote_;
    return pages_->Handle(r);
  }

  // Logs in and returns the session cookie ("fm_session=…"), or "" if refused.
  std::string Login(const std::string& user, const std::string& password = kPassword,
                    http::Response* out = nullptr, std::map<std::string, std::string> headers = {},
                    const std::string& extra_cookie = "") {
    const auto page = Send("GET", "/admin/login");
    const auto token = SetCookie(page, "fm_login");
    EXPECT_TRUE(token);
    std::string cookie = "fm_login=" + token.value_or("");
    if (!extra_cookie.empty()) cookie += "; " + extra_cookie;
    auto r = Send("POST", "/admin/login", cookie,
                  FormBody({{"csrf", CsrfIn(page.body)},
                            {"username", user},
                            {"password", password},
                            {"next", "/admin/needs"}}),
                  headers);
    if (out) *out = r;
    auto session = SetCookie(r, "fm_session");
    return session && !session->empty() ? "fm_session=" + *session : "";
  }

  std::unique_ptr<testing::TestDatabase> db_;
  // An open need in 01101 for a girl of 5, and home 1 with its base courses done, so that it is a
  // candidate.
  matching::Need OpenNeedWithHome1Trained(const std::string& case_ref) {
    usecases::NeedChanges c;
    c.case_ref = case_ref;
    c.region = "01101";
    c.child_age_years = 5;
    c.child_sex = matching::Sex::kFemale;
    c.earliest_start = kToday;
    const auto need = uc_->needs.Create(c, usecases::Actor::Cli());
    for (auto course : {matching::Course::kBasic, matching::Course::kPreRegistration}) {
      matching::Training t;
      t.foster_parent_id = home1_;
      t.course = course;
      t.completed_on = matching::Date::FromYmd(2024, 3, 1);
      t.hours = 6;
      uc_->trainings.Add(t, usecases::Actor::Cli());
    }
    return need;
  }

  std::unique_ptr<usecases::UseCases> uc_;
  std::unique_ptr<pages::Pages> pages_;
  Clock::time_point now_ = Clock::time_point() + std::chrono::hours(1000);
  std::string remote_ = "192.0.2.7";
  int64_t agency1_ = 0, agency2_ = 0, home1_ = 0, home2_ = 0;
};

TEST_F(PagesTest, SignedOutRequestsGoToTheLoginPageAndBearerTokensAreNotLookedAt) {
  auto r = Send("GET", "/admin/foster-parents");
  EXPECT_EQ(r.status, 303);
  EXPECT_TRUE(HeaderOf(r, "Location").starts_with("/admin/login?next=%2Fadmin%2Ffoster-parents"));
  const auto token =
      uc_->access.IssueToken(Role::kAdmin, std::nullopt, "t", usecases::Actor::Cli());
  r = Send("GET", "/admin/foster-parents", "", "", {{"authorization", "Bearer " + token.token}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Send("GET", "/admin/login").status, 200);
}

TEST_F(PagesTest, LoginSetsAHardenedCookieAndANewSessionIdEveryTime) {
  http::Response r;
  const std::string first = Login("alice", kPassword, &r);
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(HeaderOf(r, "Location"), "/admin/needs");
  std::string attributes;
  SetCookie(r, "fm_session", &attributes);
  EXPECT_NE(attributes.find("HttpOnly"), std::string::npos);
  EXPECT_NE(attributes.find("SameSite=Strict"), std::string::npos);
  EXPECT_NE(attributes.find("Path=/admin"), std::string::npos);
  EXPECT_EQ(attributes.find("Secure"), std::string::npos);
  EXPECT_EQ(Send("GET", "/admin", first).status, 200);

  // Logging in again with the old cookie: a new id, and the old one is gone (no fixation).
  const std::string second = Login("alice", kPassword, &r, {{"x-forwarded-proto", "https"}}, first);
  ASSERT_FALSE(second.empty());
  EXPECT_NE(first, second);
  SetCookie(r, "fm_session", &attributes);
  EXPECT_NE(attributes.find("Secure"), std::string::npos) << "behind TLS the cookie is Secure";
  EXPECT_EQ(Send("GET", "/admin", first).status, 303);
  EXPECT_EQ(Send("GET", "/admin", second).status, 200);
}

TEST_F(PagesTest, WrongPasswordsAreRefusedAlikeAndAudited) {
  http::Response r;
  EXPECT_EQ(Login("alice", "wrong password!", &r), "");
  EXPECT_EQ(r.status, 401);
  EXPECT_NE(r.body.find("ユーザー名またはパスワードが正しくありません"), std::string::npos);
  EXPECT_EQ(Login("nobody", kPassword, &r), "");
  EXPECT_EQ(r.status, 401);
  model::AuditQuery q;
  q.entity = "user";
  const auto audit = uc_->audit.List(q, usecases::Actor::Cli());
  ASSERT_GE(audit.items.size(), 2u);
  EXPECT_EQ(audit.items[0].action, "login_failed");
  EXPECT_EQ(audit.items[0].entity_id, "nobody");
}

TEST_F(PagesTest, LoginFormWithoutItsCsrfCookieIsRefused) {
  const auto page = Send("GET", "/admin/login");
  auto r =
      Send("POST", "/admin/login", "",
           FormBody({{"csrf", CsrfIn(page.body)}, {"username", "alice"}, {"password", kPassword}}));
  EXPECT_EQ(r.status, 403);
  EXPECT_FALSE(SetCookie(r, "fm_session"));
}

TEST_F(PagesTest, RepeatedFailuresBackOffPerUsernameThenPerAddress) {
  pages::PagesOptions options;
  options.per_user.free_failures = 3;
  options.per_address.free_failures = 5;
  MakePages(options);
  http::Response r;
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Login("alice", "wrong password!", &r), "");
  EXPECT_EQ(r.status, 401);
  // Past the free failures even the right password waits, with Retry-After.
  EXPECT_EQ(Login("alice", kPassword, &r), "");
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(HeaderOf(r, "Retry-After").empty());
  now_ += std::chrono::minutes(16);
  EXPECT_NE(Login("alice", kPassword, &r), "") << "the wait ends";

  // One address trying many usernames is held back as well.
  for (int i = 0; i < 5; ++i) Login("user" + std::to_string(i), "wrong password!");
  EXPECT_EQ(Login("root", kPassword, &r), "");
  EXPECT_EQ(r.status, 429);
}

TEST_F(PagesTest, BehindALocalProxyTheBackOffCountsTheForwardedAddress) {
  pages::PagesOptions options;
  options.per_address.free_failures = 2;
  MakePages(options);
  remote_ = "127.0.0.1";
  http::Response r;
  for (int i = 0; i < 2; ++i) {
    Login("user" + std::to_string(i), "wrong password!", &r, {{"x-forwarded-for", "198.51.100.1"}});
  }
  Login("root", kPassword, &r, {{"x-forwarded-for", "198.51.100.1"}});
  EXPECT_EQ(r.status, 429);
  EXPECT_NE(Login("root", kPassword, &r, {{"x-forwarded-for", "198.51.100.2"}}), "")
      << "another client behind the same proxy";
}

TEST_F(PagesTest, PostWithoutTheSessionCsrfTokenChangesNothing) {
  const std::string cookie = Login("alice");
  const auto form = Send("GET", "/admin/needs/new", cookie);
  ASSERT_EQ(form.status, 200);
  std::vector<std::pair<std::string, std::string>> fields = {
      {"case_ref", "C-2026-001"}, {"region", "01101"},
      {"child.age_years", "7"},   {"child.sex", "female"},
      {"siblings", "1"},          {"kind", "long_term"},
      {"urgency", "2"},           {"earliest_start", "2026-12-01"}};
  auto r = Send("POST", "/admin/needs", cookie, FormBody(fields));
  EXPECT_EQ(r.status, 403);
  fields.emplace_back("csrf", "fm_forged");
  EXPECT_EQ(Send("POST", "/admin/needs", cookie, FormBody(fields)).status, 403);
  EXPECT_TRUE(uc_->needs.List({}, usecases::Actor::Cli()).items.empty());

  fields.back().second = CsrfIn(form.body);
  r = Send("POST", "/admin/needs", cookie, FormBody(fields));
  EXPECT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(uc_->needs.List({}, usecases::Actor::Cli()).items.size(), 1u);
}

TEST_F(PagesTest, SessionsEndWhenIdleForThirtyMinutesOrAfterTwelveHours) {
  std::string cookie = Login("alice");
  now_ += std::chrono::minutes(29);
  EXPECT_EQ(Send("GET", "/admin", cookie).status, 200);
  now_ += std::chrono::minutes(31);
  EXPECT_EQ(Send("GET", "/admin", cookie).status, 303) << "idle";

  cookie = Login("alice");
  for (int i = 0; i < 24; ++i) {
    now_ += std::chrono::minutes(29);
    ASSERT_EQ(Send("GET", "/admin", cookie).status, 200) << i;
  }
  now_ += std::chrono::minutes(29);  // 12 h 5 min after login, never idle for long
  EXPECT_EQ(Send("GET", "/admin", cookie).status, 303) << "absolute";
}

TEST_F(PagesTest, ASessionIsSharedByEveryServerOnTheDatabase) {
  const std::string cookie = Login("alice");
  // A second server process on the same database: another Pages and another UseCases.
  usecases::Config config;
  config.today = [] { return kToday; };
  usecases::UseCases other_uc(db_->db(), config);
  pages::PagesOptions options;
  options.now = [this] { return now_; };
  pages::Pages other(other_uc, options);
  http::Request r;
  r.method = "GET";
  r.path = "/admin/needs";
  r.headers["cookie"] = cookie;
  EXPECT_EQ(other.Handle(r).status, 200);
}

TEST_F(PagesTest, LogoutEndsTheSessionAndNeedsTheToken) {
  const std::string cookie = Login("alice");
  EXPECT_EQ(Send("POST", "/admin/logout", cookie, "csrf=nope").status, 403);
  EXPECT_EQ(Send("GET", "/admin", cookie).status, 200);
  const std::string csrf = CsrfIn(Send("GET", "/admin", cookie).body);
  auto r = Send("POST", "/admin/logout", cookie, FormBody({{"csrf", csrf}}));
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(Send("GET", "/admin", cookie).status, 303);
  model::AuditQuery q;
  q.entity = "user";
  EXPECT_EQ(uc_->audit.List(q, usecases::Actor::Cli()).items.at(0).action, "logout");
}

TEST_F(PagesTest, EveryValueIsEscaped) {
  const int64_t id = AddHousehold(agency1_, "01101", "<script>alert(\"x\")</script>&'");
  const std::string cookie = Login("alice");
  for (const std::string& path :
       {"/admin/foster-parents/" + std::to_string(id), std::string("/admin/foster-parents")}) {
    const auto r = Send("GET", path, cookie);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body.find("<script>"), std::string::npos) << path;
    EXPECT_NE(r.body.find("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&apos;"),
              std::string::npos)
        << path;
  }
  // A query value comes back escaped too.
  const auto r = Send("GET", "/admin/audit?actor=%22%3E%3Cb%3E", Login("root"));
  EXPECT_EQ(r.body.find("\"><b>"), std::string::npos);
}

TEST_F(PagesTest, PagesCarryTheSecurityHeaders) {
  const auto r = Send("GET", "/admin", Login("alice"));
  const std::string csp = HeaderOf(r, "Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(HeaderOf(r, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-store");
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(r.body.find("<script"), std::string::npos) << "no script at all";
}

TEST_F(PagesTest, AnAgencyUserSeesExactlyItsApiScope) {
  const std::string cookie = Login("agent");
  auto r = Send("GET", "/admin/foster-parents", cookie);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("佐藤家"), std::string::npos);
  EXPECT_EQ(r.body.find("鈴木家"), std::string::npos);
  EXPECT_EQ(Send("GET", "/admin/foster-parents/" + std::to_string(home2_), cookie).status, 404);
  EXPECT_EQ(Send("GET", "/admin/foster-parents/" + std::to_string(home1_), cookie).status, 200);
  EXPECT_EQ(Send("GET", "/admin/foster-parents?agency=" + std::to_string(agency2_), cookie).status,
            403);
  const auto csv = Send("GET", "/admin/foster-parents.csv", cookie);
  EXPECT_TRUE(csv.body.starts_with("\xEF\xBB\xBF"));
  EXPECT_EQ(csv.body.find("鈴木家"), std::string::npos);
  EXPECT_EQ(Send("GET", "/admin/needs/new", cookie).status, 403) << "needs are the center's";
  EXPECT_EQ(Send("GET", "/admin/audit", cookie).status, 403);
}

TEST_F(PagesTest, StaffMayNotReadTheAuditLogOrTokens) {
  const std::string cookie = Login("alice");
  EXPECT_EQ(Send("GET", "/admin/audit", cookie).status, 403);
  EXPECT_EQ(Send("GET", "/admin/tokens", cookie).status, 403);
  EXPECT_EQ(Send("GET", "/admin/audit", Login("root")).status, 200);
}

TEST_F(PagesTest, AnInvalidFormShowsJapaneseMessagesByFieldAndAValidOneIsAuditedLikeTheApi) {
  const std::string cookie = Login("alice");
  const std::string csrf = CsrfIn(Send("GET", "/admin/foster-parents/new", cookie).body);
  std::vector<std::pair<std::string, std::string>> fields = {
      {"csrf", csrf},
      {"household_name", ""},
      {"agency_id", std::to_string(agency1_)},
      {"region", "01101"},
      {"types", "foster"},
      {"registered_on", "2026-02-30"},
      {"capacity", "9"},
      {"own_children", "0"},
      {"accepts.age_min", "0"},
      {"accepts.age_max", "12"},
      {"accepts.sexes", "female"},
      {"accepts.max_siblings", "1"}};
  auto r = Send("POST", "/admin/foster-parents", cookie, FormBody(fields));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("日付をYYYY-MM-DDの形式で入力してください"), std::string::npos);
  EXPECT_NE(r.body.find("id=\"f-registered_on-error\""), std::string::npos);
  fields[5].second = "2026-02-01";
  r = Send("POST", "/admin/foster-parents", cookie, FormBody(fields));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-household_name-error\""), std::string::npos);
  EXPECT_NE(r.body.find("id=\"f-capacity-error\""), std::string::npos);
  EXPECT_NE(r.body.find("0〜4の範囲で入力してください"), std::string::npos);
  EXPECT_NE(r.body.find("aria-invalid=\"true\""), std::string::npos);

  fields[1].second = "高橋家";
  fields[6].second = "2";
  r = Send("POST", "/admin/foster-parents", cookie, FormBody(fields));
  ASSERT_EQ(r.status, 303) << r.body;
  const std::string location = HeaderOf(r, "Location");
  const std::string id =
      location.substr(std::string("/admin/foster-parents/").size(),
                      location.find('?') - std::string("/admin/foster-parents/").size());
  model::AuditQuery q;
  q.entity = "foster_parent";
  q.entity_id = id;
  const auto audit = uc_->audit.List(q, usecases::Actor::Cli());
  ASSERT_EQ(audit.items.size(), 1u);
  EXPECT_EQ(audit.items[0].action, "create");
  EXPECT_EQ(audit.items[0].actor, "user:alice");
  EXPECT_NE(Send("GET", location, cookie).body.find("高橋家"), std::string::npos);
}

TEST_F(PagesTest, TheEditFormStartsFromTheRecordAndSavesAChange) {
  const std::string cookie = Login("agent");
  const std::string path = "/admin/foster-parents/" + std::to_string(home1_);
  const auto form = Send("GET", path + "/edit", cookie);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("value=\"佐藤家\""), std::string::npos);
  EXPECT_NE(form.body.find("value=\"2024-04-01\""), std::string::npos);
  auto r = Send("POST", path, cookie,
                FormBody({{"csrf", CsrfIn(form.body)},
                          {"household_name", "佐藤家"},
                          {"agency_id", std::to_string(agency1_)},
                          {"region", "01101"},
                          {"types", "foster"},
                          {"status", "suspended"},
                          {"registered_on", "2024-04-01"},
                          {"registration_expires_on", "2029-03-31"},
                          {"capacity", "3"},
                          {"own_children", "1"},
                          {"accepts.age_min", "2"},
                          {"accepts.age_max", "10"},
                          {"accepts.sexes", "male"},
                          {"accepts.max_siblings", "2"},
                          {"accepts.needs", "infant"},
                          {"notes", "週末に面会可"}}));
  ASSERT_EQ(r.status, 303) << r.body;
  const auto v = uc_->households.Get(home1_, usecases::Actor::Cli());
  EXPECT_EQ(v.parent.status, matching::ParentStatus::kSuspended);
  EXPECT_EQ(v.parent.capacity, 3);
  EXPECT_EQ(v.parent.accepts.sexes, matching::Sexes{matching::Sex::kMale});
  EXPECT_TRUE(v.parent.accepts.needs.Has(matching::NeedCategory::kInfant));
  EXPECT_EQ(v.parent.notes, "週末に面会可");
  // The agency may not move its household to another agency: the use case says no.
  r = Send("POST", path, cookie,
           FormBody({{"csrf", CsrfIn(form.body)},
                     {"household_name", "佐藤家"},
                     {"agency_id", std::to_string(agency2_)},
                     {"region", "01101"},
                     {"types", "foster"},
                     {"status", "active"},
                     {"registered_on", "2024-04-01"},
                     {"capacity", "1"},
                     {"own_children", "0"},
                     {"accepts.age_min", "0"},
                     {"accepts.age_max", "17"},
                     {"accepts.sexes", "male"},
                     {"accepts.max_siblings", "1"}}));
  EXPECT_EQ(r.status, 403);
}

TEST_F(PagesTest, ALanguageChoiceIsRememberedAndItsRedirectStaysOnTheSite) {
  auto r = Send("GET", "/admin/lang?to=en&back=%2Fadmin%2Fneeds");
  std::string attributes;
  EXPECT_EQ(SetCookie(r, "fm_lang", &attributes), "en");
  EXPECT_NE(attributes.find("Max-Age="), std::string::npos);
  EXPECT_EQ(HeaderOf(r, "Location"), "/admin/needs");
  const std::string cookie = Login("alice") + "; fm_lang=en";
  const auto page = Send("GET", "/admin/needs", cookie);
  EXPECT_NE(page.body.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(page.body.find("Placement needs"), std::string::npos);
  EXPECT_EQ(HeaderOf(Send("GET", "/admin/lang?to=ja&back=https://evil.example/"), "Location"),
            "/admin");
  EXPECT_EQ(HeaderOf(Send("GET", "/admin/lang?to=ja&back=//evil.example/admin"), "Location"),
            "/admin");
}

TEST_F(PagesTest, APlacementRecordedFromACandidateMovesTheNeedAndTheDashboard) {
  const std::string cookie = Login("alice");
  const auto need = OpenNeedWithHome1Trained("C-1");
  const std::string base = "/admin/needs/" + std::to_string(need.id);
  const auto candidates = Send("GET", base + "/candidates", cookie);
  ASSERT_EQ(candidates.status, 200);
  EXPECT_NE(candidates.body.find("佐藤家"), std::string::npos);
  const std::string place = base + "/placements/new?foster_parent_id=" + std::to_string(home1_);
  EXPECT_NE(candidates.body.find(place), std::string::npos);
  const auto confirm = Send("GET", place, cookie);
  ASSERT_EQ(confirm.status, 200);
  auto r = Send("POST", base + "/placements", cookie,
                FormBody({{"csrf", CsrfIn(confirm.body)},
                          {"foster_parent_id", std::to_string(home1_)},
                          {"started_on", kToday.ToString()}}));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(uc_->needs.Get(need.id, usecases::Actor::Cli()).status, matching::NeedStatus::kPlaced);
  EXPECT_NE(Send("GET", "/admin/foster-parents/" + std::to_string(home1_), cookie)
                .body.find("href=\"" + base + "\""),
            std::string::npos)
      << "the household's placement history";
  EXPECT_NE(Send("GET", "/admin", cookie).body.find("50.0%"), std::string::npos)
      << "one of the two households now has a child";
  // The same placement again is a conflict, shown as a page.
  r = Send("POST", base + "/placements", cookie,
           FormBody({{"csrf", CsrfIn(confirm.body)},
                     {"foster_parent_id", std::to_string(home1_)},
                     {"started_on", kToday.ToString()}}));
  EXPECT_EQ(r.status, 409);
}

TEST_F(PagesTest, OnlyTheAdminStartsAMatchRunAndItsReportOpens) {
  const std::string staff = Login("alice");
  const std::string csrf = CsrfIn(Send("GET", "/admin/match-runs", staff).body);
  EXPECT_EQ(
      Send("POST", "/admin/match-runs", staff, FormBody({{"csrf", csrf}, {"month", "2026-11"}}))
          .status,
      403);
  const std::string admin = Login("root");
  const std::string admin_csrf = CsrfIn(Send("GET", "/admin/match-runs", admin).body);
  auto r = Send("POST", "/admin/match-runs", admin,
                FormBody({{"csrf", admin_csrf}, {"month", "2026-10"}}));
  EXPECT_EQ(r.status, 422) << "a month that has passed";
  EXPECT_NE(r.body.find("過ぎた月"), std::string::npos);
  r = Send("POST", "/admin/match-runs", admin,
           FormBody({{"csrf", admin_csrf}, {"month", "2026-11"}}));
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(HeaderOf(r, "Location"), "/admin/match-runs/2026-11");
  for (int i = 0; i < 200; ++i) {
    if (uc_->match_runs.Status("2026-11", usecases::Actor::Cli()).state != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  r = Send("GET", "/admin/match-runs/2026-11", staff);
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("完了"), std::string::npos);
  EXPECT_NE(r.body.find("機関A"), std::string::npos);
}

TEST_F(PagesTest, APlacementEndsFromTheHouseholdAfterAConfirmation) {
  usecases::NeedChanges c;
  c.case_ref = "C-END";
  c.region = "01101";
  c.child_age_years = 5;
  c.child_sex = matching::Sex::kFemale;
  c.earliest_start = kToday;
  const auto need = uc_->needs.Create(c, usecases::Actor::Cli());
  for (auto course : {matching::Course::kBasic, matching::Course::kPreRegistration}) {
    matching::Training t;
    t.foster_parent_id = home1_;
    t.course = course;
    t.completed_on = matching::Date::FromYmd(2024, 3, 1);
    t.hours = 6;
    uc_->trainings.Add(t, usecases::Actor::Cli());
  }
  const auto placement = uc_->placements.Record(
      need.id, home1_, matching::Date::FromYmd(2026, 11, 1), usecases::Actor::Cli());
  const std::string home = "/admin/foster-parents/" + std::to_string(home1_);
  const std::string end = home + "/placements/" + std::to_string(placement.id) + "/end";

  // Case work reads the household but may not end its placement.
  const std::string agent = Login("agent");
  auto r = Send("GET", home, agent);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find(end), std::string::npos);
  EXPECT_EQ(Send("GET", end, agent).status, 403);
  EXPECT_EQ(Send("POST", end, agent,
                 FormBody({{"csrf", CsrfIn(r.body)}, {"ended_on", "2026-11-20"}, {"confirm", "1"}}))
                .status,
            403);

  const std::string staff = Login("alice");
  r = Send("GET", home, staff);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("href=\"" + end + "\""), std::string::npos);
  // Another household's path does not reach this placement.
  EXPECT_EQ(Send("GET",
                 "/admin/foster-parents/" + std::to_string(home2_) + "/placements/" +
                     std::to_string(placement.id) + "/end",
                 staff)
                .status,
            404);
  const auto confirm = Send("GET", end, staff);
  ASSERT_EQ(confirm.status, 200);
  EXPECT_NE(confirm.body.find("取り消しはできません"), std::string::npos);
  EXPECT_NE(confirm.body.find("value=\"" + kToday.ToString() + "\""), std::string::npos);
  const std::string csrf = CsrfIn(confirm.body);
  // Without the session's token, or without the box ticked, nothing ends.
  EXPECT_EQ(
      Send("POST", end, staff, FormBody({{"ended_on", "2026-11-20"}, {"confirm", "1"}})).status,
      403);
  r = Send("POST", end, staff, FormBody({{"csrf", csrf}, {"ended_on", "2026-11-20"}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("f-confirm-error"), std::string::npos);
  // Before the start: the use case's message, on the field.
  r = Send("POST", end, staff,
           FormBody({{"csrf", csrf}, {"ended_on", "2026-10-01"}, {"confirm", "1"}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("f-ended_on-error"), std::string::npos);
  EXPECT_FALSE(uc_->placements.ListForHousehold(home1_, usecases::Actor::Cli())[0].ended_on);

  r = Send(
      "POST", end, staff,
      FormBody(
          {{"csrf", csrf}, {"ended_on", "2026-11-20"}, {"outcome", "家庭復帰"}, {"confirm", "1"}}));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(HeaderOf(r, "Location"), home + "?ended=1");
  const auto after = uc_->placements.ListForHousehold(home1_, usecases::Actor::Cli());
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].ended_on, matching::Date::FromYmd(2026, 11, 20));
  EXPECT_EQ(after[0].outcome, "家庭復帰");
  r = Send("GET", home + "?ended=1", staff);
  EXPECT_NE(r.body.find("委託の終了を記録しました"), std::string::npos);
  EXPECT_EQ(r.body.find(end), std::string::npos) << "an ended placement offers no end";
  EXPECT_EQ(Send("GET", end, staff).status, 409);
  // Audited like the API's end.
  model::AuditQuery q;
  q.entity = "placement";
  bool audited = false;
  for (const auto& e : uc_->audit.List(q, usecases::Actor::Cli()).items) {
    audited = audited || (e.action == "end" && e.actor == "user:alice");
  }
  EXPECT_TRUE(audited);
}

TEST_F(PagesTest, StoredRunsAreListedAndTheirReportsDownloadAnAgencyGettingOnlyItsPart) {
  const std::string staff = Login("alice");
  auto r = Send("GET", "/admin/match-runs", staff);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("保存されたマッチング結果はまだありません"), std::string::npos);
  uc_->match_runs.Run({"2026-11"}, usecases::Actor::Cli());
  r = Send("GET", "/admin/match-runs", staff);
  EXPECT_NE(r.body.find("href=\"/admin/match-runs/2026-11\">2026-11</a>"), std::string::npos);
  r = Send("GET", "/admin/match-runs/2026-11", staff);
  EXPECT_NE(r.body.find("href=\"/admin/match-runs/2026-11/report\""), std::string::npos);
  const std::string csv1 =
      "/admin/match-runs/2026-11/agencies/" + std::to_string(agency1_) + "/csv";
  const std::string csv2 =
      "/admin/match-runs/2026-11/agencies/" + std::to_string(agency2_) + "/csv";
  EXPECT_NE(r.body.find("href=\"" + csv1 + "\""), std::string::npos);

  r = Send("GET", "/admin/match-runs/2026-11/report", staff);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(HeaderOf(r, "Content-Disposition"), "attachment; filename=\"match-run-2026-11.html\"");
  EXPECT_NE(r.body.find("機関A"), std::string::npos);
  EXPECT_NE(r.body.find("機関B"), std::string::npos);
  r = Send("GET", csv2, staff);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/csv; charset=utf-8");
  EXPECT_TRUE(r.body.starts_with("\xEF\xBB\xBF"));
  EXPECT_EQ(Send("GET", "/admin/match-runs/2026-11/agencies/999/csv", staff).status, 404);
  EXPECT_EQ(Send("GET", "/admin/match-runs/2026-10/report", staff).status, 404);

  const std::string agent = Login("agent");
  r = Send("GET", "/admin/match-runs", agent);
  EXPECT_NE(r.body.find("href=\"/admin/match-runs/2026-11\">2026-11</a>"), std::string::npos);
  r = Send("GET", "/admin/match-runs/2026-11", agent);
  EXPECT_NE(r.body.find("href=\"" + csv1 + "\""), std::string::npos);
  EXPECT_EQ(r.body.find(csv2), std::string::npos);
  EXPECT_EQ(Send("GET", csv1, agent).status, 200);
  EXPECT_EQ(Send("GET", csv2, agent).status, 404) << "another agency's part";
  r = Send("GET", "/admin/match-runs/2026-11/report", agent);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("機関A"), std::string::npos);
  EXPECT_EQ(r.body.find("機関B"), std::string::npos) << "only its own part";
}

TEST_F(PagesTest, TheAdminAddsAndEditsAgenciesThroughReferenceData) {
  EXPECT_EQ(Send("GET", "/admin/agencies", Login("alice")).status, 403);
  const std::string admin = Login("root");
  auto r = Send("GET", "/admin/agencies", admin);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("機関A"), std::string::npos);
  EXPECT_NE(r.body.find("<label for=\"f-regions-01101\">"), std::string::npos);
  const std::string csrf = CsrfIn(r.body);
  r = Send("POST", "/admin/agencies", admin, FormBody({{"csrf", csrf}, {"regions", "01101"}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("f-name-error"), std::string::npos);
  r = Send(
      "POST", "/admin/agencies", admin,
      FormBody({{"csrf", csrf}, {"name", "機関<C>"}, {"regions", "01101"}, {"regions", "01102"}}));
  ASSERT_EQ(r.status, 303) << r.body;
  const auto all = uc_->reference.ListAgencies(usecases::Actor::Cli());
  ASSERT_EQ(all.size(), 3u);
  const auto& created = all.back();
  EXPECT_EQ(created.name, "機関<C>");
  EXPECT_EQ(created.regions, (std::vector<std::string>{"01101", "01102"}));
  EXPECT_NE(Send("GET", "/admin/agencies?saved=1", admin).body.find("機関&lt;C&gt;"),
            std::string::npos);

  const std::string edit = "/admin/agencies/" + std::to_string(created.id);
  r = Send("GET", edit + "/edit", admin);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("id=\"f-regions-01102\" name=\"regions\" value=\"01102\" checked"),
            std::string::npos);
  r = Send("POST", edit, admin,
           FormBody({{"csrf", csrf}, {"name", "機関C"}, {"regions", "09999"}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("f-regions-error"), std::string::npos);
  r = Send("POST", edit, admin,
           FormBody({{"csrf", csrf}, {"name", "機関C"}, {"regions", "01103"}}));
  ASSERT_EQ(r.status, 303) << r.body;
  const auto changed = uc_->reference.GetAgency(created.id, usecases::Actor::Cli());
  EXPECT_EQ(changed.name, "機関C");
  EXPECT_EQ(changed.regions, (std::vector<std::string>{"01103"}));
  EXPECT_EQ(Send("GET", "/admin/agencies/999/edit", admin).status, 404);
}

TEST_F(PagesTest, TheAdminAddsAUserWithAPasswordTypedTwice) {
  EXPECT_EQ(Send("GET", "/admin/users", Login("alice")).status, 403);
  const std::string admin = Login("root");
  auto r = Send("GET", "/admin/users", admin);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find(">agent<"), std::string::npos);
  EXPECT_EQ(r.body.find("$argon2"), std::string::npos);
  const std::string csrf = CsrfIn(r.body);
  const std::string other = "another long passphrase";
  r = Send("POST", "/admin/users", admin,
           FormBody({{"csrf", csrf},
                     {"username", "mirai"},
                     {"password", other},
                     {"password_again", other + "!"},
                     {"role", "agency"},
                     {"agency_id", std::to_string(agency2_)}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("確認用のパスワードが一致しません"), std::string::npos);
  EXPECT_EQ(r.body.find(other), std::string::npos) << "a password is never sent back";
  EXPECT_NE(r.body.find("value=\"mirai\""), std::string::npos);
  r = Send("POST", "/admin/users", admin,
           FormBody({{"csrf", csrf},
                     {"username", "mirai"},
                     {"password", "short"},
                     {"password_again", "short"},
                     {"role", "agency"},
                     {"agency_id", std::to_string(agency2_)}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("12文字以上"), std::string::npos);
  r = Send("POST", "/admin/users", admin,
           FormBody({{"csrf", csrf},
                     {"username", "alice"},
                     {"password", other},
                     {"password_again", other},
                     {"role", "staff"}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("既に使われています"), std::string::npos);
  r = Send("POST", "/admin/users", admin,
           FormBody({{"csrf", csrf},
                     {"username", "mirai"},
                     {"password", other},
                     {"password_again", other},
                     {"role", "agency"},
                     {"agency_id", std::to_string(agency2_)}}));
  ASSERT_EQ(r.status, 303) << r.body;
  EXPECT_EQ(HeaderOf(r, "Location"), "/admin/users?added=1");
  const auto actor = uc_->access.Login("mirai", other);
  ASSERT_TRUE(actor);
  EXPECT_EQ(actor->role, Role::kAgency);
  EXPECT_EQ(actor->agency_id, agency2_);
  EXPECT_NE(Send("GET", "/admin/users?added=1", admin).body.find(">mirai<"), std::string::npos);
}

TEST_F(PagesTest, TheDashboardCountsWhatFallsDueAndChartsTheRateOfStoredRuns) {
  const std::string staff = Login("alice");
  auto r = Send("GET", "/admin", staff);
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("data-testid=\"expiring-90\""), std::string::npos);
  EXPECT_NE(r.body.find("data-testid=\"renewal-due-90\""), std::string::npos);
  EXPECT_EQ(r.body.find("month-bar"), std::string::npos);
  // A household whose registration ends within 90 days of today.
  usecases::FosterParentChanges c;
  c.agency_id = agency1_;
  c.household_name = "高橋家";
  c.region = "01101";
  c.types = matching::FosterTypes{matching::FosterType::kFoster};
  c.registered_on = matching::Date::FromYmd(2022, 1, 1);
  c.registration_expires_on = matching::Date::FromYmd(2027, 1, 10);
  c.capacity = 1;
  uc_->households.Create(c, usecases::Actor::Cli());
  const auto o = uc_->dashboard.Get(usecases::Actor::Cli());
  EXPECT_GE(o.statistics.registrations_expiring_within_90_days, 1);
  uc_->match_runs.Run({"2026-11"}, usecases::Actor::Cli());
  uc_->match_runs.Run({"2026-12"}, usecases::Actor::Cli());
  r = Send("GET", "/admin", staff);
  EXPECT_NE(r.body.find("data-testid=\"expiring-90\">" +
                        std::to_string(o.statistics.registrations_expiring_within_90_days) + "<"),
            std::string::npos);
  EXPECT_NE(r.body.find("data-testid=\"renewal-due-90\">" +
                        std::to_string(o.statistics.renewal_training_due_within_90_days) + "<"),
            std::string::npos);
  size_t bars = 0;
  for (size_t at = r.body.find("class=\"month-bar\""); at != std::string::npos;
       at = r.body.find("class=\"month-bar\"", at + 1)) {
    ++bars;
  }
  EXPECT_EQ(bars, 2u) << "one bar per stored run";
  EXPECT_LT(r.body.find(">2026-11<"), r.body.find(">2026-12<")) << "oldest first";
  EXPECT_NE(r.body.find("href=\"/admin/match-runs/2026-12\""), std::string::npos);
}

TEST(PagesApiBoundaryTest, TheApiNeverAcceptsTheSessionCookie) {
  testing::TestDatabase db(storage::Engine::kSqlite);
  usecases::UseCases uc(db.db(), {});
  uc.access.AddUser("alice", kPassword, Role::kAdmin, std::nullopt, usecases::Actor::Cli());
  pages::Pages pages(uc);
  api::App app(uc);
  http::Request login_page;
  login_page.method = "GET";
  login_page.path = "/admin/login";
  const auto page = pages.Handle(login_page);
  const std::string token = SetCookie(page, "fm_login").value_or("");
  http::Request login;
  login.method = "POST";
  login.path = "/admin/login";
  login.headers = {{"cookie", "fm_login=" + token},
                   {"content-type", "application/x-www-form-urlencoded"}};
  login.body = FormBody({{"csrf", token}, {"username", "alice"}, {"password", kPassword}});
  const auto session = SetCookie(pages.Handle(login), "fm_session");
  ASSERT_TRUE(session);
  http::Request api_request;
  api_request.method = "GET";
  api_request.path = "/api/v1/foster-parents";
  api_request.headers = {{"cookie", "fm_session=" + *session}};
  EXPECT_EQ(app.Handle(api_request).status, 401);
  EXPECT_FALSE(pages::Pages::Owns(api_request));
}

TEST_F(PagesTest, TheNeedEditFormStartsFromTheRecordRefusesABadValueAndSavesAChange) {
  usecases::NeedChanges c;
  c.case_ref = "C-7";
  c.region = "01101";
  c.child_age_years = 5;
  c.child_sex = matching::Sex::kFemale;
  c.earliest_start = kToday;
  const auto need = uc_->needs.Create(c, usecases::Actor::Cli());
  const std::string path = "/admin/needs/" + std::to_string(need.id);
  EXPECT_EQ(Send("GET", path + "/edit", Login("agent")).status, 403);
  const std::string cookie = Login("alice");
  EXPECT_NE(Send("GET", path, cookie).body.find("href=\"" + path + "/edit\""), std::string::npos);
  const auto form = Send("GET", path + "/edit", cookie);
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("value=\"C-7\""), std::string::npos);
  EXPECT_NE(form.body.find("value=\"" + kToday.ToString() + "\""), std::string::npos);
  EXPECT_NE(form.body.find("action=\"" + path + "\""), std::string::npos);
  std::vector<std::pair<std::string, std::string>> fields = {{"csrf", CsrfIn(form.body)},
                                                             {"case_ref", "C-7"},
                                                             {"region", "01101"},
                                                             {"child.age_years", "6"},
                                                             {"child.sex", "female"},
                                                             {"siblings", "1"},
                                                             {"kind", "long_term"},
                                                             {"requires_type", ""},
                                                             {"earliest_start", "2026-13-40"},
                                                             {"urgency", "3"}};
  auto r = Send("POST", path, cookie, FormBody(fields));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("日付をYYYY-MM-DDの形式で入力してください"), std::string::npos);
  EXPECT_NE(r.body.find("id=\"f-earliest_start-error\""), std::string::npos);
  fields[8].second = kToday.ToString();
  fields[3].second = "99";
  r = Send("POST", path, cookie, FormBody(fields));
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("id=\"f-child_age_years-error\""), std::string::npos);
  EXPECT_EQ(uc_->needs.Get(need.id, usecases::Actor::Cli()).child.age_years, 5);
  EXPECT_EQ(uc_->needs.Get(need.id, usecases::Actor::Cli()).urgency, need.urgency);

  fields[3].second = "6";
  r = Send("POST", path, cookie, FormBody(fields));
  ASSERT_EQ(r.status, 303) << r.body;
  const auto v = uc_->needs.Get(need.id, usecases::Actor::Cli());
  EXPECT_EQ(v.child.age_years, 6);
  EXPECT_EQ(v.urgency, 3);
  model::AuditQuery q;
  q.entity = "need";
  q.entity_id = std::to_string(need.id);
  bool audited = false;
  for (const auto& e : uc_->audit.List(q, usecases::Actor::Cli()).items)
    audited = audited || (e.action == "update" && e.actor == "user:alice");
  EXPECT_TRUE(audited);
}

TEST_F(PagesTest, WhyNotThisHouseholdGivesTheFirstFailingRuleOrTheScoreWithinTheAgencyScope) {
  const auto need = OpenNeedWithHome1Trained("C-9");
  const std::string base = "/admin/needs/" + std::to_string(need.id);
  const std::string cookie = Login("alice");
  EXPECT_NE(Send("GET", base + "/candidates", cookie).body.find("action=\"" + base + "/why-not\""),
            std::string::npos);
  // Home 2 has had no training: excluded, in both languages.
  auto r = Send("GET", base + "/why-not?foster_parent_id=" + std::to_string(home2_), cookie);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto rule = matching::Exclusion::kTrainingIncomplete;
  EXPECT_NE(r.body.find(std::string(matching::ExclusionLabelJa(rule))), std::string::npos);
  EXPECT_NE(r.body.find(std::string(matching::ExclusionLabelEn(rule))), std::string::npos);
  EXPECT_NE(r.body.find("data-rule=\"" + std::string(matching::ExclusionName(rule)) + "\""),
            std::string::npos);
  // Home 1 passes every rule: eligible, with the score the candidates page shows.
  r = Send("GET", base + "/why-not?foster_parent_id=" + std::to_string(home1_), cookie);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("すべての条件を満たしています"), std::string::npos);
  EXPECT_EQ(r.body.find("data-rule="), std::string::npos);
  const auto w = uc_->ranking.WhyNot(need.id, home1_, usecases::Actor::Cli());
  EXPECT_FALSE(w.exclusion);
  EXPECT_GT(w.score, 0);
  model::AuditQuery q;
  q.entity = "need";
  q.entity_id = std::to_string(need.id);
  bool audited = false;
  for (const auto& e : uc_->audit.List(q, usecases::Actor::Cli()).items)
    audited = audited || (e.action == "read" && e.actor == "user:alice");
  EXPECT_TRUE(audited);
  EXPECT_EQ(Send("GET", base + "/why-not?foster_parent_id=999999", cookie).status, 404);
  // An agency asks only about its own households; another agency's does not exist for it.
  uc_->needs.Update(
      need.id,
      [&] {
        usecases::NeedChanges s;
        s.shared_with = std::vector<int64_t>{agency1_};
        return s;
      }(),
      usecases::Actor::Cli());
  const std::string agent = Login("agent");
  EXPECT_EQ(Send("GET", base + "/why-not?foster_parent_id=" + std::to_string(home1_), agent).status,
            200);
  EXPECT_EQ(Send("GET", base + "/why-not?foster_parent_id=" + std::to_string(home2_), agent).status,
            404);
}

TEST(WarekiTest, EraBoundariesAndTheFirstYear) {
  using matching::Date;
  EXPECT_EQ(pages::Wareki(Date::FromYmd(2019, 4, 30)), "平成31年4月30日");
  EXPECT_EQ(pages::Wareki(Date::FromYmd(2019, 5, 1)), "令和元年5月1日");
  EXPECT_EQ(pages::Wareki(Date::FromYmd(1989, 1, 7)), "昭和64年1月7日");
  EXPECT_EQ(pages::Wareki(Date::FromYmd(1989, 1, 8)), "平成元年1月8日");
  EXPECT_EQ(pages::Wareki(Date::FromYmd(2025, 11, 25)), "令和7年11月25日");
  EXPECT_EQ(pages::Wareki(Date::FromYmd(2020, 1, 1)), "令和2年1月1日");
}

TEST_F(PagesTest, JapaneseCalendarDatesStandBesideTheDatesInJapaneseOnly) {
  const std::string cookie = Login("alice");
  const std::string household = "/admin/foster-parents/" + std::to_string(home1_);
  EXPECT_NE(Send("GET", household, cookie).body.find("（令和6年4月1日）"), std::string::npos);
  EXPECT_EQ(Send("GET", household, cookie + "; fm_lang=en").body.find("令和"), std::string::npos);
  usecases::NeedChanges c;
  c.case_ref = "C-11";
  c.region = "01101";
  c.child_age_years = 5;
  c.child_sex = matching::Sex::kFemale;
  c.earliest_start = matching::Date::FromYmd(2026, 12, 1);
  const auto need = uc_->needs.Create(c, usecases::Actor::Cli());
  const std::string path = "/admin/needs/" + std::to_string(need.id);
  EXPECT_NE(Send("GET", path, cookie).body.find("（令和8年12月1日）"), std::string::npos);
  EXPECT_EQ(Send("GET", path, cookie + "; fm_lang=en").body.find("令和"), std::string::npos);
}

}  // namespace
}  // namespace fostermatch
