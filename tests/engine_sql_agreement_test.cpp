// The engine's top 10 against the same ranking as one SQL query (tests/bench/rank_sql.h, the
// benchmark's query) on an in-memory SQLite database, for small synthetic cities and many kinds of
// need. The benchmark makes this comparison at scale by hand; this test keeps it in ctest.
// On main (ccab89c) it fails for one need (city seed 1005, need 11): homes 332 (84.663) and 269
// (84.656) tie at 84.66 and the README gives the place to the lower id; main orders by the
// unrounded score.

#include <gtest/gtest.h>

#include <cmath>
#include <memory>
#include <random>
#include <sstream>

#include "matching/engine.h"
#include "service/usecases/regions.h"
#include "tests/bench/rank_sql.h"

namespace fostermatch::matching {
namespace {

const Date kToday = Date::FromYmd(2026, 11, 25);
constexpr int kCities = 6;
constexpr size_t kHomes = 400;
constexpr int kNeedsPerCity = 24;

// An in-memory database, closed on scope exit.
struct Db {
  Db() { rank_sql::Check(sqlite3_open(":memory:", &db), db); }
  ~Db() {
    if (st) sqlite3_finalize(st);
    sqlite3_close(db);
  }
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  sqlite3* db = nullptr;
  sqlite3_stmt* st = nullptr;
};

// The benchmark's homes, with some of what it lacks: placements that start later, explicitly
// accepted needs of every kind, specialized-only homes, travel-minute overrides.
std::vector<HomeInput> CityHomes(uint64_t seed, const std::vector<Region>& regions) {
  std::vector<HomeInput> homes = rank_sql::MakeHomes(kHomes, seed, regions, kToday);
  std::mt19937 rng(static_cast<uint32_t>(seed));
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (HomeInput& h : homes) {
    if (pick(1, 10) == 1) {
      h.placements.push_back({0, 0, h.parent.id, 1, kToday.AddDays(pick(1, 60)), std::nullopt, ""});
    }
    if (pick(1, 4) == 1) {
      h.parent.accepts.needs = NeedCategories::FromBits(static_cast<uint8_t>(pick(0, 15)));
    }
    if (pick(1, 25) == 1) {
      h.parent.types = {FosterType::kSpecialized};
      h.parent.capacity = std::min(h.parent.capacity, 2);
    }
  }
  return homes;
}

Need SomeNeed(std::mt19937& rng, int64_t id, const std::vector<Region>& regions) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Need n;
  n.id = id;
  n.case_ref = "C-" + std::to_string(id);
  n.region = regions[static_cast<size_t>(pick(0, int(regions.size()) - 1))].code;
  n.child = {pick(0, 17), pick(0, 1) ? Sex::kFemale : Sex::kMale};
  n.siblings = pick(1, 4) == 1 ? 2 : 1;
  if (pick(1, 2) == 1) n.needs = NeedCategories::FromBits(static_cast<uint8_t>(pick(0, 15)));
  n.kind = static_cast<NeedKind>(pick(0, 3));
  if (pick(1, 5) == 1) n.requires_type = static_cast<FosterType>(pick(0, 3));
  n.earliest_start = kToday.AddDays(pick(0, 2) == 0 ? 0 : pick(1, 60));
  return n;
}

TEST(EngineSqlAgreement, EngineTopTenEqualsTheSqlQueryTopTen) {
  const auto region_list = usecases::ParseRegionsCsv(usecases::DefaultRegionsCsv());
  int compared = 0, nonempty = 0;
  for (int city = 0; city < kCities; ++city) {
    const uint64_t seed = 1000 + static_cast<uint64_t>(city);
    // Half the cities have operator overrides, two of them beyond the travel limit.
    std::vector<TravelMinutes> overrides;
    if (city % 2 == 1) {
      overrides = {{"01109", "01110", 95}, {"01110", "01109", 120}, {"01101", "01106", 15}};
    }
    auto regions = std::make_shared<RegionDistances>(region_list, overrides);
    const std::vector<HomeInput> homes = CityHomes(seed, region_list);
    const MatchPolicy policy;
    const HomeIndex index(homes, regions, kToday, policy);
    Db db;
    rank_sql::Load(db.db, homes, *regions, kToday, policy);
    rank_sql::Check(sqlite3_prepare_v2(db.db, rank_sql::kRankSql, -1, &db.st, nullptr), db.db);
    std::mt19937 rng(static_cast<uint32_t>(seed));
    for (int j = 0; j < kNeedsPerCity; ++j) {
      const Need need = SomeNeed(rng, j + 1, region_list);
      const auto engine = index.Rank(need, {10, std::nullopt}).candidates;
      const auto sql = rank_sql::Rank(db.db, db.st, need, *regions, kToday, policy);
      ++compared;
      nonempty += engine.empty() ? 0 : 1;
      std::ostringstream both;
      both.precision(10);
      both << "city seed " << seed << ", need " << need.id << " (region " << need.region << ", age "
           << need.child.age_years << ", siblings " << need.siblings << ", needs "
           << int(need.needs.bits()) << ", kind " << ToString(need.kind) << ", requires "
           << (need.requires_type ? ToString(*need.requires_type) : "-") << ", start "
           << need.earliest_start.ToString() << ")\n  engine:";
      for (const auto& c : engine) both << " " << c.foster_parent_id << "=" << c.score;
      both << "\n  sql:   ";
      for (const auto& r : sql) both << " " << r.id << "=" << r.score;
      ASSERT_EQ(engine.size(), sql.size()) << both.str();
      for (size_t i = 0; i < engine.size(); ++i) {
        EXPECT_EQ(engine[i].foster_parent_id, sql[i].id) << "position " << i << "\n" << both.str();
        EXPECT_NEAR(engine[i].score, sql[i].score, 0.01) << "position " << i << "\n" << both.str();
      }
    }
  }
  // Most needs must have candidates, or the comparison proves little.
  EXPECT_GT(nonempty, compared / 2);
  std::cout << "[ sql ] " << compared << " needs compared over " << kCities << " cities of "
            << kHomes << " homes, " << nonempty << " with candidates\n";
}

}  // namespace
}  // namespace fostermatch::matching
