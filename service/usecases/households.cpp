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

// A household the snapshot lacks (absent, or a row that cannot be decoded), as the database has
// it; its derived fields as of today.
HouseholdEntry GetFromStorage(Context& ctx, int64_t id, const Actor& actor) {
  return Read(ctx, [&](soci::session& s) {
    FosterParent fp = HouseholdInScope(s, actor, id);
    auto trainings = storage::TrainingRepository(s).ListForFosterParent(fp.id);
    auto placements = storage::PlacementRepository(s).ListForFosterParent(fp.id);
    auto home = std::make_shared<const HomeInput>(
        HomeInput{std::move(fp), std::move(trainings), std::move(placements)});
    auto derived = DerivedHousehold::Of(*home, ctx.Today(), ctx.config.policy);
    return HouseholdEntry{std::move(home), std::move(derived)};
  });
}

// The query's filters on stored fields (the derived one is the caller's).
bool Matches(const HouseholdQuery& q, const FosterParent& fp) {
  return (!q.region || fp.region == *q.region) && (!q.agency_id || fp.agency_id == *q.agency_id) &&
         (!q.status || fp.status == *q.status) && (!q.type || fp.types.Has(*q.type));
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

HouseholdEntry Households::GetEntry(int64_t id, const Actor& actor) {
  RequireRole(actor, kCasework);
  const auto snapshot = ctx_.matching.Current();
  const HouseholdRow* row = snapshot->households.Find(id);
  // Not in the snapshot: absent, or a row that cannot be decoded; the database says which.
  if (!row) return GetFromStorage(ctx_, id, actor);
  if (!MaySeeHousehold(actor, row->home->parent)) {
    throw NotFoundError("foster parent " + std::to_string(id));
  }
  return {row->home, row->derived};
}

Page<FosterParentView> Households::List(HouseholdQuery query, const Actor& actor) {
  Page<HouseholdEntry> entries = ListEntries(std::move(query), actor);
  Page<FosterParentView> page;
  page.items.reserve(entries.items.size());
  for (const HouseholdEntry& entry : entries.items) page.items.push_back(entry.View());
  page.next_after = entries.next_after;
  return page;
}

Page<HouseholdEntry> Households::ListEntries(HouseholdQuery query, const Actor& actor) {
  RequireRole(actor, kCasework);
  if (actor.agency_id) {
    if (query.agency_id && *query.agency_id != *actor.agency_id) {
      throw ForbiddenError("an agency sees only its own agency's households");
    }
    query.agency_id = actor.agency_id;
  }
  const size_t limit = static_cast<size_t>(std::max(1, query.limit));
  const auto snapshot = ctx_.matching.Current();
  Page<HouseholdEntry> page;
  page.items.reserve(std::min<size_t>(limit, snapshot->households.size()));
  snapshot->households.ForEachAfter(query.after_id, [&](const HouseholdRow& row) {
    if (!Matches(query, row.home->parent)) return true;
    if (query.long_unplaced_only && !row.listing.long_unplaced) return true;
    // One more match than the page holds: another page follows.
    if (page.items.size() == limit) {
      page.next_after = page.items.back().parent().id;
      return false;
    }
    page.items.push_back({row.home, row.derived});
    return true;
  });
  return page;
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
