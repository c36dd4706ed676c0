#include "service/usecases/audit.h"

#include <algorithm>

#include "service/storage/auth_repository.h"
#include "service/usecases/context.h"

namespace fostermatch::usecases {

Page<model::AuditEntry> AuditLog::List(model::AuditQuery query, const Actor& actor) {
  RequireRole(actor, kAdminOnly);
  const int limit = std::max(1, query.limit);
  query.limit = limit + 1;  // one more tells whether another page follows
  return Read(ctx_, [&](soci::session& s) {
    Page<model::AuditEntry> page;
    page.items = storage::AuditRepository(s).List(query);
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.pop_back();
      page.next_after = page.items.back().id;
    }
    return page;
  });
}

}  // namespace fostermatch::usecases
