#include "service/usecases/dashboard.h"

#include <algorithm>
#include <map>

#include "service/storage/need_repository.h"
#include "service/storage/reference_repository.h"
#include "service/usecases/context.h"
#include "service/usecases/monthly_run.h"
#include "service/usecases/scope.h"

namespace fostermatch::usecases {

using matching::NeedStatus;

Overview Dashboard::Get(const Actor& actor, size_t waiting_limit) {
  RequireRole(actor, kCasework);
  auto snapshot = ctx_.matching.Current();
  MonthlyRunInput in;
  in.today = snapshot->today;
  in.policy = ctx_.config.policy;
  in.agencies = snapshot->agencies;
  // An agency's figures cover its own households, as everywhere else.
  snapshot->households.ForEach([&](const HouseholdRow& row) {
    if (!actor.agency_id || row.home->parent.agency_id == *actor.agency_id) {
      in.homes.push_back(*row.home);
    }
  });
  Overview o;
  o.today = in.today;
  ReadAudited(ctx_, actor, [&](AuditedRead& read) {
    in.regions = storage::ReferenceRepository(read.session()).ListRegions();
    storage::NeedRepository needs(read.session());
    for (NeedStatus status : {NeedStatus::kOpen, NeedStatus::kProposed}) {
      storage::NeedFilter filter;
      filter.status = status;
      for (auto& n : needs.List(filter)) {
        if (MaySeeNeed(actor, n, in.agencies)) in.open_needs.push_back(std::move(n));
      }
    }
    read.Audit("read", "dashboard", "open_needs",
               std::to_string(std::min(waiting_limit, in.open_needs.size())) + " needs listed");
  });
  o.statistics = ComputeStatistics(in);
  o.open_needs = static_cast<int>(in.open_needs.size());
  std::map<int64_t, AgencyLongUnplaced> by_agency;
  for (const auto& a : in.agencies) {
    if (!actor.agency_id || a.id == *actor.agency_id) by_agency[a.id] = {a.id, a.name, 0, 0};
  }
  for (const auto& home : in.homes) {
    if (home.parent.status == matching::ParentStatus::kWithdrawn) continue;
    const auto facts =
        matching::DeriveHomeFacts(home.parent, home.trainings, home.placements, in.today,
                                  in.policy.readiness, in.policy.long_unplaced_months);
    auto& row = by_agency[home.parent.agency_id];
    ++row.households;
    if (facts.long_unplaced) {
      ++row.long_unplaced;
      ++o.long_unplaced;
    }
  }
  for (auto& [id, row] : by_agency) o.by_agency.push_back(row);
  std::sort(in.open_needs.begin(), in.open_needs.end(), [](const auto& a, const auto& b) {
    return a.earliest_start != b.earliest_start ? a.earliest_start < b.earliest_start : a.id < b.id;
  });
  for (const auto& n : in.open_needs) {
    o.proposed_needs += n.status == NeedStatus::kProposed;
    if (o.waiting_longest.size() < waiting_limit) {
      o.waiting_longest.push_back({n, in.today.days() - n.earliest_start.days()});
    }
  }
  return o;
}

}  // namespace fostermatch::usecases
