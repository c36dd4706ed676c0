#include "service/usecases/matching_snapshot.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <unordered_map>

#include "service/errors.h"
#include "service/storage/data_version_repository.h"
#include "service/storage/foster_parent_repository.h"
#include "service/storage/placement_repository.h"
#include "service/storage/reference_repository.h"
#include "service/storage/training_repository.h"

namespace fostermatch::usecases {
namespace {

using Home = MatchingSnapshot::Home;

// Beyond this many changed households a full load is about as cheap as one query set per
// household (a large import, a long pause between reads).
constexpr size_t kMostHouseholdsPatched = 200;

using Clock = std::chrono::steady_clock;

double MillisecondsSince(Clock::time_point started) {
  return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
}

// The household with its records, or nullopt if it no longer exists. Throws
// UnreadableRecordError if one of its rows cannot be decoded (the caller then loads in full,
// which leaves out just that row, as a full load always has).
std::optional<matching::HomeInput> LoadHousehold(soci::session& s, int64_t id) {
  auto parent = storage::FosterParentRepository(s).Find(id);
  if (!parent) return std::nullopt;
  return matching::HomeInput{std::move(*parent),
                             storage::TrainingRepository(s).ListForFosterParent(id),
                             storage::PlacementRepository(s).ListForFosterParent(id)};
}

// `old` homes with each changed id replaced by its reloaded record, dropped if it has none, or
// added in id order if new. `changed` is ascending; `reloaded` holds the ones that exist.
std::vector<Home> Merged(const std::vector<Home>& old, std::span<const int64_t> changed,
                         std::unordered_map<int64_t, Home>& reloaded) {
  std::vector<Home> out;
  out.reserve(old.size() + changed.size());
  auto next_changed = changed.begin();
  auto take_changed = [&](int64_t id) {
    if (auto it = reloaded.find(id); it != reloaded.end()) out.push_back(std::move(it->second));
  };
  for (const Home& home : old) {
    while (next_changed != changed.end() && *next_changed < home->parent.id) {
      take_changed(*next_changed++);
    }
    if (next_changed != changed.end() && *next_changed == home->parent.id) {
      take_changed(*next_changed++);
    } else {
      out.push_back(home);  // unchanged: shared, not copied
    }
  }
  while (next_changed != changed.end()) take_changed(*next_changed++);
  return out;
}

std::shared_ptr<const matching::HomeIndex> IndexOf(const std::vector<Home>& homes,
                                                   const MatchingSnapshot& snapshot,
                                                   const matching::MatchPolicy& policy) {
  std::vector<matching::HomeInput> records;
  records.reserve(homes.size());
  for (const Home& home : homes) records.push_back(*home);
  return std::make_shared<const matching::HomeIndex>(records, snapshot.regions, snapshot.today,
                                                     policy);
}

// The index of `next`, which is `old` with the `changed` households replaced (absent from
// next.homes if they no longer exist). The one place that turns a patch into an index: a copy of
// the old one (a few milliseconds at 100,000 homes) with each changed household upserted, or
// rebuilt from memory when the day moved (months unplaced and readiness depend on it).
std::shared_ptr<const matching::HomeIndex> UpdatedIndex(const MatchingSnapshot& old,
                                                        const MatchingSnapshot& next,
                                                        std::span<const int64_t> changed) {
  if (old.today != next.today) return IndexOf(next.homes, next, old.index->policy());
  // A version that changed no household (a token revoked) keeps the index as it is.
  if (changed.empty()) return old.index;
  auto index = std::make_shared<matching::HomeIndex>(*old.index);
  for (int64_t id : changed) {
    if (const matching::HomeInput* home = next.FindHome(id)) {
      index->Upsert(*home);
    } else {
      index->Erase(id);
    }
  }
  return index;
}

// The derived fields of `next`'s homes, which are `old`'s with some reloaded: those of the
// households `next` shares with `old` are kept when the day is the same, the others derived
// (every one on a new day). Before publishing, so no reader pays for the whole city (tens of
// milliseconds at 50,000 homes, small beside loading them).
std::vector<MatchingSnapshot::Derived> DerivedOf(const MatchingSnapshot* old,
                                                 const MatchingSnapshot& next,
                                                 const matching::MatchPolicy& policy) {
  std::vector<MatchingSnapshot::Derived> out;
  out.reserve(next.homes.size());
  size_t o = 0;  // both in id order: one walk
  const bool same_day = old != nullptr && old->today == next.today;
  for (const Home& home : next.homes) {
    if (same_day) {
      while (o < old->homes.size() && old->homes[o]->parent.id < home->parent.id) ++o;
      if (o < old->homes.size() && old->homes[o] == home) {
        out.push_back(old->derived[o]);
        continue;
      }
    }
    out.push_back(DerivedHousehold::Of(*home, next.today, policy));
  }
  return out;
}

// `old`'s steps and this patch's: the changed households' rows in `old`'s index. A new day
// keeps none (every row may differ).
std::vector<MatchingSnapshot::Step> StepsAfter(const MatchingSnapshot& old,
                                               std::span<const int64_t> changed,
                                               const MatchingSnapshot& next) {
  if (next.today != old.today) return {};
  std::vector<MatchingSnapshot::Step> steps = old.steps;
  MatchingSnapshot::Step& step = steps.emplace_back();
  step.from = old.data_version;
  step.to = next.data_version;
  size_t rows = 0;
  for (int64_t id : changed) {
    const auto i = old.index->Find(id);
    step.before.push_back({id, i ? std::optional(old.index->Gather(*i)) : std::nullopt});
  }
  for (const auto& s : steps) rows += s.before.size();
  size_t drop = 0;
  while (drop < steps.size() && (steps.size() - drop > MatchingSnapshot::kMostSteps ||
                                 rows > MatchingSnapshot::kMostStepRows)) {
    rows -= steps[drop++].before.size();
  }
  steps.erase(steps.begin(), steps.begin() + static_cast<ptrdiff_t>(drop));
  return steps;
}

std::vector<MatchingSnapshot::ListingKey> ListingOf(const MatchingSnapshot& snapshot) {
  std::vector<MatchingSnapshot::ListingKey> out;
  out.reserve(snapshot.homes.size());
  for (size_t i = 0; i < snapshot.homes.size(); ++i) {
    const matching::HomeFacts& f = snapshot.derived[i]->facts();
    out.push_back({snapshot.homes[i]->parent.agency_id, f.readiness.score, f.months_unplaced,
                   f.long_unplaced});
  }
  return out;
}

}  // namespace

std::shared_ptr<const DerivedHousehold> DerivedHousehold::Of(const matching::HomeInput& home,
                                                             matching::Date today,
                                                             const matching::MatchPolicy& policy) {
  return std::make_shared<const DerivedHousehold>(
      today, matching::DeriveHomeFacts(home.parent, home.trainings, home.placements, today,
                                       policy.readiness, policy.long_unplaced_months));
}

std::optional<size_t> MatchingSnapshot::Position(int64_t id) const {
  auto it = std::lower_bound(homes.begin(), homes.end(), id,
                             [](const Home& h, int64_t v) { return h->parent.id < v; });
  if (it == homes.end() || (*it)->parent.id != id) return std::nullopt;
  return static_cast<size_t>(it - homes.begin());
}

const matching::HomeInput* MatchingSnapshot::FindHome(int64_t id) const {
  const auto i = Position(id);
  return i ? homes[*i].get() : nullptr;
}

std::optional<std::vector<matching::HomeIndex::PriorRow>> MatchingSnapshot::ChangedSince(
    uint64_t version) const {
  if (version == data_version) return std::vector<matching::HomeIndex::PriorRow>{};
  // Newest step first, so that a household's row from the oldest step after `version` wins.
  std::map<int64_t, std::optional<matching::HomeIndex::Row>> rows;
  for (auto step = steps.rbegin(); step != steps.rend(); ++step) {
    for (const auto& prior : step->before) rows[prior.id] = prior.row;
    if (step->from != version) continue;
    std::vector<matching::HomeIndex::PriorRow> out;
    out.reserve(rows.size());
    for (const auto& [id, row] : rows) out.push_back({id, row});
    return out;
  }
  return std::nullopt;
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

std::shared_ptr<const MatchingSnapshot> MatchingService::Published() {
  std::lock_guard lock(mu_);
  return snapshot_;
}

std::shared_ptr<const MatchingSnapshot> MatchingService::Current() {
  // Read before the data: a change committed while loading makes the snapshot stale at once
  // rather than hiding behind a version it is not part of.
  const uint64_t latest = versions_.ReadNow();
  const matching::Date today = today_();
  auto fresh = [&](const std::shared_ptr<const MatchingSnapshot>& s) {
    return s && s->data_version >= latest && s->today == today;
  };
  auto current = Published();
  if (fresh(current)) return current;
  std::unique_lock build(building_, std::defer_lock);
  if (current && current->data_version >= latest) {
    // Only the day moved: one reader re-dates the index, the others keep yesterday's meanwhile.
    if (!build.try_lock()) return current;
  } else {
    build.lock();  // this reader must see `latest` (read-your-writes): it waits for it
  }
  current = Published();  // another reader may have built it while this one waited
  if (fresh(current)) return current;
  auto next = Next(current.get(), std::max(latest, current ? current->data_version : 0), today);
  std::lock_guard lock(mu_);
  snapshot_ = next;
  return next;
}

std::shared_ptr<const MatchingSnapshot> MatchingService::Next(const MatchingSnapshot* old,
                                                              uint64_t data_version,
                                                              matching::Date today) {
  if (old == nullptr) return Build(data_version, today);
  if (old->data_version >= data_version) {
    return Patch(*old, {}, old->data_version, today, /*needs_changed=*/false);
  }
  std::optional<storage::DataVersionRepository::Changes> changes;
  {
    storage::Database::Lease lease = db_.Acquire();
    changes = storage::DataVersionRepository(lease.session())
                  .ChangedSince(old->data_version, data_version);
  }
  if (!changes || changes->households.size() > kMostHouseholdsPatched) {
    return Build(data_version, today);
  }
  try {
    return Patch(*old, changes->households, data_version, today, changes->needs);
  } catch (const UnreadableRecordError&) {
    return Build(data_version, today);
  }
}

std::shared_ptr<const MatchingSnapshot> MatchingService::Build(uint64_t data_version,
                                                               matching::Date today) {
  const auto started = Clock::now();
  auto snapshot = std::make_shared<MatchingSnapshot>();
  snapshot->data_version = data_version;
  snapshot->needs_version = data_version;
  snapshot->today = today;
  snapshot->built_at = started;
  {
    storage::Database::Lease lease = db_.Acquire();
    storage::ReferenceRepository reference(lease.session());
    snapshot->regions = std::make_shared<matching::RegionDistances>(reference.ListRegions(),
                                                                    reference.ListTravelMinutes());
    snapshot->agencies = reference.ListAgencies();
  }
  std::vector<matching::HomeInput> records = LoadHomes(db_);
  snapshot->index =
      std::make_shared<const matching::HomeIndex>(records, snapshot->regions, today, policy_);
  snapshot->homes.reserve(records.size());
  for (auto& record : records) {
    snapshot->homes.push_back(std::make_shared<const matching::HomeInput>(std::move(record)));
  }
  snapshot->derived = DerivedOf(nullptr, *snapshot, policy_);
  snapshot->listing = ListingOf(*snapshot);
  snapshot->stats = {true, snapshot->homes.size(), MillisecondsSince(started)};
  spdlog::debug("matching snapshot loaded at data version {}: {} homes in {:.1f}ms",
                snapshot->data_version, snapshot->index->size(), snapshot->stats.milliseconds);
  return snapshot;
}

std::shared_ptr<const MatchingSnapshot> MatchingService::Patch(const MatchingSnapshot& old,
                                                               std::span<const int64_t> changed,
                                                               uint64_t data_version,
                                                               matching::Date today,
                                                               bool needs_changed) {
  const auto started = Clock::now();
  std::unordered_map<int64_t, Home> reloaded;
  if (!changed.empty()) {
    storage::Database::Lease lease = db_.Acquire();
    for (int64_t id : changed) {
      if (auto home = LoadHousehold(lease.session(), id)) {
        reloaded[id] = std::make_shared<const matching::HomeInput>(std::move(*home));
      }
    }
  }
  auto snapshot = std::make_shared<MatchingSnapshot>();
  snapshot->data_version = data_version;
  snapshot->needs_version = needs_changed ? data_version : old.needs_version;
  snapshot->today = today;
  snapshot->built_at = started;
  snapshot->agencies = old.agencies;
  snapshot->regions = old.regions;
  snapshot->homes = Merged(old.homes, changed, reloaded);
  snapshot->index = UpdatedIndex(old, *snapshot, changed);
  snapshot->derived = DerivedOf(&old, *snapshot, policy_);
  snapshot->listing = ListingOf(*snapshot);
  snapshot->steps = StepsAfter(old, changed, *snapshot);
  snapshot->stats = {false, changed.size(), MillisecondsSince(started)};
  spdlog::debug("matching snapshot patched to data version {}: {} of {} homes reloaded in {:.1f}ms",
                data_version, changed.size(), snapshot->homes.size(), snapshot->stats.milliseconds);
  return snapshot;
}

}  // namespace fostermatch::usecases
