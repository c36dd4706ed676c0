#pragma once

#include <string>
#include <vector>

#include "service/storage/database.h"

namespace fostermatch::storage {

struct Migration {
  int version;
  std::string name;
  std::string sql;  // may contain {{id}}: the engine's auto-increment primary key
};

// schema/*.sql, compiled into the binary, in version order.
const std::vector<Migration>& EmbeddedMigrations();

// Applies each migration not yet recorded in schema_migrations, each in its own transaction,
// and returns how many it applied. Safe to run concurrently from several processes and again
// and again (idempotent). Throws StorageError.
int Migrate(Database& db, const std::vector<Migration>& migrations = EmbeddedMigrations());

// The highest applied version, 0 for an empty database.
int CurrentSchemaVersion(Database& db);

}  // namespace fostermatch::storage
