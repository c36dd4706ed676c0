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

// A household's row in a snapshot of `today`: its record and what reads derive from it.
HouseholdRow RowOf(Home home, matching::Date today, const matching::MatchPolicy& policy) {
  HouseholdRow row{std::move(home), nullptr, {}};
  row.derived = DerivedHousehold::Of(*row.home, today, policy);
  const matching::HomeFacts& f = row.derived->facts();
  row.listing = {row.home->parent.agency_id, f.readiness.score, f.months_unplaced, f.long_unplaced};
  return row;
}

// The same households with their fields derived again as of `today` (a new day).
HouseholdTable Redated(const HouseholdTable& table, matching::Date today,
                       const matching::MatchPolicy& policy) {
  std::vector<HouseholdRow> rows;
  rows.reserve(table.size());
  table.ForEach([&](const HouseholdRow& row) { rows.push_back(RowOf(row.home, today, policy)); });
  return HouseholdTable(std::move(rows));
}

std::shared_ptr<const matching::HomeIndex> IndexOf(const MatchingSnapshot& snapshot,
                                                   const matching::MatchPolicy& policy) {
  std::vector<matching::HomeInput> records;
  records.reserve(snapshot.households.size());
  snapshot.households.ForEach([&](const HouseholdRow& row) { records.push_back(*row.home); });
  return std::make_shared<const matching::HomeIndex>(records, snapshot.regions, snapshot.today,
                                                     policy);
}

// The index of `next`, which is `old` with the `changed` households replaced (absent from
// next.households if they no longer exist). The one place that turns a patch into an index: a copy
// of the old one (a few milliseconds at 100,000 homes) with each changed household upserted, or
// rebuilt from memory when the day moved (months unplaced and readiness depend on it).
std::shared_ptr<const matching::HomeIndex> UpdatedIndex(const MatchingSnapshot& old,
                                                        const MatchingSnapshot& next,
                                                        std::span<const int64_t> changed) {
  if (old.today != next.today) return IndexOf(next, old.index->policy());
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

// `old`'s steps and this patch's: the changed households' rows in `old`'s index. A new day
// keeps none (every row may differ).
std::vector<std::shared_ptr<const MatchingSnapshot::Step>> StepsAfter(
    const MatchingSnapshot& old, std::span<const int64_t> changed, const MatchingSnapshot& next) {
  if (next.today != old.today) return {};
  auto step = std::make_shared<MatchingSnapshot::Step>();
  step->from = old.data_version;
  step->to = next.data_version;
  for (int64_t id : changed) {
    const auto i = old.index->Find(id);
    step->before.push_back({id, i ? std::optional(old.index->Gather(*i)) : std::nullopt});
  }
  auto steps = old.steps;
  steps.push_back(std::move(step));
  size_t rows = 0;
  for (const auto& s : steps) rows += s->before.size();
  size_t drop = 0;
  while (drop < steps.size() && (steps.size() - drop > MatchingSnapshot::kMostSteps ||
                                 rows > MatchingSnapshot::kMostStepRows)) {
    rows -= steps[drop++]->before.size();
  }
  steps.erase(steps.begin(), steps.begin() + static_cast<ptrdiff_t>(drop));
  return steps;
}

}  // namespace

std::shared_ptr<const DerivedHousehold> DerivedHousehold::Of(const matching::HomeInput& home,
                                                             matching::Date today,
                                                             const matching::MatchPolicy& policy) {
  return std::make_shared<const DerivedHousehold>(
      today, matching::DeriveHomeFacts(home.parent, home.trainings, home.placements, today,
                                       policy.readiness, policy.long_unplaced_months));
}

const matching::HomeInput* MatchingSnapshot::FindHome(int64_t id) const {
  const HouseholdRow* row = households.Find(id);
  return row ? row->home.get() : nullptr;
}

MatchingSnapshot::Changes MatchingSnapshot::ChangedSince(uint64_t version) const {
  std::lock_guard lock(changed_since_mu_);
  for (const auto& [asked, changes] : changed_since_) {
    if (asked == version) return changes;
  }
  Changes out;
  if (version == data_version) {
    out = std::make_shared<const std::vector<matching::HomeIndex::PriorRow>>();
  }
  // Newest step first, so that a household's row from the oldest step after `version` wins.
  std::map<int64_t, std::optional<matching::HomeIndex::Row>> rows;
  for (auto step = steps.rbegin(); !out && step != steps.rend(); ++step) {
    for (const auto& prior : (*step)->before) rows[prior.id] = prior.row;
    if ((*step)->from != version) continue;
    std::vector<matching::HomeIndex::PriorRow> changed;
    changed.reserve(rows.size());
    for (const auto& [id, row] : rows) changed.push_back({id, row});
    out = std::make_shared<const std::vector<matching::HomeIndex::PriorRow>>(std::move(changed));
  }
  // At most one answer a step (and "not reached"), so this stays small.
  if (changed_since_.size() <= steps.size()) changed_since_.emplace_back(version, out);
  return out;
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
  std::vector<HouseholdRow> rows;
  rows.reserve(records.size());
  for (auto& record : records) {
    rows.push_back(
        RowOf(std::make_shared<const matching::HomeInput>(std::move(record)), today, policy_));
  }
  snapshot->households = HouseholdTable(std::move(rows));
  snapshot->stats = {true, snapshot->households.size(), MillisecondsSince(started)};
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
  std::vector<HouseholdTable::Change> reloaded;  // ascending, as `changed`
  if (!changed.empty()) {
    storage::Database::Lease lease = db_.Acquire();
    for (int64_t id : changed) {
      auto& change = reloaded.emplace_back(id, std::nullopt);
      if (auto home = LoadHousehold(lease.session(), id)) {
        change.second =
            RowOf(std::make_shared<const matching::HomeInput>(std::move(*home)), today, policy_);
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
  snapshot->households = old.households.With(reloaded);
  if (today != old.today) snapshot->households = Redated(snapshot->households, today, policy_);
  snapshot->index = UpdatedIndex(old, *snapshot, changed);
  snapshot->steps = StepsAfter(old, changed, *snapshot);
  snapshot->stats = {false, changed.size(), MillisecondsSince(started)};
  spdlog::debug("matching snapshot patched to data version {}: {} of {} homes reloaded in {:.1f}ms",
                data_version, changed.size(), snapshot->households.size(),
                snapshot->stats.milliseconds);
  return snapshot;
}

}  // namespace fostermatch::usecases
