#pragma once

// Admin-page sessions, stored in the database so that every server process behind a proxy
// shares them: started after Access::Login, resumed per request, ended at logout or expiry.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "service/usecases/actor.h"

namespace fostermatch::usecases {

struct Context;

struct SessionPolicy {
  std::chrono::seconds idle{30 * 60};           // unused this long: gone
  std::chrono::seconds absolute{12 * 60 * 60};  // this long after login: gone, however busy
  // last_seen is written at most this often, so reading a page is not a write every time.
  std::chrono::seconds touch_every{60};
};

struct PageSession {
  Actor actor;
  std::string csrf;  // the session's CSRF token
};

// Thread-safe. Times are Unix seconds, passed in (the front door's clock).
class Sessions final {
 public:
  explicit Sessions(Context& ctx) : ctx_(ctx) {}

  // A new session for `actor`; returns its id (256 random bits) for the cookie, stored only as
  // its SHA-256. Removes expired sessions on the way.
  std::string Start(const Actor& actor, int64_t now, const SessionPolicy& policy);
  // The live session with this id; nullopt (and deleted) if unknown or expired.
  std::optional<PageSession> Resume(std::string_view id, int64_t now, const SessionPolicy& policy);
  // Ends the session, if there is one; audited as "logout".
  void End(std::string_view id);

 private:
  Context& ctx_;
};

}  // namespace fostermatch::usecases
