#include "service/usecases/long_unplaced.h"

#include <array>

namespace fostermatch::usecases {

namespace {

constexpr std::array<std::string_view, 10> kUnlockKinds = {
    "reactivate",  "renew_registration", "base_courses", "renewal_training", "specialized_training",
    "accept_need", "wider_age_range",    "both_sexes",   "more_siblings",    "not_respite_only"};

// The records of the agency's long-unplaced homes, contiguous as the index's LongUnplaced takes
// them: copies of the few it reports rather than of every home in the snapshot.
std::vector<matching::HomeInput> LongUnplacedHomes(const MatchingSnapshot& snapshot,
                                                   std::optional<int64_t> agency_id) {
  const matching::MatchPolicy& policy = snapshot.index->policy();
  std::vector<matching::HomeInput> out;
  for (const auto& home : snapshot.homes) {
    if (agency_id && home->parent.agency_id != *agency_id) continue;
    if (matching::DeriveHomeFacts(home->parent, home->trainings, home->placements, snapshot.today,
                                  policy.readiness, policy.long_unplaced_months)
            .long_unplaced) {
      out.push_back(*home);
    }
  }
  return out;
}

model::UnlockView ToUnlockView(const matching::Unlock& u) {
  model::UnlockView view;
  const auto kind = static_cast<size_t>(u.kind);
  view.kind = kind < kUnlockKinds.size() ? std::string(kUnlockKinds[kind]) : "other";
  if (u.need) view.need = std::string(matching::ToString(*u.need));
  view.needs_unlocked = u.needs_unlocked;
  view.ja = u.ja;
  view.en = u.en;
  return view;
}

}  // namespace

model::ReadinessView ToReadinessView(const matching::Readiness& r) {
  model::ReadinessView view{r.score, r.hard_ok, {}};
  for (const auto& g : r.missing) view.missing.push_back({g.hard, g.ja, g.en});
  return view;
}

model::LongUnplacedItem ToLongUnplacedItem(const matching::LongUnplacedEntry& e,
                                           const matching::HomeInput& home) {
  model::LongUnplacedItem item;
  item.foster_parent_id = e.foster_parent_id;
  item.agency_id = e.agency_id;
  item.household_name = home.parent.household_name;
  item.region = home.parent.region;
  for (auto type : home.parent.types.Names()) item.types.emplace_back(type);
  item.months_unplaced = e.facts.months_unplaced;
  if (e.facts.last_placement_ended_on) {
    item.last_placement_ended_on = e.facts.last_placement_ended_on->ToString();
  }
  item.readiness = ToReadinessView(e.facts.readiness);
  item.eligible_now = e.eligible_now;
  for (const auto& u : e.unlocks) item.unlocks.push_back(ToUnlockView(u));
  item.next_step = {e.next_step.code, e.next_step.ja, e.next_step.en};
  return item;
}

std::shared_ptr<const LongUnplacedList> LongUnplacedLists::Find(const MatchingSnapshot& snapshot,
                                                                std::optional<int64_t> agency_id) {
  std::lock_guard lock(mu_);
  if (version_ != snapshot.data_version || today_ != snapshot.today) return nullptr;
  auto it = by_view_.find(agency_id);
  return it == by_view_.end() ? nullptr : it->second;
}

std::shared_ptr<const LongUnplacedList> LongUnplacedLists::Get(const MatchingSnapshot& snapshot,
                                                               std::optional<int64_t> agency_id,
                                                               const NeedsReader& read_needs) {
  if (auto hit = Find(snapshot, agency_id)) return hit;
  std::lock_guard computing(computing_);
  if (auto hit = Find(snapshot, agency_id)) return hit;  // computed while this one waited
  const std::vector<matching::Need> needs = read_needs();
  auto list = std::make_shared<LongUnplacedList>();
  list->entries =
      snapshot.index->LongUnplaced(LongUnplacedHomes(snapshot, agency_id), needs, agency_id);
  list->open_needs_considered = needs.size();
  std::lock_guard lock(mu_);
  // A reader holding an older snapshot does not evict the lists of a newer one.
  if (snapshot.data_version < version_) return list;
  if (version_ != snapshot.data_version || today_ != snapshot.today) {
    by_view_.clear();
    version_ = snapshot.data_version;
    today_ = snapshot.today;
  }
  by_view_[agency_id] = list;
  return list;
}

}  // namespace fostermatch::usecases
