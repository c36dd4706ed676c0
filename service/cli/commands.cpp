#include "service/cli/commands.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>

#include "matching/validation.h"
#include "service/api/app.h"
#include "service/cli/progress.h"
#include "service/front_door/front_door.h"
#include "service/http/server.h"
#include "service/pages/pages.h"
#include "service/storage/migrations.h"
#include "service/usecases/demo_data.h"
#include "service/usecases/regions.h"

namespace fostermatch::cli {

using matching::Role;
using usecases::Actor;

namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), {});
}

// Reads a password from a terminal after a prompt, or a line from a pipe.
std::string ReadPassword() {
  if (isatty(STDIN_FILENO)) std::cerr << "password (12+ characters): " << std::flush;
  std::string password;
  std::getline(std::cin, password);
  return password;
}

Role ParseRole(const std::string& s) { return *matching::ParseEnum<Role>(s); }

const auto kRoles = CLI::IsMember({"admin", "staff", "agency", "trainer"});

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";
  http::ServerOptions server;
  usecases::Config config;
  int read_timeout = 30, idle_timeout = 60, grace = 10;
  int version_check_ms = static_cast<int>(usecases::Config::kDefaultVersionCheckInterval.count());
};

void AddServerLimits(CLI::App* serve, ServeOptions& o) {
  serve->add_option("--body-limit", o.server.limits.body_limit, "request body limit, bytes")
      ->capture_default_str();
  serve
      ->add_option("--import-body-limit", o.server.limits.import_body_limit,
                   "CSV import body limit, bytes")
      ->capture_default_str();
  serve
      ->add_option("--max-connections", o.server.limits.max_connections,
                   "concurrent connections; more get 503")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  serve
      ->add_option("--max-connections-per-client", o.server.limits.max_connections_per_client,
                   "concurrent connections from one client address (raise it behind a proxy)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  serve->add_option("--read-timeout", o.read_timeout, "seconds to receive a whole request")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve->add_option("--idle-timeout", o.idle_timeout, "seconds an idle keep-alive connection lives")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  serve->add_option("--shutdown-grace", o.grace, "seconds in-flight requests get on SIGTERM")
      ->check(CLI::Range(0, 600))
      ->capture_default_str();
}

void Serve(const Globals& globals, ServeOptions& o) {
  const size_t colon = o.listen.rfind(':');
  if (colon == std::string::npos) throw std::invalid_argument("--listen needs address:port");
  o.server.address = o.listen.substr(0, colon);
  o.server.port = static_cast<uint16_t>(std::stoi(o.listen.substr(colon + 1)));
  o.server.limits.read_timeout = std::chrono::seconds(o.read_timeout);
  o.server.limits.idle_timeout = std::chrono::seconds(o.idle_timeout);
  o.server.limits.shutdown_grace = std::chrono::seconds(o.grace);
  o.config.version_check_interval = std::chrono::milliseconds(o.version_check_ms);
  // A session for every handler thread, one for the monthly run's own thread and one for the
  // group commit of reads' audit entries.
  Service service(globals, static_cast<size_t>(o.server.HandlerThreads() + 2), o.config);
  usecases::EnsureRegions(*service.db);
  http::Metrics metrics;
  o.server.metrics = &metrics;
  api::App api(service.use_cases, &metrics);
  // The CSV import's larger body limit only for a caller allowed to import, decided before the
  // body is read.
  o.server.head_check = [&api, limit = o.server.limits.import_body_limit](const http::Request& h) {
    return api.HeadCheck(h, limit);
  };
  // The admin pages under /admin, the API everywhere else; sessions live in this process.
  pages::Pages admin_pages(service.use_cases);
  // Each route's class is registered with the route; each response is counted under its route
  // pattern for /metrics; a response showing audited reads is sent once their entries are
  // committed, without holding a handler thread meanwhile.
  const front_door::FrontDoor door = front_door::Compose(service.use_cases, api, admin_pages);
  o.server.classify = door.classify;
  http::Server server(o.server, http::CountByRoute(metrics, door.handle));
  server.Listen();
  spdlog::info("fostermatch serving http://{}:{} on {}", o.server.address, server.port(),
               service.db->target().redacted);
  server.Run(/*handle_signals=*/true);
  spdlog::info("stopped");
}

}  // namespace

std::unique_ptr<storage::Database> OpenMigrated(const std::string& url, size_t pool) {
  auto db = storage::Database::Open(url, pool);
  const int applied = storage::Migrate(*db);
  if (applied > 0)
    spdlog::info("database {}: applied {} migration(s)", db->target().redacted, applied);
  return db;
}

Service::Service(const Globals& globals, size_t pool, usecases::Config config)
    : db(OpenMigrated(globals.db_url, pool)), use_cases(*db, config) {}

void AddServeCommand(CLI::App& app, Globals& globals) {
  auto* serve = app.add_subcommand("serve", "run the HTTP API (migrates the database first)");
  auto o = std::make_shared<ServeOptions>();
  serve->add_option("--listen", o->listen, "address:port")
      ->envname("FOSTERMATCH_LISTEN")
      ->capture_default_str();
  serve->add_option("--threads", o->server.io_threads, "network threads (0 = one per core)")
      ->envname("FOSTERMATCH_THREADS")
      ->check(CLI::Range(0, 256));
  serve->add_option("--workers", o->server.worker_threads, "handler threads for light requests")
      ->envname("FOSTERMATCH_WORKERS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve
      ->add_option("--heavy-workers", o->server.heavy_threads,
                   "handler threads for imports, long lists and exports")
      ->envname("FOSTERMATCH_HEAVY_WORKERS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve
      ->add_option("--heavy-queue", o->server.heavy_queue,
                   "heavy requests that may wait for a thread; more get 503")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  AddServerLimits(serve, *o);
  serve
      ->add_option("--long-unplaced-months", o->config.policy.long_unplaced_months,
                   "months without a child before a household counts as long-unplaced")
      ->envname("FOSTERMATCH_LONG_UNPLACED_MONTHS")
      ->check(CLI::Range(1, 240))
      ->capture_default_str();
  serve
      ->add_option("--version-check-ms", o->version_check_ms,
                   "how often at most to look for changes made by other processes (other "
                   "servers, the CLI): the bound on how stale matching and tokens can be")
      ->envname("FOSTERMATCH_VERSION_CHECK_MS")
      ->check(CLI::Range(0, 60000))
      ->capture_default_str();
  serve->callback([&globals, o] { Serve(globals, *o); });
}

void AddMigrateCommand(CLI::App& app, Globals& globals) {
  auto* migrate = app.add_subcommand("migrate", "apply pending schema migrations (idempotent)");
  auto regions_file = std::make_shared<std::string>();
  migrate
      ->add_option("--regions", *regions_file,
                   "load regions from this CSV (code,name_ja,name_en,lat,lon) instead of "
                   "Sapporo's wards")
      ->check(CLI::ExistingFile);
  migrate->callback([&globals, regions_file] {
    auto db = OpenMigrated(globals.db_url, 1);
    if (!regions_file->empty()) {
      const auto regions = usecases::ParseRegionsCsv(ReadFile(*regions_file));
      spdlog::info("loaded {} regions", usecases::SaveRegions(*db, regions));
    } else {
      usecases::EnsureRegions(*db);
    }
    std::cout << "schema version " << storage::CurrentSchemaVersion(*db) << "\n";
  });
}

void AddDemoDataCommand(CLI::App& app, Globals& globals) {
  auto* demo = app.add_subcommand("demo-data", "fill an empty database with a synthetic city");
  auto o = std::make_shared<usecases::DemoDataOptions>();
  auto today = std::make_shared<std::string>();
  demo->add_option("--seed", o->seed, "random seed")->capture_default_str();
  demo->add_option("--households", o->households)
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  demo->add_option("--needs", o->open_needs, "open needs")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();
  demo->add_option("--today", *today, "the city's today, YYYY-MM-DD (default: today)");
  demo->callback([&globals, o, today] {
    o->today = usecases::SystemToday();
    if (!today->empty()) {
      auto d = matching::Date::Parse(*today);
      if (!d) throw std::invalid_argument("--today " + matching::DateRangeMessage());
      o->today = *d;
    }
    auto db = OpenMigrated(globals.db_url, 1);
    Progress bar("demo households", static_cast<size_t>(o->households));
    const auto s = usecases::WriteDemoData(*db, *o, [&](size_t done, size_t) { bar.Set(done); });
    bar.Finish();
    std::cout << "demo data: " << s.agencies << " agencies, " << s.households << " households, "
              << s.trainings << " trainings, " << s.needs << " needs, " << s.placements
              << " placements\n";
  });
}

void AddTokenCommands(CLI::App& app, Globals& globals) {
  auto* token = app.add_subcommand("token", "API tokens");
  token->require_subcommand(1);
  auto* create = token->add_subcommand("create", "create a token and print it once");
  struct Options {
    std::string role, label;
    std::optional<int64_t> agency;
    int64_t revoke_id = 0;
  };
  auto o = std::make_shared<Options>();
  create->add_option("--role", o->role, "admin, staff, agency or trainer")
      ->required()
      ->check(kRoles);
  create->add_option("--agency", o->agency, "agency id (agency role only)");
  create->add_option("--label", o->label, "what the token is for");
  create->callback([&globals, o] {
    Service service(globals);
    const auto issued =
        service.use_cases.access.IssueToken(ParseRole(o->role), o->agency, o->label, Actor::Cli());
    std::cerr << "token " << issued.id << " created; it is shown only once:\n";
    std::cout << issued.token << "\n";
  });
  token->add_subcommand("list", "list tokens (never the tokens themselves)")->callback([&globals] {
    Service service(globals);
    for (const auto& t : service.use_cases.access.ListTokens(Actor::Cli())) {
      std::cout << t.id << "\t" << matching::ToString(t.role) << "\t"
                << (t.agency_id ? std::to_string(*t.agency_id) : "-") << "\t" << t.created_at
                << "\t" << (t.revoked ? "revoked" : "active") << "\t" << t.label << "\n";
    }
  });
  auto* revoke = token->add_subcommand("revoke", "revoke a token by id");
  revoke->add_option("id", o->revoke_id)->required();
  revoke->callback([&globals, o] {
    Service service(globals);
    if (!service.use_cases.access.RevokeToken(o->revoke_id, Actor::Cli())) {
      throw std::invalid_argument("no active token has id " + std::to_string(o->revoke_id));
    }
    std::cout << "token " << o->revoke_id << " revoked\n";
  });
}

void AddUserCommands(CLI::App& app, Globals& globals) {
  auto* user = app.add_subcommand("user", "admin-page users");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "add a user; the password is read from stdin");
  struct Options {
    std::string username, role;
    std::optional<int64_t> agency;
  };
  auto o = std::make_shared<Options>();
  add->add_option("--username", o->username)->required();
  add->add_option("--role", o->role)->required()->check(kRoles);
  add->add_option("--agency", o->agency, "agency id (agency role only)");
  add->callback([&globals, o] {
    Service service(globals);
    const int64_t id = service.use_cases.access.AddUser(
        o->username, ReadPassword(), ParseRole(o->role), o->agency, Actor::Cli());
    std::cout << "user " << o->username << " created with id " << id << "\n";
  });
}

void AddImportCommands(CLI::App& app, Globals& globals) {
  auto* import = app.add_subcommand("import", "bulk imports");
  import->require_subcommand(1);
  auto* trainings = import->add_subcommand(
      "trainings", "import training records from the trainer program's CSV (idempotent)");
  auto file = std::make_shared<std::string>();
  trainings
      ->add_option("file", *file,
                   "CSV with external_id, foster_parent_id, course, "
                   "completed_on, hours, provider, outcome")
      ->required()
      ->check(CLI::ExistingFile);
  trainings->callback([&globals, file] {
    Service service(globals);
    const auto started = std::chrono::steady_clock::now();
    const auto result = service.use_cases.trainings.ImportCsv(ReadFile(*file), Actor::Cli());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    for (const auto& r : result.rejected) std::cerr << "line " << r.line << ": " << r.error << "\n";
    std::cout << "inserted " << result.inserted << ", updated " << result.updated << ", rejected "
              << result.rejected.size() << " in " << seconds << " s\n";
    if (!result.rejected.empty()) globals.exit_code = 2;
  });
}

}  // namespace fostermatch::cli
