// What the first read after one household's write costs (tests/bench/snapshot_bench.sh):
//   snapshot_bench --db URL [--writes 20]
// on a database written by national_bench: a full load of the matching snapshot (what every
// read after any write paid before the change log), then `writes` times a change to one
// household followed by the read that brings the snapshot up to date. Prints the medians.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>
#include <vector>

#include "service/storage/database.h"
#include "service/usecases/matching_snapshot.h"
#include "service/usecases/use_cases.h"

namespace fm = fostermatch;

namespace {

using Clock = std::chrono::steady_clock;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

template <typename F>
double TimeMs(F&& f) {
  const auto started = Clock::now();
  f();
  return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"the first matching read after one household's write"};
  std::string db_url;
  int writes = 20;
  app.add_option("--db", db_url, "a database written by national_bench")->required();
  app.add_option("--writes", writes);
  CLI11_PARSE(app, argc, argv);

  auto db = fm::storage::Database::Open(db_url, 4);
  fm::usecases::Config config;
  config.today = [] { return fm::matching::Date::FromYmd(2026, 11, 25); };
  fm::usecases::UseCases uc(*db, config);
  fm::usecases::DataVersionWatch versions(*db, std::chrono::milliseconds(0));
  fm::usecases::MatchingService service(*db, versions, config.policy, config.today);
  const fm::usecases::Actor cli = fm::usecases::Actor::Cli();

  // The first write stamps whatever the generator left unstamped; the read after it loads all.
  service.Current();
  fm::usecases::FosterParentChanges warm_up;
  warm_up.notes = "bench";
  std::vector<int64_t> ids;
  std::vector<fm::matching::HomeInput> records;
  service.Current()->households.ForEach([&](const fm::usecases::HouseholdRow& row) {
    ids.push_back(row.id());
    records.push_back(*row.home);
  });
  uc.households.Update(ids.front(), warm_up, cli);
  const auto first = service.Current();
  const int64_t some_id = ids.at(ids.size() / 2);
  std::vector<double> full, patched, patch_only;
  size_t loaded = 0;
  for (int i = 0; i < writes; ++i) {
    full.push_back(TimeMs([&] {
      fm::usecases::DataVersionWatch fresh_versions(*db, std::chrono::milliseconds(0));
      fm::usecases::MatchingService fresh(*db, fresh_versions, config.policy, config.today);
      fresh.Current();
    }));
    const int64_t id = ids.at((ids.size() / 2 + 97 * i) % ids.size());
    fm::usecases::FosterParentChanges change;
    change.notes = "bench " + std::to_string(i);
    uc.households.Update(id, change, cli);
    patched.push_back(TimeMs([&] {
      const auto next = service.Current();
      loaded = next->stats.households_loaded;
      patch_only.push_back(next->stats.milliseconds);
    }));
  }
  // What a patch no longer pays: copying every record and building the index from them.
  const double copy_ms = TimeMs([&] { std::vector<fm::matching::HomeInput> copy(records); });
  const double index_ms = TimeMs(
      [&] { fm::matching::HomeIndex index(records, first->regions, first->today, config.policy); });
  std::cout << "homes: " << first->households.size() << " (e.g. id " << some_id << ")\n"
            << "full load (every read after a write, before the change log): median "
            << Median(full) << " ms\n"
            << "first read after one PATCH (change log): median " << Median(patched) << " ms, "
            << loaded << " household(s) reloaded; the patch itself (reload, table, index, steps) "
            << Median(patch_only) << " ms\n"
            << "  a full rebuild from memory would cost: copy " << copy_ms << " ms + build "
            << index_ms << " ms\n";
  return 0;
}
