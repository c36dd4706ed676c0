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

MatchingService::MatchingService(storage::Database& db, matching::MatchPolicy policy,
                                 std::function<matching::Date()> today)
    : db_(db), policy_(policy), today_(std::move(today)) {}

std::shared_ptr<const MatchingSnapshot> MatchingService::Current() {
  const uint64_t generation = generation_.load();
  const matching::Date today = today_();
  std::lock_guard lock(mu_);
  if (snapshot_ && snapshot_->generation == generation && snapshot_->today == today) {
    return snapshot_;
  }
  snapshot_ = Build(generation, today);
  return snapshot_;
}

std::shared_ptr<const MatchingSnapshot> MatchingService::Build(uint64_t generation,
                                                               matching::Date today) {
  const auto started = std::chrono::steady_clock::now();
  auto snapshot = std::make_shared<MatchingSnapshot>();
  snapshot->generation = generation;
  snapshot->today = today;
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
  spdlog::debug("matching index rebuilt: {} homes in {:.1f}ms", snapshot->index->size(),
                ms.count());
  return snapshot;
}

}  // namespace fostermatch::usecases
