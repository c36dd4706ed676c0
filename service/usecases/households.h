#pragma once

// Foster households: register, change, read with everything derived from their records.

#include <memory>
#include <optional>
#include <string>

#include "matching/domain.h"
#include "matching/readiness.h"
#include "service/usecases/actor.h"
#include "service/usecases/matching_snapshot.h"
#include "service/usecases/page.h"

namespace fostermatch::usecases {

struct Context;

// A household with everything derived from its records.
struct FosterParentView {
  matching::FosterParent parent;
  matching::HomeFacts facts;
};

// A household with everything derived from its records, shared with the matching snapshot
// rather than copied: what a list page or a read encodes. `derived` is as of the snapshot's day;
// its Encoded() text is written once per household per change and day.
struct HouseholdEntry {
  std::shared_ptr<const matching::HomeInput> home;
  std::shared_ptr<const DerivedHousehold> derived;

  const matching::FosterParent& parent() const { return home->parent; }
  const matching::HomeFacts& facts() const { return derived->facts(); }
  FosterParentView View() const { return {home->parent, derived->facts()}; }
};

// The fields a create or a change names; absent fields stay as they are (on create: defaults).
struct AcceptsChanges {
  std::optional<int> age_min;
  std::optional<int> age_max;
  std::optional<matching::Sexes> sexes;
  std::optional<int> max_siblings;
  std::optional<matching::NeedCategories> needs;
};

struct FosterParentChanges {
  std::optional<int64_t> agency_id;
  std::optional<std::string> household_name;
  std::optional<std::string> region;
  std::optional<matching::FosterTypes> types;
  std::optional<matching::ParentStatus> status;
  std::optional<matching::Date> registered_on;
  std::optional<matching::Date> registration_expires_on;
  std::optional<int> capacity;
  std::optional<int> own_children;
  AcceptsChanges accepts;
  std::optional<bool> respite_only;
  std::optional<std::string> notes;
};

// Applies `changes` to `fp`. The registration expiry follows the types and the registration
// date (5 years; 2 with the specialized type) unless the changes give one: set on create, and
// moved when a change names a new registration date or type set.
void ApplyChanges(const FosterParentChanges& changes, bool create, matching::FosterParent& fp);

struct HouseholdQuery {
  std::optional<std::string> region;
  std::optional<int64_t> agency_id;
  std::optional<matching::ParentStatus> status;
  std::optional<matching::FosterType> type;
  bool long_unplaced_only = false;
  int64_t after_id = 0;
  int limit = kDefaultPageSize;
};

// Admin, staff and agency (its own households). Throws NotFoundError, ForbiddenError,
// ValidationError, ConflictError. Thread-safe.
class Households final {
 public:
  explicit Households(Context& ctx) : ctx_(ctx) {}

  // Reads come from the matching snapshot (as of the database's data version), not a query per
  // household; only an id the snapshot lacks is looked up in the database. Derived fields are
  // computed once per household per change and day, not per read.
  FosterParentView Get(int64_t id, const Actor& actor) { return GetEntry(id, actor).View(); }
  HouseholdEntry GetEntry(int64_t id, const Actor& actor);
  // A page in id order; an agency's query is limited to its own agency.
  Page<FosterParentView> List(HouseholdQuery query, const Actor& actor);
  Page<HouseholdEntry> ListEntries(HouseholdQuery query, const Actor& actor);
  // An agency registers for its own agency (the default when agency_id is absent).
  FosterParentView Create(const FosterParentChanges& changes, const Actor& actor);
  // Read, change and write in one transaction.
  FosterParentView Update(int64_t id, const FosterParentChanges& changes, const Actor& actor);

 private:
  Context& ctx_;
};

}  // namespace fostermatch::usecases
