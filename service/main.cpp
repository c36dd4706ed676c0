// fostermatch: one binary, many subcommands. Each subcommand lives in service/cli/; this file
// puts them together and turns failures into messages and exit codes.

#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>

#include "service/cli/commands.h"
#include "service/cli/logging.h"
#include "service/errors.h"

namespace cli = fostermatch::cli;

int main(int argc, char** argv) {
  CLI::App app{
      "fostermatch: matching children who need a foster home with foster parents who are "
      "ready for one"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "fostermatch " FOSTERMATCH_VERSION);
  cli::Globals globals;
  // Every option may come from a TOML file (deploy/fostermatch.conf.example): top-level keys for
  // the options before the subcommand, a [serve] table for serve's. A flag beats the file, and
  // the file beats an environment variable (CLI11 reads the file first).
  const char* config_from_env = std::getenv("FOSTERMATCH_CONFIG");
  app.set_config("--config", config_from_env ? config_from_env : "",
                 "read options from this TOML file (default: $FOSTERMATCH_CONFIG)",
                 /*config_required=*/config_from_env != nullptr);
  // A misspelt key in the file must stop the start, not be ignored and leave a default in place.
  app.allow_config_extras(false);
  std::string log_format = "auto";
  app.add_option("--db", globals.db_url, "database: sqlite3://path or postgresql://…")
      ->envname("FOSTERMATCH_DB")
      ->capture_default_str();
  app.add_option("--log-level", globals.log_level, "trace, debug, info, warn, error")
      ->envname("FOSTERMATCH_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();
  app.add_option("--log-format", log_format,
                 "auto (JSON lines unless stderr is a terminal), json or plain")
      ->envname("FOSTERMATCH_LOG_FORMAT")
      ->check(CLI::IsMember({"auto", "json", "plain"}))
      ->capture_default_str();
  app.parse_complete_callback([&] {
    spdlog::set_level(spdlog::level::from_str(globals.log_level));
    cli::ConfigureLogging(log_format);
  });
  cli::AddServeCommand(app, globals);
  cli::AddMigrateCommand(app, globals);
  cli::AddDemoDataCommand(app, globals);
  cli::AddTokenCommands(app, globals);
  cli::AddUserCommands(app, globals);
  cli::AddImportCommands(app, globals);
  cli::AddBatchCommands(app, globals);
  cli::AddBackupCommand(app, globals);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const fostermatch::ValidationError& e) {
    for (const auto& f : e.errors()) std::cerr << "error: " << f.field << ": " << f.message << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return globals.exit_code;
}
