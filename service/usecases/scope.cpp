#include "service/usecases/scope.h"

#include "matching/scope.h"
#include "service/errors.h"
#include "service/storage/foster_parent_repository.h"
#include "service/storage/need_repository.h"
#include "service/storage/reference_repository.h"
#include "service/usecases/context.h"

namespace fostermatch::usecases {

bool MaySeeHousehold(const Actor& actor, const matching::FosterParent& household) {
  return !actor.agency_id || matching::AgencyOwnsHousehold(household, *actor.agency_id);
}

matching::FosterParent HouseholdInScope(soci::session& s, const Actor& actor, int64_t id) {
  std::optional<matching::FosterParent> fp;
  try {
    fp = storage::FosterParentRepository(s).Find(id);
  } catch (const UnreadableRecordError&) {
    // An agency may not learn that another agency's record exists, broken or not.
    if (actor.agency_id) throw NotFoundError("foster parent " + std::to_string(id));
    throw;
  }
  if (!fp || !MaySeeHousehold(actor, *fp)) {
    throw NotFoundError("foster parent " + std::to_string(id));
  }
  return *fp;
}

bool MaySeeNeed(const Actor& actor, const matching::Need& need,
                const std::vector<matching::Agency>& agencies) {
  return !actor.agency_id || matching::AgencyMaySeeNeed(need, *actor.agency_id, agencies);
}

namespace {

// The need, or nullopt; an agency is told an unreadable need does not exist.
std::optional<matching::Need> FindNeed(soci::session& s, const Actor& actor, int64_t id) {
  try {
    return storage::NeedRepository(s).Find(id);
  } catch (const UnreadableRecordError&) {
    if (actor.agency_id) throw NotFoundError("need " + std::to_string(id));
    throw;
  }
}

}  // namespace

matching::Need NeedInScope(soci::session& s, const Actor& actor, int64_t id) {
  std::optional<matching::Need> need = FindNeed(s, actor, id);
  if (!need) throw NotFoundError("need " + std::to_string(id));
  if (actor.agency_id) {
    auto agency = storage::ReferenceRepository(s).FindAgency(*actor.agency_id);
    std::vector<matching::Agency> own;
    if (agency) own.push_back(*agency);
    if (!MaySeeNeed(actor, *need, own)) throw NotFoundError("need " + std::to_string(id));
  }
  return *need;
}

matching::Need NeedInScope(AuditedRead& read, const MatchingSnapshot& snapshot, NeedCache& cache,
                           int64_t id) {
  const std::optional<matching::Need> need = cache.Find(
      id, snapshot.needs_version, [&] { return FindNeed(read.session(), read.actor(), id); });
  if (!need || !MaySeeNeed(read.actor(), *need, snapshot.agencies)) {
    throw NotFoundError("need " + std::to_string(id));
  }
  return *need;
}

}  // namespace fostermatch::usecases
