// Where things are, health, metrics and the OpenAPI document.

#include <fmt/format.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>

#include "service/api/app.h"
#include "service/api/request.h"
#include "service/model/json_text.h"

namespace fostermatch::api {

namespace json = boost::json;
using http::Request;

namespace {

std::string Gauge(const std::string& name, const std::string& help, size_t value) {
  return "# HELP " + name + " " + help + "\n# TYPE " + name + " gauge\n" + name + " " +
         std::to_string(value) + "\n";
}

std::string Counter(const std::string& name, const std::string& help, uint64_t value) {
  return "# HELP " + name + " " + help + "\n# TYPE " + name + " counter\n" + name + " " +
         std::to_string(value) + "\n";
}

// Seconds since 1970 for a stored "YYYY-MM-DDTHH:MM:SS…Z" time, 0 if it is not one.
long long EpochSeconds(const std::string& iso) {
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0, sec = 0;
  if (std::sscanf(iso.c_str(), "%d-%u-%uT%u:%u:%u", &y, &mo, &d, &h, &mi, &sec) != 6) return 0;
  using namespace std::chrono;
  const sys_days day{year{y} / month{mo} / std::chrono::day{d}};
  return (day.time_since_epoch() + hours{h} + minutes{mi} + seconds{sec}) / seconds{1};
}

// The stored monthly run created last: when, which month, how many proposals. An alert on
// time() minus the timestamp catches a timer that stopped running.
std::string LastBatchRun(usecases::UseCases& uc) {
  // The list carries no case reference and is not audited; the reader is the service itself.
  const usecases::Actor metrics_reader{"metrics", matching::Role::kAdmin, std::nullopt};
  const auto runs = uc.match_runs.List(metrics_reader);
  if (runs.empty()) return "";
  const model::RunListItem* last = &runs.front();
  for (const auto& run : runs) {
    if (run.created_at > last->created_at) last = &run;
  }
  std::string out =
      "# HELP fostermatch_batch_last_run_timestamp_seconds When the last stored monthly run was "
      "made.\n# TYPE fostermatch_batch_last_run_timestamp_seconds gauge\n";
  out += "fostermatch_batch_last_run_timestamp_seconds{month=\"" + last->month + "\"} " +
         std::to_string(EpochSeconds(last->created_at)) + "\n";
  out += Gauge("fostermatch_batch_last_run_proposals", "Proposals in the last stored monthly run.",
               static_cast<size_t>(last->summary.proposals));
  out += Gauge("fostermatch_batch_last_run_unassigned",
               "Open needs without a proposal in the last stored monthly run.",
               static_cast<size_t>(last->summary.unassigned));
  return out;
}

// What the service knows beyond HTTP: the matching index, the database pool, the last batch.
std::string ServiceMetrics(usecases::UseCases& uc) {
  const usecases::Health health = uc.CheckHealth();
  std::string text;
  try {
    const auto index = uc.ranking.Index();
    text +=
        Gauge("fostermatch_matching_index_homes", "Households in the matching index.", index.homes);
    text += Gauge("fostermatch_matching_snapshot_data_version",
                  "The database data version the matching snapshot was built at.",
                  static_cast<size_t>(index.data_version));
    text +=
        "# HELP fostermatch_matching_snapshot_age_seconds Seconds since the matching snapshot "
        "was built.\n# TYPE fostermatch_matching_snapshot_age_seconds gauge\n"
        "fostermatch_matching_snapshot_age_seconds " +
        fmt::format("{:.3f}", index.age_seconds) + "\n";
  } catch (const std::exception&) {
    // The database is down: fostermatch_database_up says so; the rest still renders.
  }
  text += Gauge("fostermatch_database_connections", "Database connections in the pool.",
                health.database_connections);
  text += Gauge("fostermatch_database_connections_in_use",
                "Database connections leased by a unit of work right now.",
                health.database_connections_in_use);
  text += Counter("fostermatch_database_lease_timeouts_total",
                  "Units of work refused because every database connection stayed busy.",
                  health.database_lease_timeouts);
  // Entries over commits is the group commit's mean group size.
  text += Counter("fostermatch_audit_read_commits_total",
                  "Transactions that committed reads' audit entries (group commit).",
                  health.audit_read_commits);
  text +=
      Counter("fostermatch_audit_read_entries_total",
              "Audit entries of reads committed by the group commit.", health.audit_read_entries);
  text += Counter("fostermatch_audit_read_failed_commits_total",
                  "Group commits that failed; each of their reads answered 503.",
                  health.audit_read_failed_commits);
  text += Gauge("fostermatch_database_up", "1 if the database answered a trivial query.",
                health.database_reachable ? 1 : 0);
  try {
    text += LastBatchRun(uc);
  } catch (const std::exception&) {
    // The database is down or busy: fostermatch_database_up says so; the rest still renders.
  }
  return text;
}

}  // namespace

void AddSystemRoutes(http::Router& router, usecases::UseCases& uc, const http::Metrics* metrics) {
  // Where a newcomer who opens the base URL finds things.
  router.Add("GET", "/", [](Request&) {
    return JsonResponse(
        R"({"service":"fostermatch","api":"/api/v1","openapi":"/api/v1/openapi.json",)"
        R"("health":"/healthz","metrics":"/metrics","auth":"Authorization: Bearer <token>"})");
  });

  router.Add(
      "GET", "/healthz",
      [&uc](Request&) {
        const bool ok = uc.CheckHealth().database_reachable;
        return JsonResponse(
            model::ToJsonText(json::object{{"status", ok ? "ok" : "degraded"},
                                           {"database", ok ? "reachable" : "unreachable"}}),
            ok ? 200 : 503);
      },
      http::RequestClass::kProbe);

  // Prometheus scrapes from the same host; elsewhere it takes an admin token.
  auto render = [&uc, metrics](Request&) {
    std::string text = metrics ? metrics->Render() : "";
    text += ServiceMetrics(uc);
    return http::Response{200, "text/plain; version=0.0.4; charset=utf-8", std::move(text), {}, {}};
  };
  auto admin_render = Authed(uc, usecases::kAdminOnly, render);
  router.Add("GET", "/metrics", [render, admin_render](Request& r) {
    return r.from_loopback ? render(r) : admin_render(r);
  });

  router.Add("GET", "/api/v1/openapi.json",
             [](Request&) { return JsonResponse(std::string(OpenApiDocument())); });
}

}  // namespace fostermatch::api
