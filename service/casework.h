#pragma once

// The service's operations on the system of record: what the API and the CLI call. Each write
// runs in one transaction with its audit entry, checks the caller's agency scope, and tells the
// matching index after it commits. Throws NotFoundError, ForbiddenError, ConflictError,
// ValidationError (service/errors.h) and storage errors. Thread-safe.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "matching/engine.h"
#include "service/matching_service.h"
#include "service/storage/database.h"
#include "service/storage/foster_parent_repository.h"
#include "service/storage/need_repository.h"

namespace fostermatch {

// Who acts: the audit log's actor, and the agency an agency coordinator is bound to.
struct Actor {
  std::string name;                  // "token:12", "cli"
  std::optional<int64_t> agency_id;  // set for the agency role: limits what exists for them
};

// A household with everything derived from its records.
struct FosterParentView {
  matching::FosterParent parent;
  matching::HomeFacts facts;
};

struct TrainingImportResult {
  int inserted = 0;
  int updated = 0;
  struct Rejected {
    size_t line;
    std::string error;
  };
  std::vector<Rejected> rejected;
};

class Casework final {
 public:
  Casework(storage::Database& db, MatchingService& matching) : db_(db), matching_(matching) {}

  // --- regions and agencies (admin) ---
  matching::Region SaveRegion(const matching::Region& region, const Actor& actor);
  matching::Agency CreateAgency(matching::Agency agency, const Actor& actor);
  matching::Agency UpdateAgency(const matching::Agency& agency, const Actor& actor);
  matching::Agency GetAgency(int64_t id);

  // --- foster parents ---
  FosterParentView GetFosterParent(int64_t id, const Actor& actor);
  // A page in id order after filter.after_id; `long_unplaced_only` filters on the derived flag.
  // `next_after` is set when more may follow.
  std::vector<FosterParentView> ListFosterParents(storage::FosterParentFilter filter,
                                                  bool long_unplaced_only, const Actor& actor,
                                                  std::optional<int64_t>* next_after);
  // Registration expiry defaults from the types (5 years; 2 for specialized) when not given.
  FosterParentView CreateFosterParent(matching::FosterParent fp, bool expiry_given,
                                      const Actor& actor);
  FosterParentView UpdateFosterParent(const matching::FosterParent& fp, const Actor& actor);

  // --- trainings ---
  std::vector<matching::Training> ListTrainings(int64_t foster_parent_id, const Actor& actor);
  matching::Training AddTraining(matching::Training t, const Actor& actor);
  // CSV with a header naming external_id, foster_parent_id, course, completed_on, hours,
  // provider, outcome in any order. One transaction; a bad line is reported and skipped, the
  // good ones land; idempotent on external_id.
  TrainingImportResult ImportTrainingsCsv(std::string_view csv, const Actor& actor);

  // --- needs (every read is audited) ---
  matching::Need GetNeed(int64_t id, const Actor& actor);
  std::vector<matching::Need> ListNeeds(storage::NeedFilter filter, const Actor& actor,
                                        std::optional<int64_t>* next_after);
  matching::Need CreateNeed(matching::Need need, const Actor& actor);
  matching::Need UpdateNeed(const matching::Need& need, const Actor& actor);

  // --- placements ---
  // Checks that the need is open or proposed and that the home is eligible and has room, inside
  // one transaction that excludes concurrent placements into the same home; marks the need placed.
  matching::Placement RecordPlacement(int64_t need_id, int64_t foster_parent_id,
                                      matching::Date started_on, const Actor& actor);
  matching::Placement EndPlacement(int64_t placement_id, matching::Date ended_on,
                                   const std::string& outcome, const Actor& actor);

 private:
  matching::HomeFacts Facts(const matching::FosterParent& fp,
                            const std::vector<matching::Training>& trainings,
                            const std::vector<matching::Placement>& placements) const;
  void CheckReferences(soci::session& s, const matching::FosterParent& fp) const;
  bool NeedVisible(soci::session& s, const matching::Need& need, const Actor& actor) const;

  storage::Database& db_;
  MatchingService& matching_;
};

}  // namespace fostermatch
