#include "service/usecases/matching_snapshot.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <unordered_map>

#include "service/storage/foster_parent_repository.h"
#include "service/storage/placement_repository.h"
#include "service/storage/reference_repository.h"
#include "service/storage/training_repository.h"

namespace fostermatch::usecases {

const matching::HomeInput* MatchingSnapshot::FindHome(int64_t id) const {
  auto it =
      std::lower_bound(homes.begin(), homes.end(), id,
                       [](const matching::HomeInput& h, int64_t v) { return h.parent.id < v; });
  return it != homes.end() && it->parent.id == id ? &*it : nullptr;
}

std::vector<matching::HomeInput> LoadHomes(storage::Database& db) {
  storage::Database::Lease lease = db.Acquire();
  soci::session& s = lease.session();
  std::vector<matching::HomeInput> homes;
  for (auto& fp : storage::FosterParentRepository(s).List({})) {
    homes.push_back({std::move(fp), {}, {}});
  }
  std::unordered_map<int64_t, size_t> at;
  for (size_t i = 0; i < homes.size(); ++i) at[homes[i].parent.id] = i;
  for (auto& t : storage::TrainingRepository(s).ListAll()) {
    if (auto it = at.find(t.foster_parent_id); it != at.end()) {
      homes[it->second].trainings.push_back(std::move(t));
    }
  }
  for (auto& p : storage::PlacementRepository(s).ListAll()) {
    if (auto it = at.find(p.foster_parent_id); it != at.end()) {
      homes[it->second].placements.push_back(std::move(p));
    }
  }
  return homes;
}

MatchingService::MatchingService(storage::Database& db, DataVersionWatch& versions,
                                 matching::MatchPolicy policy,
                                 std::function<matching::Date()> today)
    : db_(db), versions_(versions), policy_(policy), today_(std::move(today)) {}

std::shared_ptr<const MatchingSnapshot> MatchingService::Current() {
  // Read before the data: a change committed while loading makes the snapshot stale at once
  // rather than hiding behind a version it is not part of.
  const uint64_t latest = versions_.ReadNow();
  const matching::Date today = today_();
  std::lock_guard lock(mu_);
  if (snapshot_ && snapshot_->data_version >= latest && snapshot_->today == today) {
    return snapshot_;
  }
  snapshot_ = Build(latest, today);
  return snapshot_;
}

std::shared_ptr<const MatchingSnapshot> MatchingService::Build(uint64_t data_version,
                                                               matching::Date today) {
  const auto started = std::chrono::steady_clock::now();
  auto snapshot = std::make_shared<MatchingSnapshot>();
  snapshot->data_version = data_version;
  snapshot->today = today;
  snapshot->built_at = std::chrono::steady_clock::now();
  {
    storage::Database::Lease lease = db_.Acquire();
    storage::ReferenceRepository reference(lease.session());
    snapshot->regions = std::make_shared<matching::RegionDistances>(reference.ListRegions(),
                                                                    reference.ListTravelMinutes());
    snapshot->agencies = reference.ListAgencies();
  }
  snapshot->homes = LoadHomes(db_);
  snapshot->index =
      std::make_unique<matching::HomeIndex>(snapshot->homes, snapshot->regions, today, policy_);
  const auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
  spdlog::debug("matching index rebuilt at data version {}: {} homes in {:.1f}ms",
                snapshot->data_version, snapshot->index->size(), ms.count());
  return snapshot;
}

}  // namespace fostermatch::usecases
