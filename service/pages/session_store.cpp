#include "service/pages/session_store.h"

#include <algorithm>

#include "service/usecases/credentials.h"

namespace fostermatch::pages {

std::string SessionStore::Create(usecases::Actor actor, Clock::time_point now) {
  std::string id = usecases::GenerateToken();
  Session s{std::move(actor), usecases::GenerateToken(), now, now};
  std::lock_guard lock(mu_);
  if (sessions_.size() >= limits_.max_sessions) Prune(now);
  if (sessions_.size() >= limits_.max_sessions) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](auto& a, auto& b) {
      return a.second.last_seen < b.second.last_seen;
    });
    sessions_.erase(oldest);
  }
  sessions_[usecases::HashToken(id)] = std::move(s);
  return id;
}

std::optional<Session> SessionStore::Touch(const std::string& id, Clock::time_point now) {
  if (id.empty()) return std::nullopt;
  const std::string key = usecases::HashToken(id);
  std::lock_guard lock(mu_);
  auto it = sessions_.find(key);
  if (it == sessions_.end()) return std::nullopt;
  if (Expired(it->second, now)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_seen = now;
  return it->second;
}

void SessionStore::Destroy(const std::string& id) {
  if (id.empty()) return;
  const std::string key = usecases::HashToken(id);
  std::lock_guard lock(mu_);
  sessions_.erase(key);
}

size_t SessionStore::size() const {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

bool SessionStore::Expired(const Session& s, Clock::time_point now) const {
  return now - s.last_seen >= limits_.idle || now - s.created >= limits_.absolute;
}

void SessionStore::Prune(Clock::time_point now) {
  std::erase_if(sessions_, [&](const auto& entry) { return Expired(entry.second, now); });
}

std::chrono::seconds LoginThrottle::Wait(const std::string& key, Clock::time_point now) const {
  std::lock_guard lock(mu_);
  auto it = entries_.find(key);
  if (it == entries_.end() || it->second.until <= now) return std::chrono::seconds(0);
  // Round up, so "wait 0 s" never means "refused".
  return std::chrono::ceil<std::chrono::seconds>(it->second.until - now);
}

void LoginThrottle::Failed(const std::string& key, Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (entries_.size() >= policy_.max_keys && !entries_.contains(key)) {
    std::erase_if(entries_, [&](const auto& e) { return e.second.until <= now; });
    if (entries_.size() >= policy_.max_keys) entries_.erase(entries_.begin());
  }
  Entry& e = entries_[key];
  ++e.failures;
  const int over = e.failures - policy_.free_failures;
  if (over < 0) return;
  auto wait = policy_.base * (int64_t{1} << std::min(over, 20));
  e.until = now + std::min<std::chrono::seconds>(wait, policy_.max);
}

void LoginThrottle::Succeeded(const std::string& key) {
  std::lock_guard lock(mu_);
  entries_.erase(key);
}

}  // namespace fostermatch::pages
