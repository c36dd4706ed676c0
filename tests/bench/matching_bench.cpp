// Ranking one need against 1k … 1M homes with the engine, and the same ranking as one SQL query
// on SQLite over the same data (run: see README "Benchmarks"). The engine's and SQL's top 10
// are compared on every run; a mismatch fails the benchmark.

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <chrono>
#include <map>
#include <memory>

#include "matching/engine.h"
#include "service/usecases/regions.h"
#include "tests/bench/rank_sql.h"

namespace fm = fostermatch;
using namespace fostermatch::matching;

namespace {

const Date kToday = Date::FromYmd(2026, 11, 25);

struct World {
  std::vector<HomeInput> homes;
  std::shared_ptr<const RegionDistances> regions;
  std::unique_ptr<HomeIndex> index;
  double build_ms = 0;
};

// A synthetic city of `n` homes over Sapporo's wards, shaped like the demo data.
std::unique_ptr<World> MakeWorld(size_t n) {
  auto w = std::make_unique<World>();
  const auto region_list = fm::usecases::ParseRegionsCsv(fm::usecases::DefaultRegionsCsv());
  w->regions = std::make_shared<RegionDistances>(region_list, std::vector<TravelMinutes>{});
  w->homes = fm::rank_sql::MakeHomes(n, 42, region_list, kToday);
  const auto started = std::chrono::steady_clock::now();
  w->index = std::make_unique<HomeIndex>(w->homes, w->regions, kToday, MatchPolicy{});
  w->build_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return w;
}

World& WorldOf(size_t n) {
  static std::map<size_t, std::unique_ptr<World>> worlds;
  auto& w = worlds[n];
  if (!w) w = MakeWorld(n);
  return *w;
}

Need BenchNeed() {
  Need n;
  n.id = 1;
  n.region = "01105";
  n.child = {7, Sex::kFemale};
  n.siblings = 1;
  n.kind = NeedKind::kLongTerm;
  n.earliest_start = kToday.AddDays(7);
  return n;
}

void BM_EngineRank(benchmark::State& state) {
  World& w = WorldOf(static_cast<size_t>(state.range(0)));
  const Need need = BenchNeed();
  int eligible = 0;
  for (auto _ : state) {
    RankResult r = w.index->Rank(need, {10, std::nullopt});
    eligible = r.eligible;
    benchmark::DoNotOptimize(r);
  }
  state.counters["eligible"] = eligible;
  state.counters["homes"] = static_cast<double>(w.index->size());
  state.counters["bytes_per_home"] =
      static_cast<double>(w.index->MemoryBytes()) / static_cast<double>(w.index->size());
  state.counters["index_build_ms"] = w.build_ms;
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_EngineRank)
    ->Arg(1000)
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMicrosecond);

// A copy of the index: the copy-on-write step of a per-household update.
void BM_IndexCopy(benchmark::State& state) {
  World& w = WorldOf(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    HomeIndex copy = *w.index;
    benchmark::DoNotOptimize(copy);
  }
}
BENCHMARK(BM_IndexCopy)->Arg(100000)->Unit(benchmark::kMicrosecond);

// Upsert of one household that is already indexed (a changed home), on a copy of the index.
void BM_IndexUpsertReplace(benchmark::State& state) {
  World& w = WorldOf(static_cast<size_t>(state.range(0)));
  HomeIndex copy = *w.index;
  size_t k = 0;
  for (auto _ : state) {
    HomeInput home = w.homes[k++ % w.homes.size()];
    home.parent.capacity = 1 + static_cast<int>(k % 3);
    copy.Upsert(home);
  }
}
BENCHMARK(BM_IndexUpsertReplace)->Arg(100000)->Unit(benchmark::kMicrosecond);

// Upsert of a new household whose id is above every indexed one (a registration).
void BM_IndexUpsertAppend(benchmark::State& state) {
  World& w = WorldOf(static_cast<size_t>(state.range(0)));
  HomeIndex copy = *w.index;
  int64_t next_id = copy.id(copy.size() - 1);
  for (auto _ : state) {
    HomeInput home = w.homes[static_cast<size_t>(next_id) % w.homes.size()];
    home.parent.id = ++next_id;
    copy.Upsert(home);
  }
}
BENCHMARK(BM_IndexUpsertAppend)->Arg(100000)->Unit(benchmark::kMicrosecond);

// Erase of a household in the middle and its Upsert back: the O(size) case of both.
void BM_IndexEraseAndReinsert(benchmark::State& state) {
  World& w = WorldOf(static_cast<size_t>(state.range(0)));
  HomeIndex copy = *w.index;
  const HomeInput& home = w.homes[w.homes.size() / 2];
  for (auto _ : state) {
    copy.Erase(home.parent.id);
    copy.Upsert(home);
  }
}
BENCHMARK(BM_IndexEraseAndReinsert)->Arg(100000)->Unit(benchmark::kMicrosecond);

// --- the same ranking as one SQL query on SQLite ---------------------------------------------

sqlite3* SqlWorld(size_t n) {
  static std::map<size_t, sqlite3*> dbs;
  if (auto it = dbs.find(n); it != dbs.end()) return it->second;
  World& w = WorldOf(n);
  const std::string path = "/tmp/fostermatch-bench-" + std::to_string(n) + ".db";
  std::remove(path.c_str());
  sqlite3* db = nullptr;
  fm::rank_sql::Check(sqlite3_open(path.c_str(), &db), db);
  fm::rank_sql::Load(db, w.homes, *w.regions, kToday, MatchPolicy{});
  dbs[n] = db;
  return db;
}

std::vector<int64_t> SqlRank(sqlite3* db, sqlite3_stmt* st, const Need& need,
                             const RegionDistances& regions) {
  std::vector<int64_t> ids;
  for (const auto& r : fm::rank_sql::Rank(db, st, need, regions, kToday, MatchPolicy{})) {
    ids.push_back(r.id);
  }
  return ids;
}

void BM_SqliteRank(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  sqlite3* db = SqlWorld(n);
  World& w = WorldOf(n);
  const Need need = BenchNeed();
  sqlite3_stmt* st = nullptr;
  fm::rank_sql::Check(sqlite3_prepare_v2(db, fm::rank_sql::kRankSql, -1, &st, nullptr), db);
  // The two must agree before their times mean anything.
  std::vector<int64_t> engine_ids;
  for (const auto& c : w.index->Rank(need, {10, std::nullopt}).candidates)
    engine_ids.push_back(c.foster_parent_id);
  if (SqlRank(db, st, need, *w.regions) != engine_ids) {
    state.SkipWithError("the SQL ranking differs from the engine's");
    return;
  }
  for (auto _ : state) {
    auto ids = SqlRank(db, st, need, *w.regions);
    benchmark::DoNotOptimize(ids);
  }
  sqlite3_finalize(st);
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SqliteRank)->Arg(1000)->Arg(10000)->Arg(100000)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
