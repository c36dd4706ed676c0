// backup and restore of a SQLite database. PostgreSQL: pg_dump and pg_restore (README
// "Operations").

#include <filesystem>
#include <iostream>

#include "service/cli/commands.h"
#include "service/storage/backup.h"
#include "service/storage/migrations.h"

namespace fostermatch::cli {
namespace {

struct RestoreOptions {
  std::string from;
  bool force = false;
};

// The SQLite file behind the --db URL; refuses PostgreSQL with the tool to use instead.
std::string SqlitePath(const std::string& url) {
  const auto target = storage::ConnectionTarget::Parse(url);
  if (target.engine != storage::Engine::kSqlite) {
    throw std::invalid_argument("restore is for SQLite databases; for PostgreSQL use pg_restore");
  }
  return target.soci_parameters.substr(std::string_view("db=").size());
}

void Restore(const Globals& globals, const RestoreOptions& o) {
  const std::string path = SqlitePath(globals.db_url);
  const int version = storage::CheckSqliteBackup(o.from);
  const int supported = storage::EmbeddedMigrations().back().version;
  if (version > supported) {
    throw std::invalid_argument(o.from + " has schema version " + std::to_string(version) +
                                ", newer than this fostermatch knows (" +
                                std::to_string(supported) + "): restore it with a newer release");
  }
  // A server keeps its matching snapshot and sessions in memory: replacing the file under it
  // would leave it serving what no longer exists.
  if (!o.force && storage::SqliteDatabaseInUse(path)) {
    throw std::invalid_argument(path +
                                " is open in another process (a running server?): stop it "
                                "first, or pass --force to restore under it");
  }
  storage::RestoreSqlite(o.from, path);
  std::cout << "restored " << o.from << " (schema version " << version << ") into " << path << "\n";
  if (version < supported) {
    std::cout << "run `fostermatch migrate` (or start the server) to bring it to version "
              << supported << "\n";
  }
}

}  // namespace

void AddBackupCommand(CLI::App& app, Globals& globals) {
  auto* backup = app.add_subcommand(
      "backup", "write a consistent copy of a SQLite database (safe while serving)");
  auto file = std::make_shared<std::string>();
  backup->add_option("file,--to", *file, "destination file (must not exist)")->required();
  backup->callback([&globals, file] {
    auto db = storage::Database::Open(globals.db_url, 1);
    storage::Backup(*db, *file);
    std::cout << "backup written to " << *file << " (schema version "
              << storage::CheckSqliteBackup(*file) << ")\n";
  });

  auto* restore = app.add_subcommand(
      "restore",
      "replace the SQLite database with a backup, after checking the backup's integrity and "
      "schema version");
  auto o = std::make_shared<RestoreOptions>();
  restore->add_option("--from", o->from, "the backup file")->required();
  restore->add_flag("--force", o->force,
                    "restore even if another process (a server) has the database open");
  restore->callback([&globals, o] { Restore(globals, *o); });
}

}  // namespace fostermatch::cli
