// fostermatch batch monthly: the monthly run in the foreground, with a progress bar on a
// terminal and the exports written when asked.

#include <fmt/format.h>

#include <boost/json.hpp>
#include <fstream>
#include <iostream>
#include <memory>

#include "service/cli/commands.h"
#include "service/cli/progress.h"
#include "service/reports/match_run_export.h"

namespace fostermatch::cli {

namespace {

struct BatchOptions {
  usecases::MonthlyRunOptions run;
  std::string objective = matching::ObjectiveText(matching::AssignmentObjective{});
  std::string out_dir;
  std::string instance_file;
};

// The assignment problem as JSON, for another solver to check (tests/bench/assignment_bench.sh).
void WriteInstance(const usecases::AssignmentInstance& in, const std::string& file) {
  boost::json::array needs, homes, arcs;
  for (const auto& n : in.needs) needs.push_back({n.id, n.slots});
  for (const auto& h : in.homes) homes.push_back({h.id, h.free});
  for (size_t a = 0; a < in.arcs.size(); ++a) {
    const auto& w = in.worth[a];
    arcs.push_back({in.arcs[a].need, in.arcs[a].home, in.arcs[a].value, w.children,
                    w.Level(matching::ObjectiveLevel::kUrgency), w.score});
  }
  std::ofstream out(file);
  out << boost::json::serialize(boost::json::object{
      {"objective", matching::ObjectiveText(in.objective)},
      {"level_weights", boost::json::value_from(in.level_weights)},
      {"needs", std::move(needs)},
      {"homes", std::move(homes)},
      {"arcs", std::move(arcs)},
      {"arc_fields", {"need", "home", "value", "children", "urgency", "score"}}});
  if (!out.flush()) throw std::runtime_error("cannot write " + file);
}

void PrintSummary(const model::MonthlyRun& run) {
  const model::RunSummary& s = run.summary;
  std::cout << "match run " << run.month << " (rules judged on " << run.today
            << "): " << s.open_needs << " open needs, " << s.proposals << " proposals, "
            << s.unassigned << " without a home; " << s.children_placed << " children placed ("
            << s.sibling_groups_placed << " sibling groups), total score " << s.total_score
            << (s.proven_optimal ? " (optimal)"
                                 : " (at most " + fmt::format("{}", s.optimality_gap) + " " +
                                       s.optimality_gap_level + " short of optimal)")
            << ", " << s.seconds << " s\n";
}

void RunMonthly(const Globals& globals, BatchOptions& o) {
  Service service(globals);
  if (o.run.month.empty()) o.run.month = usecases::SystemToday().ToString().substr(0, 7);
  o.run.objective = *matching::ParseObjective(o.objective);  // checked by CLI11
  usecases::AssignmentInstance instance;
  std::unique_ptr<Progress> bar;
  std::string phase;
  const auto run = service.use_cases.match_runs.Run(
      o.run, usecases::Actor::Cli(),
      [&](const std::string& p, size_t done, size_t total) {
        if (p != phase) {
          if (bar) bar->Finish();
          phase = p;
          bar = std::make_unique<Progress>(p, total);
        }
        bar->Set(done);
      },
      o.instance_file.empty() ? nullptr : &instance);
  if (bar) bar->Finish();
  PrintSummary(run);
  if (!o.instance_file.empty()) WriteInstance(instance, o.instance_file);
  if (!o.out_dir.empty()) {
    for (const auto& f : reports::WriteMatchRunExports(run, o.out_dir)) {
      std::cout << "  wrote " << f << "\n";
    }
  }
}

}  // namespace

void AddBatchCommands(CLI::App& app, Globals& globals) {
  auto* batch = app.add_subcommand("batch", "scheduled work");
  batch->require_subcommand(1);
  auto* monthly = batch->add_subcommand(
      "monthly", "global proposals, long-unplaced lists and statistics for a month");
  auto o = std::make_shared<BatchOptions>();
  monthly->add_option("--month", o->run.month,
                      "YYYY-MM (default: this month; rules are judged today, or on the first day "
                      "of a month ahead)");
  monthly->add_flag("--apply", o->run.apply, "mark proposed needs as proposed");
  monthly
      ->add_option("--objective", o->objective,
                   "what the assignment maximises, level by level (children, urgency, score)")
      ->check([](const std::string& text) {
        return matching::ParseObjective(text) ? std::string()
                                              : std::string(matching::kObjectiveFormat);
      })
      ->capture_default_str();
  monthly
      ->add_option("--assignment-budget", o->run.assignment_budget,
                   "branch-and-bound nodes per part and level before settling (reports the gap)")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  monthly
      ->add_option("--assignment-threads", o->run.assignment_threads,
                   "threads the run ranks needs and solves connected parts on (0: one per core)")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  monthly->add_option("--assignment-instance", o->instance_file,
                      "also write the assignment problem as JSON (to check with another solver)");
  monthly->add_option("--out", o->out_dir,
                      "write JSON, CSV per agency and an HTML report into this folder");
  monthly->callback([&globals, o] { RunMonthly(globals, *o); });
}

}  // namespace fostermatch::cli
