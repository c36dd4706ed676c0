#include "service/usecases/placements.h"

#include <algorithm>
#include <memory>

#include "matching/engine.h"
#include "service/errors.h"
#include "service/storage/foster_parent_repository.h"
#include "service/storage/match_run_repository.h"
#include "service/storage/need_repository.h"
#include "service/storage/placement_repository.h"
#include "service/storage/reference_repository.h"
#include "service/storage/training_repository.h"
#include "service/usecases/context.h"
#include "service/usecases/monthly_run.h"
#include "service/usecases/scope.h"

namespace fostermatch::usecases {

using namespace matching;

namespace {

constexpr size_t kMaxOutcomeBytes = 100;

// Row locks make concurrent placements into one home (or of one need) wait for each other, so
// the capacity check sees the other's placement.
Need LockOpenNeed(Work& work, int64_t need_id) {
  storage::NeedRepository needs(work.session());
  if (!needs.LockForUpdate(need_id, work.postgres())) {
    throw ValidationError("need_id", "no need has id " + std::to_string(need_id));
  }
  Need need = *needs.Find(need_id);
  if (need.status != NeedStatus::kOpen && need.status != NeedStatus::kProposed) {
    throw ConflictError("need " + std::to_string(need_id) + " is " +
                        std::string(ToString(need.status)) + ", not open");
  }
  return need;
}

// The home with its records, and the places its accepted proposals for other needs hold.
HomeInput LockHome(Work& work, int64_t foster_parent_id, int64_t need_id) {
  soci::session& s = work.session();
  storage::FosterParentRepository parents(s);
  if (!parents.LockForUpdate(foster_parent_id, work.postgres())) {
    throw ValidationError("foster_parent_id",
                          "no foster parent has id " + std::to_string(foster_parent_id));
  }
  HomeInput home{*parents.Find(foster_parent_id),
                 storage::TrainingRepository(s).ListForFosterParent(foster_parent_id),
                 storage::PlacementRepository(s).ListForFosterParent(foster_parent_id)};
  auto held = storage::MatchRunRepository(s).ListHeldPlaces();
  std::erase_if(held, [&](const Placement& p) { return p.need_id == need_id; });
  HoldPlaces(held, work.context().Today(), std::span<HomeInput>(&home, 1));
  return home;
}

// The engine's hard rules decide eligibility, judged on the start date. Distance is a
// preference for ranking, not a bar to a placement a person has decided on.
void CheckEligible(Work& work, const HomeInput& home, const Need& need, Date started_on) {
  const Context& ctx = work.context();
  storage::ReferenceRepository reference(work.session());
  auto regions =
      std::make_shared<RegionDistances>(reference.ListRegions(), reference.ListTravelMinutes());
  const Date judged_on = std::max(started_on, ctx.Today());
  HomeIndex one(std::span<const HomeInput>(&home, 1), regions, judged_on, ctx.config.policy);
  Need on_start = need;
  on_start.earliest_start = started_on;
  const auto why = one.size() == 1 ? one.Check(0, on_start) : std::nullopt;
  if (!why || *why == Exclusion::kTooFar) return;
  const std::string home_name = "foster parent " + std::to_string(home.parent.id);
  if (*why == Exclusion::kNoCapacity || *why == Exclusion::kTooManySiblings) {
    const HomeFacts facts =
        DeriveHomeFacts(home.parent, home.trainings, home.placements, judged_on,
                        ctx.config.policy.readiness, ctx.config.policy.long_unplaced_months);
    throw ConflictError(home_name + " has no room for " + std::to_string(need.siblings) +
                        " child(ren): capacity " + std::to_string(home.parent.capacity) + ", " +
                        std::to_string(facts.committed_children) + " placed");
  }
  throw ConflictError(home_name + " is not eligible for need " + std::to_string(need.id) + ": " +
                      std::string(ExclusionName(*why)));
}

}  // namespace

Placement Placements::Record(int64_t need_id, int64_t foster_parent_id, Date started_on,
                             const Actor& actor) {
  RequireRole(actor, kCenter);
  return Write(ctx_, actor, [&](Work& work) {
    const Need need = LockOpenNeed(work, need_id);
    const HomeInput home = LockHome(work, foster_parent_id, need_id);
    CheckEligible(work, home, need, started_on);
    Placement p;
    p.need_id = need_id;
    p.foster_parent_id = foster_parent_id;
    p.children = need.siblings;
    p.started_on = started_on;
    p.id = storage::PlacementRepository(work.session()).Insert(p);
    storage::NeedRepository(work.session()).SetStatus(need_id, NeedStatus::kPlaced);
    work.Audit("create", "placement", p.id,
               "need " + std::to_string(need_id) + " with foster_parent " +
                   std::to_string(foster_parent_id));
    work.ChangesMatching();
    return p;
  });
}

Placement Placements::End(int64_t placement_id, Date ended_on, const std::string& outcome,
                          const Actor& actor) {
  RequireRole(actor, kCenter);
  if (outcome.size() > kMaxOutcomeBytes) {
    throw ValidationError("outcome", "must be at most 100 bytes");
  }
  return Write(ctx_, actor, [&](Work& work) {
    storage::PlacementRepository repo(work.session());
    auto p = repo.Find(placement_id);
    if (!p) throw NotFoundError("placement " + std::to_string(placement_id));
    if (p->ended_on) {
      throw ConflictError("placement " + std::to_string(placement_id) + " has ended already");
    }
    if (ended_on < p->started_on) {
      throw ValidationError("ended_on",
                            "must not be before started_on " + p->started_on.ToString());
    }
    repo.End(placement_id, ended_on, outcome);
    work.Audit("end", "placement", placement_id);
    work.ChangesMatching();
    p->ended_on = ended_on;
    p->outcome = outcome;
    return *p;
  });
}

std::vector<Placement> Placements::ListForHousehold(int64_t foster_parent_id, const Actor& actor) {
  RequireRole(actor, kCasework);
  return Read(ctx_, [&](soci::session& s) {
    HouseholdInScope(s, actor, foster_parent_id);
    return storage::PlacementRepository(s).ListForFosterParent(foster_parent_id);
  });
}

}  // namespace fostermatch::usecases
