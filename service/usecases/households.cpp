#include "service/usecases/households.h"

#include <algorithm>

#include "matching/validation.h"
#include "service/errors.h"
#include "service/storage/foster_parent_repository.h"
#include "service/storage/placement_repository.h"
#include "service/storage/reference_repository.h"
#include "service/storage/training_repository.h"
#include "service/usecases/changes.h"
#include "service/usecases/context.h"
#include "service/usecases/scope.h"

namespace fostermatch::usecases {

using namespace matching;

namespace {

HomeFacts Facts(const Context& ctx, const FosterParent& fp, std::span<const Training> trainings,
                std::span<const Placement> placements) {
  const MatchPolicy& policy = ctx.config.policy;
  return DeriveHomeFacts(fp, trainings, placements, ctx.Today(), policy.readiness,
                         policy.long_unplaced_months);
}

HomeFacts FactsFromStorage(soci::session& s, const Context& ctx, const FosterParent& fp) {
  const auto trainings = storage::TrainingRepository(s).ListForFosterParent(fp.id);
  const auto placements = storage::PlacementRepository(s).ListForFosterParent(fp.id);
  return Facts(ctx, fp, trainings, placements);
}

void CheckReferences(soci::session& s, const FosterParent& fp) {
  storage::ReferenceRepository repo(s);
  std::vector<FieldError> errors;
  if (!repo.FindRegion(fp.region)) errors.push_back({"region", "no region has code " + fp.region});
  if (!repo.FindAgency(fp.agency_id)) {
    errors.push_back({"agency_id", "no agency has id " + std::to_string(fp.agency_id)});
  }
  ThrowIfAny(std::move(errors));
}

// Collects one household's rows from the batch's sorted trainings or placements.
template <typename T>
std::vector<T> Own(const std::vector<T>& rows, size_t& at, int64_t id) {
  std::vector<T> own;
  while (at < rows.size() && rows[at].foster_parent_id < id) ++at;
  while (at < rows.size() && rows[at].foster_parent_id == id) own.push_back(rows[at++]);
  return own;
}

}  // namespace

void ApplyChanges(const FosterParentChanges& c, bool create, FosterParent& fp) {
  const FosterParent before = fp;
  Set(c.agency_id, fp.agency_id);
  Set(c.household_name, fp.household_name);
  Set(c.region, fp.region);
  Set(c.types, fp.types);
  Set(c.status, fp.status);
  Set(c.registered_on, fp.registered_on);
  Set(c.capacity, fp.capacity);
  Set(c.own_children, fp.own_children);
  Set(c.accepts.age_min, fp.accepts.age_min);
  Set(c.accepts.age_max, fp.accepts.age_max);
  Set(c.accepts.sexes, fp.accepts.sexes);
  Set(c.accepts.max_siblings, fp.accepts.max_siblings);
  Set(c.accepts.needs, fp.accepts.needs);
  Set(c.respite_only, fp.respite_only);
  Set(c.notes, fp.notes);
  if (c.registration_expires_on) {
    fp.registration_expires_on = *c.registration_expires_on;
  } else if (create || fp.registered_on != before.registered_on || !(fp.types == before.types)) {
    fp.registration_expires_on = DefaultRegistrationExpiry(fp.types, fp.registered_on);
  }
}

FosterParentView Households::Get(int64_t id, const Actor& actor) {
  RequireRole(actor, kCasework);
  return Read(ctx_, [&](soci::session& s) {
    FosterParent fp = HouseholdInScope(s, actor, id);
    HomeFacts facts = FactsFromStorage(s, ctx_, fp);
    return FosterParentView{std::move(fp), std::move(facts)};
  });
}

Page<FosterParentView> Households::List(HouseholdQuery query, const Actor& actor) {
  RequireRole(actor, kCasework);
  if (actor.agency_id) {
    if (query.agency_id && *query.agency_id != *actor.agency_id) {
      throw ForbiddenError("an agency sees only its own agency's households");
    }
    query.agency_id = actor.agency_id;
  }
  const int limit = std::max(1, query.limit);
  storage::FosterParentFilter filter{query.region, query.agency_id, query.status,
                                     query.type,   query.after_id,  0};
  // Reads one more than needed to know whether another page follows; with a filter on derived
  // fields, reads batches until the page is full or the table ends.
  filter.limit = query.long_unplaced_only ? std::max(kScanBatch, limit + 1) : limit + 1;
  return Read(ctx_, [&](soci::session& s) {
    Page<FosterParentView> page;
    while (true) {
      storage::Scan scan;
      const auto batch = storage::FosterParentRepository(s).List(filter, &scan);
      if (scan.rows == 0) return page;
      if (batch.empty()) {  // every row of the batch was unreadable (and logged)
        filter.after_id = scan.last_id;
        continue;
      }
      const auto trainings =
          storage::TrainingRepository(s).ListForFosterParents(batch.front().id, batch.back().id);
      const auto placements =
          storage::PlacementRepository(s).ListForFosterParents(batch.front().id, batch.back().id);
      size_t ti = 0, pi = 0;
      for (const FosterParent& fp : batch) {
        HomeFacts facts = Facts(ctx_, fp, Own(trainings, ti, fp.id), Own(placements, pi, fp.id));
        if (query.long_unplaced_only && !facts.long_unplaced) continue;
        if (static_cast<int>(page.items.size()) == limit) {
          page.next_after = page.items.back().parent.id;
          return page;
        }
        page.items.push_back({fp, std::move(facts)});
      }
      if (scan.rows < filter.limit) return page;
      filter.after_id = scan.last_id;
    }
  });
}

FosterParentView Households::Create(const FosterParentChanges& changes, const Actor& actor) {
  RequireRole(actor, kCasework);
  FosterParent fp;
  // An agency coordinator registers for their own agency unless they say otherwise.
  if (actor.agency_id) fp.agency_id = *actor.agency_id;
  ApplyChanges(changes, /*create=*/true, fp);
  if (fp.agency_id == 0) throw ValidationError("agency_id", "is required");
  if (actor.agency_id && fp.agency_id != *actor.agency_id) {
    throw ForbiddenError("an agency registers households for its own agency only");
  }
  ThrowIfAny(ValidateFosterParent(fp));
  return Write(ctx_, actor, [&](Work& work) {
    CheckReferences(work.session(), fp);
    fp.id = storage::FosterParentRepository(work.session()).Insert(fp);
    work.Audit("create", "foster_parent", fp.id);
    work.ChangesMatching();
    return FosterParentView{fp, Facts(ctx_, fp, {}, {})};
  });
}

FosterParentView Households::Update(int64_t id, const FosterParentChanges& changes,
                                    const Actor& actor) {
  RequireRole(actor, kCasework);
  return Write(ctx_, actor, [&](Work& work) {
    soci::session& s = work.session();
    FosterParent fp = HouseholdInScope(s, actor, id);
    ApplyChanges(changes, /*create=*/false, fp);
    if (actor.agency_id && fp.agency_id != *actor.agency_id) {
      throw ForbiddenError("an agency cannot move a household to another agency");
    }
    ThrowIfAny(ValidateFosterParent(fp));
    CheckReferences(s, fp);
    HomeFacts facts = FactsFromStorage(s, ctx_, fp);
    if (fp.capacity < facts.committed_children) {
      throw ValidationError("capacity", "cannot be below the " +
                                            std::to_string(facts.committed_children) +
                                            " children placed with the household");
    }
    storage::FosterParentRepository(s).Update(fp);
    work.Audit("update", "foster_parent", fp.id);
    work.ChangesMatching();
    return FosterParentView{std::move(fp), std::move(facts)};
  });
}

}  // namespace fostermatch::usecases
