#pragma once

// The subcommands, one function each: each adds its options to the command line and the work
// to run when it is chosen. main.cpp only puts them together.

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "service/storage/database.h"
#include "service/usecases/use_cases.h"

namespace fostermatch::cli {

// Options every subcommand shares, and the exit code a command may set.
struct Globals {
  std::string db_url = "sqlite3://var/fostermatch.db";
  std::string log_level = "info";
  int exit_code = 0;
};

// Opens the database and applies pending migrations.
std::unique_ptr<storage::Database> OpenMigrated(const std::string& url, size_t pool);

// The use cases on a database, with today's date from the system clock.
struct Service {
  explicit Service(const Globals& globals, size_t pool = 1, usecases::Config config = {});
  std::unique_ptr<storage::Database> db;
  usecases::UseCases use_cases;
};

void AddServeCommand(CLI::App& app, Globals& globals);
void AddMigrateCommand(CLI::App& app, Globals& globals);
void AddDemoDataCommand(CLI::App& app, Globals& globals);
void AddTokenCommands(CLI::App& app, Globals& globals);
void AddUserCommands(CLI::App& app, Globals& globals);
void AddImportCommands(CLI::App& app, Globals& globals);
void AddBatchCommands(CLI::App& app, Globals& globals);
// backup and restore (backup_command.cpp).
void AddBackupCommand(CLI::App& app, Globals& globals);

}  // namespace fostermatch::cli
