#include "service/usecases/need_cache.h"

namespace fostermatch::usecases {

std::optional<matching::Need> NeedCache::Find(int64_t id, uint64_t version, const Load& load) {
  {
    std::lock_guard lock(mu_);
    if (version > version_) {
      needs_.clear();
      version_ = version;
    }
    if (version == version_) {
      if (auto it = needs_.find(id); it != needs_.end()) return it->second;
    }
  }
  std::optional<matching::Need> need = load();
  if (!need) return need;
  std::lock_guard lock(mu_);
  // Read after `version` was learned, so at least that fresh; kept only if still the newest.
  if (version == version_) {
    if (needs_.size() >= kMostNeeds) needs_.clear();
    needs_.emplace(id, *need);
  }
  return need;
}

}  // namespace fostermatch::usecases
