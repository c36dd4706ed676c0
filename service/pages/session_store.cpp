#include "service/pages/session_store.h"

#include <algorithm>

namespace fostermatch::pages {

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
