#pragma once

// Admin-page sessions and login back-off for the pages. Sessions are kept by the use-case layer
// in the database (usecases::Sessions), so every server process shares them; the back-off
// counters live in this process's memory.

// Admin-page sessions and login back-off for the pages. Sessions are kept by the use-case layer
// in the database (usecases::Sessions), so every server process shares them; the back-off
// counters live in this process's memory.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "service/usecases/actor.h"
#include "service/usecases/sessions.h"

namespace fostermatch::pages {

using Clock = std::chrono::system_clock;

using Session = usecases::PageSession;
using SessionLimits = usecases::SessionPolicy;

// The pages' view of usecases::Sessions, on this front door's clock. Thread-safe.
class SessionStore final {
 public:
  SessionStore(usecases::Sessions& sessions, SessionLimits limits)
      : sessions_(sessions), limits_(limits) {}

  // A new session for `actor`; returns its id (for the cookie, never stored as is).
  std::string Create(const usecases::Actor& actor, Clock::time_point now) {
    return sessions_.Start(actor, Seconds(now), limits_);
  }
  // The live session with this id, its idle time restarted; nullopt if unknown or expired.
  std::optional<Session> Touch(const std::string& id, Clock::time_point now) {
    return sessions_.Resume(id, Seconds(now), limits_);
  }
  void Destroy(const std::string& id) { sessions_.End(id); }

 private:
  static int64_t Seconds(Clock::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  }
  usecases::Sessions& sessions_;
  SessionLimits limits_;
};

// Back-off after failed logins, per key ("user:alice", "addr:192.0.2.1"): after
// `free_failures` failures the next attempt waits `base`, and each further failure doubles the
// wait up to `max`.
// A success clears the key. Thread-safe; memory bounded by `max_keys`.
class LoginThrottle final {
 public:
  struct Policy {
    int free_failures = 5;
    std::chrono::seconds base{2};
    std::chrono::seconds max{15 * 60};
    size_t max_keys = 100000;
  };
  explicit LoginThrottle(Policy policy) : policy_(policy) {}

  // How long `key` must wait before its next attempt (zero: it may try now).
  std::chrono::seconds Wait(const std::string& key, Clock::time_point now) const;
  void Failed(const std::string& key, Clock::time_point now);
  void Succeeded(const std::string& key);

 private:
  struct Entry {
    int failures = 0;
    Clock::time_point until;
  };
  Policy policy_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace fostermatch::pages
