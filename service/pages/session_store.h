#pragma once

// Admin-page sessions, held in this server process's memory: a restart logs everyone out, and
// two servers behind one proxy need sticky sessions (a table would lift both; see README).

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "service/usecases/actor.h"

namespace fostermatch::pages {

using Clock = std::chrono::steady_clock;

struct Session {
  usecases::Actor actor;
  std::string csrf;  // per session; every POST must carry it
  Clock::time_point created;
  Clock::time_point last_seen;
};

struct SessionLimits {
  std::chrono::seconds idle{30 * 60};           // unused this long: gone
  std::chrono::seconds absolute{12 * 60 * 60};  // this long after login: gone, however busy
  size_t max_sessions = 10000;                  // beyond it the oldest session goes first
};

// Thread-safe. Session ids are 256 random bits, kept only as their SHA-256.
class SessionStore final {
 public:
  explicit SessionStore(SessionLimits limits = {}) : limits_(limits) {}

  // A new session for `actor`; returns its id (for the cookie, never stored as is).
  std::string Create(usecases::Actor actor, Clock::time_point now);
  // The live session with this id, its idle time restarted; nullopt (and forgotten) if unknown,
  // idle too long or past its absolute lifetime.
  std::optional<Session> Touch(const std::string& id, Clock::time_point now);
  void Destroy(const std::string& id);
  size_t size() const;

 private:
  bool Expired(const Session& s, Clock::time_point now) const;
  void Prune(Clock::time_point now);  // callers hold mu_

  SessionLimits limits_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Session> sessions_;  // by hashed id
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
