// Solves a monthly run's assignment instance (fostermatch batch monthly --assignment-instance)
// with AssignExact and prints one JSON line: the objective's total, children and sibling groups
// placed, proven or the gap, milliseconds and peak memory. tests/bench/assignment_bench.sh runs
// it beside CBC on the same file.
//   assignment_bench INSTANCE.json [--budget N]

#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <sstream>

#include "matching/assignment.h"
#include "matching/parallel.h"

namespace json = boost::json;
using namespace fostermatch::matching;

int main(int argc, char** argv) {
  CLI::App app{"solve an assignment instance with AssignExact"};
  std::string file;
  int budget = 2000;  // the batch's default
  int threads = 0;    // the batch's default: one per core
  app.add_option("instance", file, "JSON written by batch monthly --assignment-instance")
      ->required()
      ->check(CLI::ExistingFile);
  app.add_option("--budget", budget,
                 "branch-and-bound nodes per part and level (as --assignment-budget)")
      ->capture_default_str();
  app.add_option("--threads", threads,
                 "threads to solve parts on (as --assignment-threads; 0: one per core)")
      ->check(CLI::Range(0, 256))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  std::stringstream text;
  text << std::ifstream(file).rdbuf();
  const json::object in = json::parse(text.str()).as_object();
  std::vector<AssignmentNeed> needs;
  std::vector<AssignmentHome> homes;
  std::vector<AssignmentArc> arcs;
  std::vector<int64_t> children;  // per arc
  for (const auto& n : in.at("needs").as_array()) {
    needs.push_back({n.as_array()[0].to_number<int64_t>(), n.as_array()[1].to_number<int>()});
  }
  for (const auto& h : in.at("homes").as_array()) {
    homes.push_back({h.as_array()[0].to_number<int64_t>(), h.as_array()[1].to_number<int>()});
  }
  std::vector<int64_t> weights;
  if (const auto* w = in.if_contains("level_weights")) {
    weights = json::value_to<std::vector<int64_t>>(*w);
  }
  for (const auto& a : in.at("arcs").as_array()) {
    const auto& f = a.as_array();
    arcs.push_back({f[0].to_number<size_t>(), f[1].to_number<size_t>(), f[2].to_number<int64_t>()});
  }
  const auto started = std::chrono::steady_clock::now();
  const AssignmentResult r = AssignExact(
      needs, homes, arcs,
      {.max_nodes = budget, .level_weights = weights, .threads = ThreadsOrCores(threads)});
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  int placed_children = 0, groups = 0;
  for (size_t n = 0; n < needs.size(); ++n) {
    if (!r.home_of_need[n]) continue;
    placed_children += needs[n].slots;
    groups += needs[n].slots > 1;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::cout << json::serialize(json::object{{"total", r.total},
                                            {"upper_bound", r.upper_bound},
                                            {"proven_optimal", r.proven_optimal},
                                            {"children", placed_children},
                                            {"sibling_groups", groups},
                                            {"components", r.components},
                                            {"flow_problems", r.subproblems},
                                            {"ms", ms},
                                            {"peak_mib", usage.ru_maxrss / 1024}})
            << "\n";
  return 0;
}
