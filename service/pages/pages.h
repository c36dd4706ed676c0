#pragma once

// The admin pages under /admin: server-rendered HTML for center staff (Japanese first), from
// the same binary and the same use cases as the API. Sign-in by username and password with a
// server-side session (in the database, through usecases::Sessions) named by a cookie; a CSRF token
// on every form; never a bearer token (and the API never takes the session cookie).

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "service/http/message.h"
#include "service/http/router.h"
#include "service/pages/session_store.h"
#include "service/usecases/use_cases.h"

namespace fostermatch::pages {

class Site;
struct PageRequest;

struct PagesOptions {
  SessionLimits sessions;  // idle 30 min, absolute 12 h
  // Per username, and per client address (a stricter count would lock out a shared office).
  LoginThrottle::Policy per_user;
  LoginThrottle::Policy per_address{20, std::chrono::seconds(2), std::chrono::seconds(15 * 60),
                                    100000};
  // The time sessions and back-off are judged on; empty: the system clock (tests inject one).
  std::function<Clock::time_point()> now;
};

// Thread-safe: Handle may be called from several server workers at once.
class Pages final {
 public:
  explicit Pages(usecases::UseCases& use_cases, PagesOptions options = {});
  ~Pages();
  Pages(const Pages&) = delete;
  Pages& operator=(const Pages&) = delete;

  // True for /admin and every path under it: the server hands those to Handle, the rest to the
  // API.
  static bool Owns(const http::Request& request);

  // Never throws: a failure becomes an HTML error page (500 only for a broken invariant,
  // logged). Every response carries the security headers (CSP without inline script,
  // nosniff, no framing) and, for pages, Cache-Control: no-store.
  http::Response Handle(http::Request& request);

  // The error page (503, Retry-After, in the request's language) sent instead of a page whose
  // reads' audit entries could not be committed (api::AnswerAfterReadAudits). Thread-safe.
  http::Response Unavailable(http::Request& request) const;

  const http::Router& router() const { return router_; }
  SessionStore& sessions() { return sessions_; }

 private:
  http::Response Dispatch(http::Request& request);
  http::Response Run(http::Request& request,
                     const std::function<http::Response(PageRequest&)>& handler);
  std::optional<Session> Authenticate(PageRequest& pr,
                                      const std::map<std::string, std::string>& cookies);
  http::Response LoginPage(PageRequest& pr, int status, const std::string& message);
  http::Response Login(PageRequest& pr);
  http::Response Logout(PageRequest& pr);
  http::Response SwitchLanguage(PageRequest& pr);
  Clock::time_point Now() const;

  usecases::UseCases& uc_;
  PagesOptions options_;
  std::unique_ptr<Site> site_;
  SessionStore sessions_;
  LoginThrottle user_throttle_;
  LoginThrottle address_throttle_;
  http::Router router_;  // the signed-in pages
};

}  // namespace fostermatch::pages
