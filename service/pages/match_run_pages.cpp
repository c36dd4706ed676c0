// Monthly match runs: start one (admin), follow its status, read its report by agency, and
// answer proposals (accept, or decline with a reason).

#include <algorithm>
#include <cstdio>

#include "service/errors.h"
#include "service/pages/site.h"
#include "service/reports/match_run_export.h"

namespace fostermatch::pages {

namespace {

// "2026-11" for a month given in a form or a path; ValidationError otherwise.
std::string MonthOf(const std::string& raw) {
  if (!matching::ParseMonth(raw)) throw ValidationError("month", "must be a month YYYY-MM");
  return raw;
}

http::Response Index(Site& site, PageRequest& pr, const std::vector<matching::FieldError>& errors,
                     int status = 200) {
  usecases::RequireRole(pr.actor, usecases::kCasework);
  const std::string month = site.uc.config().today().ToString().substr(0, 7);
  Form form = pr.form.Has("month") ? pr.form : Form({{"month", month}});
  Object values = FormState(form, errors, pr.lang, {"month"});
  values["this_month"] = month;
  List history;
  for (const auto& run : site.uc.match_runs.List(pr.actor)) {
    history.push_back(Object{{"month", run.month},
                             {"created_at", run.created_at},
                             {"open_needs", std::to_string(run.summary.open_needs)},
                             {"proposals", std::to_string(run.summary.proposals)},
                             {"unassigned", std::to_string(run.summary.unassigned)},
                             {"rate", Percent(run.placement_rate)}});
  }
  values["has_history"] = !history.empty();
  values["history"] = std::move(history);
  return site.Render(pr, "match_runs", Label(pr.lang, "match_runs"), std::move(values), status);
}

http::Response Start(Site& site, PageRequest& pr) {
  usecases::MonthlyRunOptions options;
  options.month = pr.form.Get("month");
  options.apply = pr.form.Get("apply") == "1";
  try {
    MonthOf(options.month);
    site.uc.match_runs.Start(options, pr.actor);
  } catch (const ValidationError& e) {
    return Index(site, pr, e.errors(), 422);
  }
  return Redirect("/admin/match-runs/" + options.month);
}

std::string Score(double v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

List DeclineReasons(Lang lang) {
  List out;
  for (const char* reason : usecases::kDeclineReasons) {
    out.push_back(
        Object{{"value", std::string(reason)}, {"label", EnumLabel(lang, "decline", reason)}});
  }
  return out;
}

// The run's proposals grouped by the agency whose home they go to, with answer forms.
List ByAgency(const model::MonthlyRun& run, Lang lang, const std::string& month) {
  List out;
  for (const auto& agency : run.agencies) {
    List rows;
    for (const auto& p : run.proposals) {
      if (p.agency_id != agency.id) continue;
      Object row{{"id", std::to_string(p.id)},      {"need_id", std::to_string(p.need_id)},
                 {"case_ref", p.case_ref},          {"fp_id", std::to_string(p.foster_parent_id)},
                 {"household", p.household_name},   {"score", Score(p.score)},
                 {"open", !p.response.has_value()}, {"month", month}};
      if (p.response) {
        row["answer"] = Label(lang, *p.response == "accept" ? "accepted" : "declined") +
                        (p.response_reason.empty()
                             ? std::string()
                             : "（" + EnumLabel(lang, "decline", p.response_reason) + "）");
      }
      rows.push_back(std::move(row));
    }
    const auto lu = run.long_unplaced.find(std::to_string(agency.id));
    const size_t long_unplaced = lu == run.long_unplaced.end() ? 0 : lu->second.size();
    if (rows.empty() && lu == run.long_unplaced.end()) continue;  // not this actor's agency
    out.push_back(Object{{"name", agency.name},
                         {"csv_link", "/admin/match-runs/" + month + "/agencies/" +
                                          std::to_string(agency.id) + "/csv"},
                         {"proposals", rows},
                         {"has_proposals", !rows.empty()},
                         {"long_unplaced", std::to_string(long_unplaced)}});
  }
  return out;
}

http::Response Month(Site& site, PageRequest& pr) {
  const std::string month = MonthOf(pr.http.path_params.at("month"));
  Object values{{"month", month}};
  try {
    const auto status = site.uc.match_runs.Status(month, pr.actor);
    values["state"] = Label(pr.lang, "run_" + status.state);
    values["running"] = status.state == "running";
    if (status.state == "running") {
      values["progress"] =
          status.phase + " " + std::to_string(status.done) + "/" + std::to_string(status.total);
    }
    if (!status.error.empty()) values["error"] = status.error;
  } catch (const NotFoundError&) {
    // Not started in this process: the stored run, if any, is what there is.
  }
  try {
    const auto run = site.uc.match_runs.Get(month, pr.actor);
    const auto& s = run.summary;
    values["has_run"] = true;
    values["created_at"] = run.created_at;
    values["report_link"] = "/admin/match-runs/" + month + "/report";
    values["open_needs"] = std::to_string(s.open_needs);
    values["proposals"] = std::to_string(s.proposals);
    values["unassigned"] = std::to_string(s.unassigned);
    values["accepted"] = std::to_string(run.responses.accepted);
    values["declined"] = std::to_string(run.responses.declined);
    values["rate"] = Percent(run.statistics.placement_rate);
    values["agencies"] = ByAgency(run, pr.lang, month);
    List unassigned;
    for (const auto& u : run.unassigned) {
      unassigned.push_back(Object{{"need_id", std::to_string(u.need_id)},
                                  {"case_ref", u.case_ref},
                                  {"reason", Label(pr.lang, "unassigned_" + u.reason)},
                                  {"evaluated", std::to_string(u.evaluated)},
                                  {"eligible", std::to_string(u.eligible)}});
    }
    values["unassigned_rows"] = unassigned;
    values["has_unassigned"] = !unassigned.empty();
    values["decline_reasons"] = DeclineReasons(pr.lang);
  } catch (const NotFoundError&) {
    values["has_run"] = false;
  }
  if (pr.query.Has("answered")) values["notice"] = Label(pr.lang, "answer_saved");
  return site.Render(pr, "match_run", Label(pr.lang, "match_run") + " " + month, std::move(values));
}

http::Response Respond(Site& site, PageRequest& pr) {
  const int64_t id = PathId(pr, "id", "proposal");
  const std::string month = MonthOf(pr.form.Get("month"));
  site.uc.match_runs.Respond(id, pr.form.Get("response"), pr.form.Get("reason"),
                             pr.form.Get("note"), pr.actor);
  return Redirect("/admin/match-runs/" + month + "?answered=1#p" + std::to_string(id));
}

http::Response Download(std::string body, std::string type, const std::string& filename) {
  http::Response r;
  r.content_type = std::move(type);
  r.body = std::move(body);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

// The printable report of the run as the actor may read it (an agency: its own part).
http::Response Report(Site& site, PageRequest& pr) {
  const std::string month = MonthOf(pr.http.path_params.at("month"));
  auto run = site.uc.match_runs.Get(month, pr.actor);
  if (pr.actor.agency_id) {
    std::erase_if(run.agencies, [&](const auto& a) { return a.id != *pr.actor.agency_id; });
  }
  return Download(reports::MatchRunHtml(run), "text/html; charset=utf-8",
                  "match-run-" + month + ".html");
}

// One agency's CSV of the run; an agency user has only its own.
http::Response AgencyCsv(Site& site, PageRequest& pr) {
  const std::string month = MonthOf(pr.http.path_params.at("month"));
  const int64_t agency_id = PathId(pr, "id", "agency");
  if (pr.actor.agency_id && *pr.actor.agency_id != agency_id) throw NotFoundError("agency");
  const auto run = site.uc.match_runs.Get(month, pr.actor);
  const bool in_run = std::any_of(run.agencies.begin(), run.agencies.end(),
                                  [&](const auto& a) { return a.id == agency_id; });
  if (!in_run) throw NotFoundError("agency");
  return Download(reports::AgencyCsv(run, agency_id), "text/csv; charset=utf-8",
                  "match-run-" + month + "-agency-" + std::to_string(agency_id) + ".csv");
}

}  // namespace

void AddMatchRunPages(const AddPage& add, Site& site) {
  add("GET", "/admin/match-runs", [&site](PageRequest& pr) { return Index(site, pr, {}); });
  add("POST", "/admin/match-runs", [&site](PageRequest& pr) { return Start(site, pr); });
  add("GET", "/admin/match-runs/{month}", [&site](PageRequest& pr) { return Month(site, pr); });
  add(
      "GET", "/admin/match-runs/{month}/report",
      [&site](PageRequest& pr) { return Report(site, pr); }, http::RequestClass::kHeavy);
  add(
      "GET", "/admin/match-runs/{month}/agencies/{id}/csv",
      [&site](PageRequest& pr) { return AgencyCsv(site, pr); }, http::RequestClass::kHeavy);
  add("POST", "/admin/proposals/{id}/response",
      [&site](PageRequest& pr) { return Respond(site, pr); });
}

}  // namespace fostermatch::pages
