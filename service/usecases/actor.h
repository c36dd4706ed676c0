#pragma once

// Who acts in a use case: the audit log's actor, the role's permissions and an agency's scope.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include "matching/domain.h"

namespace fostermatch::usecases {

struct Actor {
  std::string name;  // "token:12", "user:alice", "cli"
  matching::Role role = matching::Role::kAdmin;
  std::optional<int64_t> agency_id;  // the agency role's own agency: limits what exists for it

  // The command line, run by an operator on the server: the admin's rights.
  static Actor Cli() { return {"cli", matching::Role::kAdmin, std::nullopt}; }
};

// A set of roles, usable in constant expressions.
class RoleSet final {
 public:
  constexpr RoleSet(std::initializer_list<matching::Role> roles) {
    for (matching::Role r : roles) bits_ |= Bit(r);
  }
  constexpr bool Has(matching::Role r) const { return (bits_ & Bit(r)) != 0; }

 private:
  static constexpr unsigned Bit(matching::Role r) { return 1u << static_cast<unsigned>(r); }
  unsigned bits_ = 0;
};

// Who may do what: each operation's use case checks one of these, and a front door may check
// the same set before it reads a request body, so a refused role learns nothing from validation.
inline constexpr RoleSet kAnyRole{matching::Role::kAdmin, matching::Role::kStaff,
                                  matching::Role::kAgency, matching::Role::kTrainer};
inline constexpr RoleSet kAdminOnly{matching::Role::kAdmin};
// Center staff: enter needs, record placements.
inline constexpr RoleSet kCenter{matching::Role::kAdmin, matching::Role::kStaff};
// Case work: households, the needs an agency may see, candidates, long-unplaced, proposals.
inline constexpr RoleSet kCasework{matching::Role::kAdmin, matching::Role::kStaff,
                                   matching::Role::kAgency};
// Training records by hand: case work and the trainer program.
inline constexpr RoleSet kTrainingRecords = kAnyRole;
// The trainer program's bulk import.
inline constexpr RoleSet kTrainingImport{matching::Role::kAdmin, matching::Role::kTrainer};

// Throws ForbiddenError unless the actor's role is in `roles`.
void RequireRole(const Actor& actor, RoleSet roles);

}  // namespace fostermatch::usecases
