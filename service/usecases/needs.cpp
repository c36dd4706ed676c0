#include "service/usecases/needs.h"

#include <algorithm>

#include "matching/validation.h"
#include "service/errors.h"
#include "service/storage/need_repository.h"
#include "service/storage/reference_repository.h"
#include "service/usecases/changes.h"
#include "service/usecases/context.h"
#include "service/usecases/scope.h"

namespace fostermatch::usecases {

using namespace matching;

namespace {

void CheckReferences(soci::session& s, const Need& n) {
  storage::ReferenceRepository repo(s);
  std::vector<FieldError> errors;
  if (!repo.FindRegion(n.region)) errors.push_back({"region", "no region has code " + n.region});
  for (int64_t a : n.shared_with) {
    if (!repo.FindAgency(a))
      errors.push_back({"shared_with", "no agency has id " + std::to_string(a)});
  }
  ThrowIfAny(std::move(errors));
}

}  // namespace

void ApplyChanges(const NeedChanges& c, Need& n) {
  Set(c.case_ref, n.case_ref);
  Set(c.region, n.region);
  Set(c.child_age_years, n.child.age_years);
  Set(c.child_sex, n.child.sex);
  Set(c.siblings, n.siblings);
  Set(c.needs, n.needs);
  Set(c.kind, n.kind);
  Set(c.requires_type, n.requires_type);
  Set(c.earliest_start, n.earliest_start);
  Set(c.urgency, n.urgency);
  Set(c.status, n.status);
  Set(c.shared_with, n.shared_with);
}

Need Needs::Get(int64_t id, const Actor& actor) {
  RequireRole(actor, kCasework);
  return ReadAudited(ctx_, actor, [&](AuditedRead& read) {
    Need need = NeedInScope(read.session(), actor, id);
    read.Audit("read", "need", id);
    return need;
  });
}

Page<Need> Needs::List(NeedQuery query, const Actor& actor) {
  RequireRole(actor, kCasework);
  const int limit = std::max(1, query.limit);
  storage::NeedFilter filter{query.status, query.region, query.after_id, 0};
  filter.limit = actor.agency_id ? std::max(kScanBatch, limit + 1) : limit + 1;
  return ReadAudited(ctx_, actor, [&](AuditedRead& read) {  // every need read is audited
    const auto agencies = storage::ReferenceRepository(read.session()).ListAgencies();
    storage::NeedRepository repo(read.session());
    Page<Need> page;
    for (bool more = true; more;) {
      storage::Scan scan;
      const auto batch = repo.List(filter, &scan);
      for (const Need& n : batch) {
        if (!MaySeeNeed(actor, n, agencies)) continue;
        if (static_cast<int>(page.items.size()) == limit) {
          page.next_after = page.items.back().id;
          break;
        }
        page.items.push_back(n);
      }
      // Rows left out as unreadable still count, so a bad row neither ends the list early nor
      // is read twice.
      more = !page.next_after && scan.rows == filter.limit;
      if (more) filter.after_id = scan.last_id;
    }
    for (const Need& n : page.items) read.Audit("read", "need", n.id, "list");
    return page;
  });
}

Need Needs::Create(const NeedChanges& changes, const Actor& actor) {
  RequireRole(actor, kCenter);
  Need need;
  ApplyChanges(changes, need);
  std::vector<FieldError> errors = ValidateNeed(need);
  if (need.status == NeedStatus::kPlaced) {
    errors.push_back({"status", "placed is set by recording a placement"});
  }
  ThrowIfAny(std::move(errors));
  return Write(ctx_, actor, [&](Work& work) {
    CheckReferences(work.session(), need);
    need.id = storage::NeedRepository(work.session()).Insert(need);
    work.ChangesMatching();  // the long-unplaced lists count unlocks against the open needs
    work.Audit("create", "need", need.id);
    return need;
  });
}

Need Needs::Update(int64_t id, const NeedChanges& changes, const Actor& actor) {
  RequireRole(actor, kCenter);
  return Write(ctx_, actor, [&](Work& work) {
    const Need before = NeedInScope(work.session(), actor, id);
    Need need = before;
    ApplyChanges(changes, need);
    ThrowIfAny(ValidateNeed(need));
    if (need.status != before.status) {
      if (before.status == NeedStatus::kPlaced) {
        throw ConflictError("the need is placed; end the placement to change it");
      }
      if (need.status == NeedStatus::kPlaced) {
        throw ValidationError("status", "placed is set by recording a placement");
      }
    }
    CheckReferences(work.session(), need);
    storage::NeedRepository(work.session()).Update(need);
    work.ChangesMatching();  // the long-unplaced lists count unlocks against the open needs
    work.Audit("update", "need", need.id);
    return need;
  });
}

}  // namespace fostermatch::usecases
