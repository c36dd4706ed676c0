#include "service/usecases/long_unplaced.h"

#include <algorithm>
#include <array>
#include <cassert>

namespace fostermatch::usecases {

namespace {

constexpr std::array<std::string_view, 10> kUnlockKinds = {
    "reactivate",  "renew_registration", "base_courses", "renewal_training", "specialized_training",
    "accept_need", "wider_age_range",    "both_sexes",   "more_siblings",    "not_respite_only"};

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

struct LongUnplacedList::Item {
  const matching::HomeInput* home = nullptr;
  const matching::HomeFacts* facts = nullptr;
  size_t index_position = 0;
  mutable std::once_flag computed;
  mutable matching::LongUnplacedEntry entry;
  mutable std::once_flag encoded_once;
  mutable std::string encoded;
};

LongUnplacedList::LongUnplacedList(std::shared_ptr<const MatchingSnapshot> snapshot,
                                   std::optional<int64_t> agency_id,
                                   std::span<const matching::Need> open_needs)
    : snapshot_(std::move(snapshot)),
      needs_(open_needs, *snapshot_->index),
      open_needs_considered_(open_needs.size()) {
  const MatchingSnapshot& s = *snapshot_;
  // The order's keys (readiness score, months unplaced, id) are derived fields, which the
  // snapshot holds: the list is sorted without the unlocks, and only the entries a page shows
  // are judged against the open needs.
  struct Listed {
    matching::ReadyOrderKey key;
    const HouseholdRow* row;  // in s.households
  };
  std::vector<Listed> listed;
  s.households.ForEach([&](const HouseholdRow& row) {
    const ListingKey& key = row.listing;
    if (!key.long_unplaced || (agency_id && key.agency_id != *agency_id)) return;
    listed.push_back({{key.readiness_score, key.months_unplaced, row.id()}, &row});
  });
  std::sort(listed.begin(), listed.end(), [](const Listed& a, const Listed& b) {
    return matching::KeyCloserToReady(a.key, b.key);
  });
  items_ = std::make_unique<Item[]>(listed.size());
  for (const auto& [key, row] : listed) {
    // A home the index leaves out (a region it does not know) is not listed, as the engine's.
    const auto position = s.index->Find(key.foster_parent_id);
    if (!position) continue;
    Item& item = items_[size_++];
    item.home = row->home.get();
    item.facts = &row->derived->facts();
    item.index_position = *position;
  }
}

LongUnplacedList::~LongUnplacedList() = default;

const matching::HomeInput& LongUnplacedList::Home(size_t position) const {
  return *items_[position].home;
}

const matching::LongUnplacedEntry& LongUnplacedList::Entry(size_t position) const {
  const Item& item = items_[position];
  std::call_once(item.computed, [&] {
    auto entry = snapshot_->index->LongUnplacedEntryOf(item.index_position, *item.home, needs_);
    // The home was listed by its derived fields, which are the entry's own.
    assert(entry && entry->facts.months_unplaced == item.facts->months_unplaced);
    item.entry = std::move(*entry);
  });
  return item.entry;
}

const std::string& LongUnplacedList::Encoded(size_t position, const Encoder& encode) const {
  const Item& item = items_[position];
  const matching::LongUnplacedEntry& entry = Entry(position);
  std::call_once(item.encoded_once, [&] { item.encoded = encode(entry, *item.home); });
  return item.encoded;
}

std::shared_ptr<const LongUnplacedList> LongUnplacedLists::Find(const MatchingSnapshot& snapshot,
                                                                std::optional<int64_t> agency_id) {
  std::lock_guard lock(mu_);
  if (version_ != snapshot.data_version || today_ != snapshot.today) return nullptr;
  auto it = by_view_.find(agency_id);
  return it == by_view_.end() ? nullptr : it->second;
}

std::shared_ptr<const LongUnplacedList> LongUnplacedLists::Get(
    std::shared_ptr<const MatchingSnapshot> shared, std::optional<int64_t> agency_id,
    const NeedsReader& read_needs) {
  const MatchingSnapshot& snapshot = *shared;
  if (auto hit = Find(snapshot, agency_id)) return hit;
  std::lock_guard computing(computing_);
  if (auto hit = Find(snapshot, agency_id)) return hit;  // made while this one waited
  const std::vector<matching::Need> needs = read_needs();
  auto list = std::make_shared<const LongUnplacedList>(std::move(shared), agency_id, needs);
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
