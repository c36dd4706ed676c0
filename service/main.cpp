// fostermatch: one binary, many subcommands. This file only parses the command line and calls
// into the service library.

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <thread>

#include "service/api/app.h"
#include "service/auth/tokens.h"
#include "service/batch.h"
#include "service/cli/progress.h"
#include "service/casework.h"
#include "service/errors.h"
#include "service/demo_data.h"
#include "service/http/server.h"
#include "service/regions.h"
#include "service/storage/auth_repository.h"
#include "service/storage/migrations.h"
#include "service/storage/reference_repository.h"

namespace fm = fostermatch;
using fm::matching::Date;
using fm::matching::Role;

namespace {

constexpr const char* kDefaultDb = "sqlite3://var/fostermatch.db";
constexpr const char* kDefaultListen = "127.0.0.1:8080";
constexpr const char* kCliActor = "cli";

std::unique_ptr<fm::storage::Database> OpenMigrated(const std::string& url, size_t pool) {
  auto db = fm::storage::Database::Open(url, pool);
  const int applied = fm::storage::Migrate(*db);
  if (applied > 0) spdlog::info("database {}: applied {} migration(s)", db->target().redacted, applied);
  return db;
}

// Reads a password without echo from a terminal, or a line from a pipe.
std::string ReadPassword() {
  if (isatty(STDIN_FILENO)) std::cerr << "password (12+ characters): " << std::flush;
  std::string password;
  std::getline(std::cin, password);
  return password;
}

Role ParseRole(const std::string& s) { return *fm::matching::ParseEnum<Role>(s); }

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"fostermatch: matching children who need a foster home with foster parents who are "
               "ready for one"};
  app.require_subcommand(1);
  std::string db_url = kDefaultDb;
  std::string log_level = "info";
  app.add_option("--db", db_url, "database: sqlite3://path or postgresql://…")
      ->envname("FOSTERMATCH_DB")
      ->capture_default_str();
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error")
      ->envname("FOSTERMATCH_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->capture_default_str();

  // serve
  auto* serve = app.add_subcommand("serve", "run the HTTP API (migrates the database first)");
  std::string listen = kDefaultListen;
  fm::http::ServerOptions server_options;
  fm::api::AppConfig app_config;
  int read_timeout = 30, idle_timeout = 60, grace = 10;
  serve->add_option("--listen", listen, "address:port")
      ->envname("FOSTERMATCH_LISTEN")
      ->capture_default_str();
  serve->add_option("--threads", server_options.io_threads, "network threads (0 = one per core)")
      ->envname("FOSTERMATCH_THREADS")
      ->check(CLI::Range(0, 256));
  serve->add_option("--workers", server_options.worker_threads,
                    "handler threads = database connections")
      ->envname("FOSTERMATCH_WORKERS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve->add_option("--body-limit", server_options.limits.body_limit, "request body limit, bytes")
      ->capture_default_str();
  serve->add_option("--import-body-limit", server_options.limits.import_body_limit,
                    "CSV import body limit, bytes")
      ->capture_default_str();
  serve->add_option("--max-connections", server_options.limits.max_connections,
                    "concurrent connections; more get 503")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  serve
      ->add_option("--max-connections-per-client", server_options.limits.max_connections_per_client,
                   "concurrent connections from one address (raise behind a local proxy)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  serve->add_option("--read-timeout", read_timeout, "seconds to receive a whole request")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve->add_option("--idle-timeout", idle_timeout, "seconds an idle keep-alive connection lives")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve->add_option("--shutdown-grace", grace, "seconds in-flight requests get on SIGTERM")
      ->check(CLI::Range(0, 600))
      ->capture_default_str();
  serve->add_option("--long-unplaced-months", app_config.policy.long_unplaced_months,
                    "months without a child before a household counts as long-unplaced")
      ->envname("FOSTERMATCH_LONG_UNPLACED_MONTHS")
      ->check(CLI::Range(1, 240))
      ->capture_default_str();

  auto* migrate = app.add_subcommand("migrate", "apply pending schema migrations (idempotent)");
  std::string regions_file;
  migrate->add_option("--regions", regions_file,
                      "load regions from this CSV (code,name_ja,name_en,lat,lon) instead of "
                      "Sapporo's wards")
      ->check(CLI::ExistingFile);

  auto* demo = app.add_subcommand("demo-data", "fill an empty database with a synthetic city");
  fm::DemoDataOptions demo_options;
  std::string demo_today;
  demo->add_option("--seed", demo_options.seed, "random seed")->capture_default_str();
  demo->add_option("--households", demo_options.households)->check(CLI::Range(1, 1000000))->capture_default_str();
  demo->add_option("--needs", demo_options.open_needs, "open needs")->check(CLI::Range(0, 100000))->capture_default_str();
  demo->add_option("--today", demo_today, "the city's today, YYYY-MM-DD (default: today)");

  auto* token = app.add_subcommand("token", "API tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "create a token and print it once");
  std::string role_name;
  std::optional<int64_t> agency;
  std::string label;
  token_create->add_option("--role", role_name, "admin, staff, agency or trainer")
      ->required()
      ->check(CLI::IsMember({"admin", "staff", "agency", "trainer"}));
  token_create->add_option("--agency", agency, "agency id (agency role only)");
  token_create->add_option("--label", label, "what the token is for");
  auto* token_list = token->add_subcommand("list", "list tokens (never the tokens themselves)");
  auto* token_revoke = token->add_subcommand("revoke", "revoke a token by id");
  int64_t revoke_id = 0;
  token_revoke->add_option("id", revoke_id)->required();

  auto* user = app.add_subcommand("user", "admin-page users");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "add a user; the password is read from stdin");
  std::string username;
  user_add->add_option("--username", username)->required();
  user_add->add_option("--role", role_name)
      ->required()
      ->check(CLI::IsMember({"admin", "staff", "agency", "trainer"}));
  user_add->add_option("--agency", agency, "agency id (agency role only)");

  auto* batch = app.add_subcommand("batch", "scheduled work");
  batch->require_subcommand(1);
  auto* monthly = batch->add_subcommand(
      "monthly", "global proposals, long-unplaced lists and statistics for a month");
  fm::BatchOptions batch_options;
  monthly->add_option("--month", batch_options.month, "YYYY-MM (default: this month)");
  monthly->add_flag("--apply", batch_options.apply, "mark proposed needs as proposed");
  monthly->add_option("--top-k", batch_options.top_k, "candidate homes per need in the assignment")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  monthly->add_option("--assignment-budget", batch_options.assignment_budget,
                      "flow problems per component before settling (reports the gap)")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  monthly->add_option("--out", batch_options.out_dir,
                      "write JSON, CSV per agency and an HTML report into this folder");

  auto* import = app.add_subcommand("import", "bulk imports");
  import->require_subcommand(1);
  auto* import_trainings = import->add_subcommand(
      "trainings", "import training records from the trainer program's CSV (idempotent)");
  std::string csv_file;
  import_trainings->add_option("file", csv_file, "CSV with external_id, foster_parent_id, course, "
                                                 "completed_on, hours, provider, outcome")
      ->required()
      ->check(CLI::ExistingFile);

  auto* backup = app.add_subcommand("backup", "write a consistent copy of a SQLite database");
  std::string backup_file;
  backup->add_option("file", backup_file, "destination file (must not exist)")->required();

  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::from_str(log_level));

  try {
    if (*serve) {
      const size_t colon = listen.rfind(':');
      if (colon == std::string::npos) throw std::invalid_argument("--listen needs address:port");
      server_options.address = listen.substr(0, colon);
      server_options.port = static_cast<uint16_t>(std::stoi(listen.substr(colon + 1)));
      server_options.limits.read_timeout = std::chrono::seconds(read_timeout);
      server_options.limits.idle_timeout = std::chrono::seconds(idle_timeout);
      server_options.limits.shutdown_grace = std::chrono::seconds(grace);
      auto db = OpenMigrated(db_url, static_cast<size_t>(server_options.worker_threads));
      fm::EnsureRegions(*db);
      fm::http::Metrics metrics;
      server_options.metrics = &metrics;
      app_config.metrics = &metrics;
      fm::api::App api(*db, app_config);
      server_options.head_check =
          [&api, limit = server_options.limits.import_body_limit](const fm::http::Request& head) {
            return api.HeadCheck(head, limit);
          };
      fm::http::Server server(server_options, [&api](fm::http::Request& r) { return api.Handle(r); });
      server.Listen();
      spdlog::info("fostermatch serving http://{}:{} on {}", server_options.address, server.port(),
                   db->target().redacted);
      server.Run(/*handle_signals=*/true);
      spdlog::info("stopped");
    } else if (*migrate) {
      auto db = OpenMigrated(db_url, 1);
      if (!regions_file.empty()) {
        std::ifstream in(regions_file, std::ios::binary);
        const std::string text((std::istreambuf_iterator<char>(in)), {});
        spdlog::info("loaded {} regions", fm::SaveRegions(*db, fm::ParseRegionsCsv(text)));
      } else {
        fm::EnsureRegions(*db);
      }
      std::cout << "schema version " << fm::storage::CurrentSchemaVersion(*db) << "\n";
    } else if (*demo) {
      demo_options.today = fm::api::SystemToday();
      if (!demo_today.empty()) {
        auto d = Date::Parse(demo_today);
        if (!d) throw std::invalid_argument("--today must be YYYY-MM-DD");
        demo_options.today = *d;
      }
      auto db = OpenMigrated(db_url, 1);
      const auto summary = fm::WriteDemoData(*db, demo_options);
      std::cout << "demo data: " << summary.agencies << " agencies, " << summary.households
                << " households, " << summary.trainings << " trainings, " << summary.needs
                << " needs, " << summary.placements << " placements\n";
    } else if (*token_create) {
      auto db = OpenMigrated(db_url, 1);
      const auto issued =
          fm::auth::IssueToken(*db, ParseRole(role_name), agency, label, kCliActor);
      std::cerr << "token " << issued.id << " created; it is shown only once:\n";
      std::cout << issued.token << "\n";
    } else if (*token_list) {
      auto db = OpenMigrated(db_url, 1);
      auto lease = db->Acquire();
      for (const auto& t : fm::storage::AuthRepository(lease.session()).ListTokens()) {
        std::cout << t.id << "\t" << fm::matching::ToString(t.role) << "\t"
                  << (t.agency_id ? std::to_string(*t.agency_id) : "-") << "\t" << t.created_at
                  << "\t" << (t.revoked ? "revoked" : "active") << "\t" << t.label << "\n";
      }
    } else if (*token_revoke) {
      auto db = OpenMigrated(db_url, 1);
      if (!fm::auth::RevokeToken(*db, revoke_id, kCliActor)) {
        throw std::invalid_argument("no active token has id " + std::to_string(revoke_id));
      }
      std::cout << "token " << revoke_id << " revoked\n";
    } else if (*user_add) {
      auto db = OpenMigrated(db_url, 1);
      const int64_t id = fm::auth::AddUser(*db, username, ReadPassword(), ParseRole(role_name),
                                           agency, kCliActor);
      std::cout << "user " << username << " created with id " << id << "\n";
    } else if (*monthly) {
      if (batch_options.month.empty()) {
        batch_options.month = fm::api::SystemToday().ToString().substr(0, 7);
      }
      auto db = OpenMigrated(db_url, 1);
      fm::MatchingService matching(*db, fm::matching::MatchPolicy{}, fm::api::SystemToday);
      std::unique_ptr<fm::cli::Progress> bar;
      std::string phase;
      const auto summary = fm::RunMonthlyBatch(
          *db, matching, batch_options, {kCliActor, std::nullopt},
          [&](const std::string& p, size_t done, size_t total) {
            if (p != phase) {
              if (bar) bar->Finish();
              phase = p;
              bar = std::make_unique<fm::cli::Progress>(p, total);
            }
            bar->Set(done);
          });
      if (bar) bar->Finish();
      std::cout << "match run " << summary.month << ": " << summary.open_needs << " open needs, "
                << summary.proposals << " proposals, " << summary.unassigned
                << " without a home, total score " << summary.total_score
                << (summary.proven_optimal
                        ? " (optimal)"
                        : " (within " + std::to_string(summary.optimality_gap * 100).substr(0, 5) +
                              "% of optimal)")
                << ", "
                << summary.seconds << " s\n";
      for (const auto& f : summary.files) std::cout << "  wrote " << f << "\n";
    } else if (*import_trainings) {
      auto db = OpenMigrated(db_url, 1);
      std::ifstream in(csv_file, std::ios::binary);
      const std::string text((std::istreambuf_iterator<char>(in)), {});
      fm::MatchingService matching(*db, fm::matching::MatchPolicy{}, fm::api::SystemToday);
      fm::Casework casework(*db, matching);
      const auto started = std::chrono::steady_clock::now();
      const auto result = casework.ImportTrainingsCsv(text, {kCliActor, std::nullopt});
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      for (const auto& r : result.rejected) std::cerr << "line " << r.line << ": " << r.error << "\n";
      std::cout << "inserted " << result.inserted << ", updated " << result.updated << ", rejected "
                << result.rejected.size() << " in " << seconds << " s\n";
      if (!result.rejected.empty()) return 2;
    } else if (*backup) {
      auto db = fm::storage::Database::Open(db_url, 1);
      fm::storage::Backup(*db, backup_file);
      std::cout << "backup written to " << backup_file << "\n";
    }
  } catch (const fm::ValidationError& e) {
    for (const auto& f : e.errors()) std::cerr << "error: " << f.field << ": " << f.message << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
