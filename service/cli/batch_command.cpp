// fostermatch batch monthly: the monthly run in the foreground, with a progress bar on a
// terminal and the exports written when asked.

#include <iostream>
#include <memory>

#include "service/cli/commands.h"
#include "service/cli/progress.h"
#include "service/reports/match_run_export.h"

namespace fostermatch::cli {

namespace {

struct BatchOptions {
  usecases::MonthlyRunOptions run;
  std::string out_dir;
};

void PrintSummary(const model::MonthlyRun& run) {
  const model::RunSummary& s = run.summary;
  std::cout << "match run " << run.month << " (rules judged on " << run.today
            << "): " << s.open_needs << " open needs, " << s.proposals << " proposals, "
            << s.unassigned << " without a home, total score " << s.total_score
            << (s.proven_optimal
                    ? " (optimal)"
                    : " (within " + std::to_string(s.optimality_gap * 100).substr(0, 5) +
                          "% of optimal)")
            << ", " << s.seconds << " s\n";
}

void RunMonthly(const Globals& globals, BatchOptions& o) {
  Service service(globals);
  if (o.run.month.empty()) o.run.month = usecases::SystemToday().ToString().substr(0, 7);
  std::unique_ptr<Progress> bar;
  std::string phase;
  const auto run = service.use_cases.match_runs.Run(
      o.run, usecases::Actor::Cli(), [&](const std::string& p, size_t done, size_t total) {
        if (p != phase) {
          if (bar) bar->Finish();
          phase = p;
          bar = std::make_unique<Progress>(p, total);
        }
        bar->Set(done);
      });
  if (bar) bar->Finish();
  PrintSummary(run);
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
  monthly->add_option("--top-k", o->run.top_k, "candidate homes per need in the assignment")
      ->check(CLI::Range(1, 1000))
      ->capture_default_str();
  monthly
      ->add_option("--assignment-budget", o->run.assignment_budget,
                   "flow problems per component before settling (reports the gap)")
      ->check(CLI::Range(1, 10000000))
      ->capture_default_str();
  monthly->add_option("--out", o->out_dir,
                      "write JSON, CSV per agency and an HTML report into this folder");
  monthly->callback([&globals, o] { RunMonthly(globals, *o); });
}

}  // namespace fostermatch::cli
