#pragma once

// The audit log: who read or changed what, and when. Entries are written by every other use
// case in the transaction of its change; this one reads them.

#include "service/model/records.h"
#include "service/usecases/actor.h"
#include "service/usecases/page.h"

namespace fostermatch::usecases {

struct Context;

// Admin only. Throws ForbiddenError. Thread-safe.
class AuditLog final {
 public:
  explicit AuditLog(Context& ctx) : ctx_(ctx) {}

  // Newest first; `next_after` continues below the last id.
  Page<model::AuditEntry> List(model::AuditQuery query, const Actor& actor);

 private:
  Context& ctx_;
};

}  // namespace fostermatch::usecases
