#pragma once

// Children's placement needs. Every read of a need is audited.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "matching/domain.h"
#include "service/usecases/actor.h"
#include "service/usecases/page.h"

namespace fostermatch::usecases {

struct Context;

// The fields a create or a change names; absent fields stay as they are (on create: defaults).
struct NeedChanges {
  std::optional<std::string> case_ref;
  std::optional<std::string> region;
  std::optional<int> child_age_years;
  std::optional<matching::Sex> child_sex;
  std::optional<int> siblings;
  std::optional<matching::NeedCategories> needs;
  std::optional<matching::NeedKind> kind;
  std::optional<std::optional<matching::FosterType>> requires_type;  // inner nullopt: clear it
  std::optional<matching::Date> earliest_start;
  std::optional<int> urgency;
  std::optional<matching::NeedStatus> status;
  std::optional<std::vector<int64_t>> shared_with;
};

void ApplyChanges(const NeedChanges& changes, matching::Need& need);

struct NeedQuery {
  std::optional<matching::NeedStatus> status;
  std::optional<std::string> region;
  int64_t after_id = 0;
  int limit = kDefaultPageSize;
};

// Read: admin, staff, and an agency (the needs shared with it). Write: admin and staff.
// Throws NotFoundError, ForbiddenError, ValidationError, ConflictError. Thread-safe.
class Needs final {
 public:
  explicit Needs(Context& ctx) : ctx_(ctx) {}

  matching::Need Get(int64_t id, const Actor& actor);
  Page<matching::Need> List(NeedQuery query, const Actor& actor);
  matching::Need Create(const NeedChanges& changes, const Actor& actor);
  // Read, change and write in one transaction.
  matching::Need Update(int64_t id, const NeedChanges& changes, const Actor& actor);

 private:
  Context& ctx_;
};

}  // namespace fostermatch::usecases
