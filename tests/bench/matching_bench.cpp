// Ranking one need against 1k … 1M homes with the engine, and the same ranking as one SQL query
// on SQLite over the same data (run: see README "Benchmarks"). The engine's and SQL's top 10
// are compared on every run; a mismatch fails the benchmark.

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <chrono>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>

#include "matching/engine.h"
#include "service/regions.h"

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
  const auto region_list = fm::ParseRegionsCsv(fm::DefaultRegionsCsv());
  w->regions = std::make_shared<RegionDistances>(region_list, std::vector<TravelMinutes>{});
  std::mt19937_64 rng(42);
  auto pick = [&](int lo, int hi) { return lo + static_cast<int>(rng() % uint64_t(hi - lo + 1)); };
  w->homes.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    HomeInput h;
    FosterParent& fp = h.parent;
    fp.id = static_cast<int64_t>(i + 1);
    fp.agency_id = pick(1, 3);
    fp.region = region_list[rng() % region_list.size()].code;
    const int t = pick(1, 100);
    fp.types = t <= 70   ? FosterTypes{FosterType::kFoster}
               : t <= 85 ? FosterTypes{FosterType::kFoster, FosterType::kSpecialized}
               : t <= 95 ? FosterTypes{FosterType::kAdoptive}
                         : FosterTypes{FosterType::kKinship};
    fp.status = pick(1, 100) <= 88 ? ParentStatus::kActive : ParentStatus::kSuspended;
    fp.registered_on = kToday.AddMonths(-pick(1, 60));
    fp.registration_expires_on = DefaultRegistrationExpiry(fp.types, fp.registered_on);
    fp.capacity = pick(1, 3);
    fp.accepts.age_min = pick(0, 6);
    fp.accepts.age_max = std::min(17, fp.accepts.age_min + pick(3, 14));
    fp.accepts.max_siblings = pick(1, 2);
    if (pick(1, 10) == 1) fp.accepts.needs.Add(NeedCategory::kBehavioral);
    fp.respite_only = pick(1, 20) == 1;
    auto course = [&](Course c, Date on, double hours) {
      Training tr;
      tr.foster_parent_id = fp.id;
      tr.course = c;
      tr.completed_on = on;
      tr.hours = hours;
      h.trainings.push_back(tr);
    };
    course(Course::kBasic, fp.registered_on.AddDays(-60), 6);
    if (pick(1, 20) > 1) course(Course::kPreRegistration, fp.registered_on.AddDays(-30), 12);
    if (fp.types.Has(FosterType::kSpecialized))
      course(Course::kSpecialized, fp.registered_on.AddDays(-20), 48);
    if (pick(1, 2) == 1) course(Course::kPractical, kToday.AddDays(-pick(10, 900)), 18);
    if (pick(1, 3) == 1) {
      h.placements.push_back({0, 0, fp.id, 1, kToday.AddMonths(-pick(1, 30)), std::nullopt, ""});
    }
    w->homes.push_back(std::move(h));
  }
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
  for (auto _ : state) {
    RankResult r = w.index->Rank(need, {10, std::nullopt});
    benchmark::DoNotOptimize(r);
  }
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

// --- the same ranking as one SQL query on SQLite ---------------------------------------------

// One row per home with the same derived columns the index holds, and the travel-time table.
const char* kSchema = R"sql(
CREATE TABLE homes (id INTEGER PRIMARY KEY, region INTEGER, types INTEGER, active INTEGER,
  respite_only INTEGER, base_courses INTEGER, specialized_course INTEGER, registered INTEGER,
  expires INTEGER, last_renewal INTEGER, capacity INTEGER, free INTEGER, max_siblings INTEGER,
  age_min INTEGER, age_max INTEGER, sexes INTEGER, accepts INTEGER, months INTEGER, soft REAL);
CREATE TABLE minutes (from_region INTEGER, to_region INTEGER, minutes REAL,
  PRIMARY KEY (from_region, to_region));
)sql";

// The engine's hard rules and weighted score, in SQL. Every value is bound. Like the engine, it
// ranks by the score in hundredths rounded half up (a sum within 1e-5 of the half counts as it).
const char* kRankSql = R"sql(
SELECT id, score FROM (
  SELECT h.id,
    :kp * MAX(0.0, 1.0 - m.minutes / :maxmin) + :kr * h.soft
      + :kw * MIN(1.0, h.months * :inv_sat)
      + :kf * ((MAX(0.0, 1.0 - ABS(:age - (h.age_min + h.age_max) / 2.0)
                            / ((h.age_max - h.age_min) / 2.0 + 1.0)))
               + 1.0 + MAX(0.0, (h.free - :sib) * 1.0 / h.capacity)) / 3.0 AS score
  FROM homes h JOIN minutes m ON m.from_region = h.region AND m.to_region = :region
  WHERE h.active = 1
    AND (CASE WHEN :req >= 0 THEN (h.types & (1 << :req)) != 0 ELSE h.types NOT IN (4, 8) END)
    AND ((:special & h.accepts) = :special OR (h.types & 2) != 0)
    AND NOT (h.respite_only = 1 AND :respite = 0)
    AND :start BETWEEN h.registered AND h.expires
    AND h.base_courses = 1
    AND (h.specialized_course = 1 OR NOT (h.types = 2 OR :req = 1 OR (:special & h.accepts) != :special))
    AND NOT (h.registered < (CASE WHEN (h.types & 2) != 0 THEN :cs2 ELSE :cs5 END)
             AND h.last_renewal < (CASE WHEN (h.types & 2) != 0 THEN :cs2 ELSE :cs5 END))
    AND h.free >= :sib AND h.max_siblings >= :sib
    AND :age BETWEEN h.age_min AND h.age_max
    AND (h.sexes & :sexbit) != 0
    AND m.minutes <= :maxmin)
ORDER BY CAST(score * 100 + 0.501 AS INTEGER) DESC, id LIMIT 10
)sql";

void Check(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    throw std::runtime_error(sqlite3_errmsg(db));
}

sqlite3* SqlWorld(size_t n) {
  static std::map<size_t, sqlite3*> dbs;
  if (auto it = dbs.find(n); it != dbs.end()) return it->second;
  World& w = WorldOf(n);
  const std::string path = "/tmp/fostermatch-bench-" + std::to_string(n) + ".db";
  std::remove(path.c_str());
  sqlite3* db = nullptr;
  Check(sqlite3_open(path.c_str(), &db), db);
  Check(sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr), db);
  Check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db);
  sqlite3_stmt* ins = nullptr;
  Check(sqlite3_prepare_v2(db, "INSERT INTO homes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &ins, nullptr),
        db);
  const MatchPolicy policy;
  for (const HomeInput& h : w.homes) {
    const FosterParent& fp = h.parent;
    const HomeFacts f = DeriveHomeFacts(fp, h.trainings, h.placements, kToday, policy.readiness,
                                        policy.long_unplaced_months);
    const int64_t values[] = {
        fp.id,
        *w.regions->Index(fp.region),
        fp.types.bits(),
        fp.status == ParentStatus::kActive,
        fp.respite_only,
        BaseCoursesDone(fp.types, f.trainings),
        f.trainings.specialized,
        fp.registered_on.days(),
        fp.registration_expires_on.days(),
        f.trainings.last_renewal ? f.trainings.last_renewal->days() : INT32_MIN,
        fp.capacity,
        std::max(0, fp.capacity - f.current_children),
        fp.accepts.max_siblings,
        fp.accepts.age_min,
        fp.accepts.age_max,
        fp.accepts.sexes.bits(),
        fp.accepts.needs.bits(),
        f.months_unplaced};
    for (int c = 0; c < 18; ++c) sqlite3_bind_int64(ins, c + 1, values[c]);
    sqlite3_bind_double(ins, 19, static_cast<float>(f.readiness.soft));  // as the index holds it
    Check(sqlite3_step(ins), db);
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  Check(sqlite3_prepare_v2(db, "INSERT INTO minutes VALUES (?,?,?)", -1, &ins, nullptr), db);
  for (uint16_t a = 0; a < w.regions->size(); ++a) {
    for (uint16_t b = 0; b < w.regions->size(); ++b) {
      sqlite3_bind_int(ins, 1, a);
      sqlite3_bind_int(ins, 2, b);
      sqlite3_bind_double(ins, 3, w.regions->Minutes(a, b));
      Check(sqlite3_step(ins), db);
      sqlite3_reset(ins);
    }
  }
  sqlite3_finalize(ins);
  Check(sqlite3_exec(db, "COMMIT; ANALYZE;", nullptr, nullptr, nullptr), db);
  dbs[n] = db;
  return db;
}

std::vector<int64_t> SqlRank(sqlite3* db, sqlite3_stmt* st, const Need& need,
                             const RegionDistances& regions) {
  const MatchPolicy p;
  const ScoreWeights& w = p.weights;
  auto bind_d = [&](const char* name, double v) {
    sqlite3_bind_double(st, sqlite3_bind_parameter_index(st, name), v);
  };
  auto bind_i = [&](const char* name, int64_t v) {
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, name), v);
  };
  // The engine's arithmetic: weights scaled to sum to 100, waiting as months × 1/saturation.
  const double k = 100.0 / (w.proximity + w.readiness + w.waiting + w.fit);
  bind_d(":kp", w.proximity * k);
  bind_d(":kr", w.readiness * k);
  bind_d(":kw", w.waiting * k);
  bind_d(":kf", w.fit * k);
  bind_d(":maxmin", p.max_travel_minutes);
  bind_d(":inv_sat", 1.0 / p.waiting_saturation_months);
  bind_i(":age", need.child.age_years);
  bind_i(":sib", need.siblings);
  bind_i(":region", *regions.Index(need.region));
  bind_i(":req", need.requires_type ? static_cast<int>(*need.requires_type) : -1);
  bind_i(":special", need.needs.bits() & 7);
  bind_i(":respite", need.kind == NeedKind::kRespite);
  bind_i(":start", need.earliest_start.days());
  bind_i(":cs2", need.earliest_start.AddYears(-2).days());
  bind_i(":cs5", need.earliest_start.AddYears(-5).days());
  bind_i(":sexbit", Sexes{need.child.sex}.bits());
  std::vector<int64_t> ids;
  while (true) {
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) break;
    Check(rc, db);
    ids.push_back(sqlite3_column_int64(st, 0));
  }
  sqlite3_reset(st);
  return ids;
}

void BM_SqliteRank(benchmark::State& state) {
  const size_t n = static_cast<size_t>(state.range(0));
  sqlite3* db = SqlWorld(n);
  World& w = WorldOf(n);
  const Need need = BenchNeed();
  sqlite3_stmt* st = nullptr;
  Check(sqlite3_prepare_v2(db, kRankSql, -1, &st, nullptr), db);
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
