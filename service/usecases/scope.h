#pragma once

// Inside the use-case layer: the agency scope applied to records as they are read. One place for
// "an agency touches only its own households" and "an agency sees the needs shared with it".

#include <soci/soci.h>

#include <cstdint>
#include <vector>

#include "matching/domain.h"
#include "service/usecases/actor.h"

namespace fostermatch::usecases {

class AuditedRead;
class NeedCache;
struct MatchingSnapshot;

// True if the actor may see the household: all but an agency see every one.
bool MaySeeHousehold(const Actor& actor, const matching::FosterParent& household);

// The household, if it exists and the actor may see it; NotFoundError otherwise (another
// agency's household does not exist for an agency, so ids do not leak).
matching::FosterParent HouseholdInScope(soci::session& s, const Actor& actor, int64_t id);

// The need, likewise: an agency sees only the needs shared with it.
matching::Need NeedInScope(soci::session& s, const Actor& actor, int64_t id);

// The same, for readers that hold a matching snapshot: the need from `cache` at the snapshot's
// data version (read through `read`'s session on a miss), the agencies from the snapshot.
matching::Need NeedInScope(AuditedRead& read, const MatchingSnapshot& snapshot, NeedCache& cache,
                           int64_t id);

// True if the actor may see the need; `agencies` is every agency (read once per request).
bool MaySeeNeed(const Actor& actor, const matching::Need& need,
                const std::vector<matching::Agency>& agencies);

}  // namespace fostermatch::usecases
