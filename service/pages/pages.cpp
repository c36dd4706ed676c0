#include "service/pages/pages.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "service/errors.h"
#include "service/http/problem.h"
#include "service/pages/site.h"
#include "service/usecases/credentials.h"

namespace fostermatch::pages {

namespace {

constexpr std::string_view kSessionCookie = "fm_session";
constexpr std::string_view kLangCookie = "fm_lang";
constexpr std::string_view kLoginCookie = "fm_login";  // the login form's CSRF token (no session)
constexpr const char* kCsp =
    "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
constexpr int kLangCookieSeconds = 365 * 24 * 60 * 60;

// The client's address for the login back-off: a local reverse proxy's X-Forwarded-For (its
// last entry, the one the proxy itself wrote), else the peer's address.
std::string ClientAddress(const http::Request& r) {
  const bool via_local_proxy = r.remote_address.starts_with("127.") || r.remote_address == "::1";
  std::string forwarded = r.Header("x-forwarded-for");
  if (!via_local_proxy || forwarded.empty()) return r.remote_address;
  forwarded = forwarded.substr(forwarded.find_last_of(',') + 1);
  const size_t start = forwarded.find_first_not_of(' ');
  return start == std::string::npos ? r.remote_address : forwarded.substr(start);
}

// Behind a TLS-terminating proxy the browser speaks https: cookies must say Secure.
bool OverTls(const http::Request& r) { return r.Header("x-forwarded-proto") == "https"; }

std::string Cookie(const http::Request& r, std::string_view name, const std::string& value,
                   std::string_view path, std::optional<int> max_age, bool http_only) {
  std::string c = std::string(name) + "=" + value + "; Path=" + std::string(path);
  if (max_age) c += "; Max-Age=" + std::to_string(*max_age);
  if (http_only) c += "; HttpOnly";
  c += "; SameSite=Strict";
  if (OverTls(r)) c += "; Secure";
  return c;
}

Lang LangOf(const std::map<std::string, std::string>& cookies) {
  auto it = cookies.find(std::string(kLangCookie));
  return it != cookies.end() && it->second == "en" ? Lang::kEn : Lang::kJa;
}

// Only a path on this site's admin pages: never an open redirect.
std::string SafeNext(const std::string& next) {
  if (next.starts_with("/admin") && !next.starts_with("//") &&
      next.find_first_of("\\\r\n") == std::string::npos) {
    return next;
  }
  return "/admin";
}

http::Response Static(std::string_view name, std::string_view type) {
  http::Response r;
  r.content_type = std::string(type);
  r.body = std::string(PageAsset(name));
  r.headers.emplace_back("Cache-Control", "public, max-age=3600");
  return r;
}

void SecurityHeaders(http::Response& r) {
  r.headers.emplace_back("Content-Security-Policy", kCsp);
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Referrer-Policy", "same-origin");
  bool cached = false;
  for (const auto& [name, value] : r.headers) cached = cached || name == "Cache-Control";
  // Pages show case data: no copy in any cache, the browser's back-forward one included.
  if (!cached) r.headers.emplace_back("Cache-Control", "no-store");
}

}  // namespace

Pages::Pages(usecases::UseCases& use_cases, PagesOptions options)
    : uc_(use_cases),
      options_(std::move(options)),
      site_(std::make_unique<Site>(use_cases)),
      sessions_(use_cases.sessions, options_.sessions),
      user_throttle_(options_.per_user),
      address_throttle_(options_.per_address) {
  const AddPage add([this](std::string method, std::string pattern, PageHandler handler,
                           http::RequestClass request_class) {
    router_.Add(
        std::move(method), std::move(pattern),
        [this, handler = std::move(handler)](http::Request& r) { return Run(r, handler); },
        request_class);
  });
  AddDashboardPages(add, *site_);
  AddFosterParentPages(add, *site_);
  AddNeedPages(add, *site_);
  AddMatchRunPages(add, *site_);
  AddAdminPages(add, *site_);
}

Pages::~Pages() = default;

bool Pages::Owns(const http::Request& r) {
  return r.path == "/admin" || r.path.starts_with("/admin/");
}

Clock::time_point Pages::Now() const { return options_.now ? options_.now() : Clock::now(); }

http::Response Pages::Handle(http::Request& request) {
  http::Response r;
  try {
    r = Dispatch(request);
  } catch (const std::exception& e) {
    spdlog::error("internal error on {} {}: {}", request.method, request.path, e.what());
    r = http::Response{500,
                       "text/plain; charset=utf-8",
                       "エラーが発生しました / internal error; it has been logged",
                       {},
                       {}};
  }
  SecurityHeaders(r);
  return r;
}

http::Response Pages::Unavailable(http::Request& request) const {
  PageRequest pr{request};
  pr.lang = LangOf(ParseCookies(request));
  http::Response r = site_->Render(pr, "error", Label(pr.lang, "error_title"),
                                   Object{{"message", Label(pr.lang, "error_unavailable")}}, 503);
  r.headers.emplace_back("Retry-After", "1");
  SecurityHeaders(r);
  return r;
}

http::Response Pages::Dispatch(http::Request& request) {
  if (request.method == "GET" && request.path == "/admin/static/admin.css") {
    return Static("static/admin.css", "text/css; charset=utf-8");
  }
  const auto cookies = ParseCookies(request);
  PageRequest pr{request};
  pr.lang = LangOf(cookies);
  pr.query = Form(request.query);
  if (request.method == "POST") {
    if (!http::HasMediaType(request, "application/x-www-form-urlencoded")) {
      pr.signed_in = false;
      return site_->Render(pr, "error", Label(pr.lang, "error_title"),
                           Object{{"message", Label(pr.lang, "error_media_type")}}, 415);
    }
    pr.form = Form::Parse(request.body);
  }
  if (request.path == "/admin/login") {
    if (request.method == "GET") return LoginPage(pr, 200, "");
    if (request.method == "POST") return Login(pr);
  }
  if (request.path == "/admin/lang" && request.method == "GET") return SwitchLanguage(pr);

  if (request.path == "/admin/logout" && request.method == "POST") return Logout(pr);
  try {
    return router_.Dispatch(request);
  } catch (const http::ApiError& e) {
    return site_->Render(pr, "error", Label(pr.lang, "error_title"),
                         Object{{"message", Label(pr.lang, "error_not_found")}}, e.status());
  }
}

// Signs the request in from its session cookie, checks a POST's CSRF token, runs the page and
// turns an expected failure into an error page.
http::Response Pages::Run(http::Request& request, const PageHandler& handler) {
  const auto cookies = ParseCookies(request);
  PageRequest pr{request};
  pr.lang = LangOf(cookies);
  pr.query = Form(request.query);
  if (request.method == "POST") pr.form = Form::Parse(request.body);
  const auto session = Authenticate(pr, cookies);
  if (!session) {
    if (request.method == "GET") {
      const std::string here =
          request.path + (request.query.empty() ? "" : "?" + QueryString(request.query));
      return Redirect("/admin/login?" + QueryString({{"next", here}, {"expired", "1"}}));
    }
    return LoginPage(pr, 403, Label(pr.lang, "session_expired"));
  }
  if (request.method == "POST" && !ConstantTimeEquals(pr.form.Get("csrf"), session->csrf)) {
    spdlog::warn("admin pages: POST {} by {} without a valid CSRF token", request.path,
                 session->actor.name);
    return site_->Render(pr, "error", Label(pr.lang, "error_title"),
                         Object{{"message", Label(pr.lang, "error_csrf")}}, 403);
  }
  auto error = [&](std::string_view key, int status, const std::string& detail = "") {
    return site_->Render(pr, "error", Label(pr.lang, "error_title"),
                         Object{{"message", Label(pr.lang, key)}, {"detail", detail}}, status);
  };
  try {
    return handler(pr);
  } catch (const NotFoundError&) {
    return error("error_not_found", 404);
  } catch (const ForbiddenError&) {
    return error("error_forbidden", 403);
  } catch (const ConflictError& e) {
    return error("error_conflict", 409, e.what());
  } catch (const ValidationError& e) {
    std::string detail;
    for (const auto& f : e.errors()) {
      std::string key = f.field;
      std::replace(key.begin(), key.end(), '.', '_');
      detail += Label(pr.lang, key) + ": " + FieldMessage(pr.lang, f) + " ";
    }
    return error("error_invalid", 422, detail);
  } catch (const UnavailableError&) {
    http::Response r = error("error_unavailable", 503);
    r.headers.emplace_back("Retry-After", "1");
    return r;
  } catch (const std::exception& e) {
    spdlog::error("internal error on {} {}: {}", request.method, request.path, e.what());
    return error("error_internal", 500);
  }
}

// The session named by the request's cookie, if live; fills the request's actor and token.
// A bearer token is never looked at here.
std::optional<Session> Pages::Authenticate(PageRequest& pr,
                                           const std::map<std::string, std::string>& cookies) {
  auto it = cookies.find(std::string(kSessionCookie));
  if (it == cookies.end()) return std::nullopt;
  auto session = sessions_.Touch(it->second, Now());
  if (!session) return std::nullopt;
  pr.signed_in = true;
  pr.actor = session->actor;
  pr.csrf = session->csrf;
  return session;
}

http::Response Pages::Logout(PageRequest& pr) {
  const auto cookies = ParseCookies(pr.http);
  const auto session = Authenticate(pr, cookies);
  // Logging out needs the session's token too: another site must not log a user out.
  if (session && ConstantTimeEquals(pr.form.Get("csrf"), session->csrf)) {
    sessions_.Destroy(cookies.at(std::string(kSessionCookie)));
  } else if (session) {
    return site_->Render(pr, "error", Label(pr.lang, "error_title"),
                         Object{{"message", Label(pr.lang, "error_csrf")}}, 403);
  }
  http::Response r = Redirect("/admin/login?logged_out=1");
  r.headers.emplace_back("Set-Cookie", Cookie(pr.http, kSessionCookie, "", "/admin", 0, true));
  return r;
}

http::Response Pages::LoginPage(PageRequest& pr, int status, const std::string& message) {
  // The login form has no session yet: its CSRF token is a cookie it must echo (double submit;
  // SameSite=Strict keeps other sites from sending the cookie at all).
  const std::string token = usecases::GenerateToken();
  Object values{
      {"message", message},
      {"next", SafeNext(pr.query.Has("next") ? pr.query.Get("next") : pr.form.Get("next"))},
      {"username", pr.form.Get("username")},
      {"login_csrf", token}};
  if (pr.query.Has("logged_out")) values["notice"] = Label(pr.lang, "logged_out");
  if (pr.query.Has("expired") && message.empty())
    values["notice"] = Label(pr.lang, "session_expired");
  http::Response r = site_->Render(pr, "login", Label(pr.lang, "login_title"), values, status);
  r.headers.emplace_back("Set-Cookie", Cookie(pr.http, kLoginCookie, token, "/admin/login",
                                              std::nullopt, /*http_only=*/true));
  return r;
}

http::Response Pages::Login(PageRequest& pr) {
  const auto cookies = ParseCookies(pr.http);
  auto login_cookie = cookies.find(std::string(kLoginCookie));
  if (login_cookie == cookies.end() || login_cookie->second.empty() ||
      !ConstantTimeEquals(pr.form.Get("csrf"), login_cookie->second)) {
    return LoginPage(pr, 403, Label(pr.lang, "error_csrf"));
  }
  const std::string username = pr.form.Get("username");
  const std::string user_key = "user:" + username;
  const std::string address_key = "addr:" + ClientAddress(pr.http);
  const Clock::time_point now = Now();
  const auto wait =
      std::max(user_throttle_.Wait(user_key, now), address_throttle_.Wait(address_key, now));
  if (wait.count() > 0) {
    http::Response r =
        LoginPage(pr, 429, Label(pr.lang, "login_throttled") + " " + std::to_string(wait.count()));
    r.headers.emplace_back("Retry-After", std::to_string(wait.count()));
    return r;
  }
  const auto actor = uc_.access.Login(username, pr.form.Get("password"));
  if (!actor) {
    user_throttle_.Failed(user_key, now);
    address_throttle_.Failed(address_key, now);
    return LoginPage(pr, 401, Label(pr.lang, "login_failed"));
  }
  user_throttle_.Succeeded(user_key);
  address_throttle_.Succeeded(address_key);
  // A new session id at every login (no fixation); a session presented with it ends.
  if (auto old = cookies.find(std::string(kSessionCookie)); old != cookies.end()) {
    sessions_.Destroy(old->second);
  }
  const std::string id = sessions_.Create(*actor, now);
  http::Response r = Redirect(SafeNext(pr.form.Get("next")));
  r.headers.emplace_back("Set-Cookie",
                         Cookie(pr.http, kSessionCookie, id, "/admin", std::nullopt, true));
  r.headers.emplace_back("Set-Cookie", Cookie(pr.http, kLoginCookie, "", "/admin/login", 0, true));
  return r;
}

http::Response Pages::SwitchLanguage(PageRequest& pr) {
  const std::string to = pr.query.Get("to") == "en" ? "en" : "ja";
  http::Response r = Redirect(SafeNext(pr.query.Get("back")));
  r.headers.emplace_back("Set-Cookie", Cookie(pr.http, kLangCookie, to, "/admin",
                                              kLangCookieSeconds, /*http_only=*/true));
  return r;
}

}  // namespace fostermatch::pages
