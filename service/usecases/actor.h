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

// Throws ForbiddenError unless the actor's role is one of `roles`.
void RequireRole(const Actor& actor, std::initializer_list<matching::Role> roles);

}  // namespace fostermatch::usecases
