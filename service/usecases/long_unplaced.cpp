#include "service/usecases/long_unplaced.h"

#include <array>

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

}  // namespace fostermatch::usecases
