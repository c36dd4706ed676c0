#pragma once

// The engine's ranking as one SQL query on SQLite, shared by the benchmark
// (tests/bench/matching_bench.cpp) and the agreement test (tests/engine_sql_agreement_test.cpp):
// a synthetic city shaped like the demo data, one table row per home with the derived columns the
// index holds, the travel-time table, and the hard rules and weighted score in SQL with every
// value bound.

#include <sqlite3.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <random>
#include <span>
#include <stdexcept>
#include <vector>

#include "matching/engine.h"

namespace fostermatch::rank_sql {

// `n` homes over `regions`, shaped like the demo data (the benchmark uses seed 42).
inline std::vector<matching::HomeInput> MakeHomes(size_t n, uint64_t seed,
                                                  const std::vector<matching::Region>& regions,
                                                  matching::Date today) {
  using namespace matching;
  std::mt19937_64 rng(seed);
  auto pick = [&](int lo, int hi) { return lo + static_cast<int>(rng() % uint64_t(hi - lo + 1)); };
  std::vector<HomeInput> homes;
  homes.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    HomeInput h;
    FosterParent& fp = h.parent;
    fp.id = static_cast<int64_t>(i + 1);
    fp.agency_id = pick(1, 3);
    fp.region = regions[rng() % regions.size()].code;
    const int t = pick(1, 100);
    fp.types = t <= 70   ? FosterTypes{FosterType::kFoster}
               : t <= 85 ? FosterTypes{FosterType::kFoster, FosterType::kSpecialized}
               : t <= 95 ? FosterTypes{FosterType::kAdoptive}
                         : FosterTypes{FosterType::kKinship};
    fp.status = pick(1, 100) <= 88 ? ParentStatus::kActive : ParentStatus::kSuspended;
    fp.registered_on = today.AddMonths(-pick(1, 60));
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
    if (fp.types.Has(FosterType::kSpecialized)) {
      course(Course::kSpecialized, fp.registered_on.AddDays(-20), 48);
    }
    if (pick(1, 2) == 1) course(Course::kPractical, today.AddDays(-pick(10, 900)), 18);
    if (pick(1, 3) == 1) {
      h.placements.push_back({0, 0, fp.id, 1, today.AddMonths(-pick(1, 30)), std::nullopt, ""});
    }
    homes.push_back(std::move(h));
  }
  return homes;
}

// One row per home with the same derived columns the index holds, and the travel-time table.
inline constexpr const char* kSchema = R"sql(
CREATE TABLE homes (id INTEGER PRIMARY KEY, region INTEGER, types INTEGER, active INTEGER,
  respite_only INTEGER, base_courses INTEGER, specialized_course INTEGER, registered INTEGER,
  expires INTEGER, last_renewal INTEGER, capacity INTEGER, free INTEGER, max_siblings INTEGER,
  age_min INTEGER, age_max INTEGER, sexes INTEGER, accepts INTEGER, months INTEGER, soft REAL);
CREATE TABLE minutes (from_region INTEGER, to_region INTEGER, minutes REAL,
  PRIMARY KEY (from_region, to_region));
)sql";

// The hard rules and weighted score (README "Matching"), in SQL. Every value is bound. The
// score is reported rounded half-up to hundredths and ties on it go to the lower id.
inline constexpr const char* kRankSql = R"sql(
SELECT id, score FROM (
  SELECT h.id,
    :kp * MAX(0.0, 1.0 - m.minutes / :maxmin) + :kr * h.soft
      + :kw * MIN(1.0, h.months * :inv_sat)
      + :kf * ((MAX(0.0, 1.0 - ABS(:age - (h.age_min + h.age_max) / 2.0)
                            / ((h.age_max - h.age_min) / 2.0 + 1.0)))
               + (CASE WHEN :need_count = 0 THEN 1.0
                       ELSE (((:needs & h.accepts & 1) != 0) + ((:needs & h.accepts & 2) != 0)
                             + ((:needs & h.accepts & 4) != 0) + ((:needs & h.accepts & 8) != 0))
                            * 1.0 / :need_count END)
               + MAX(0.0, (h.free - :sib) * 1.0 / h.capacity)) / 3.0 AS score
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
ORDER BY CAST(score * 100 + 0.5 + 1e-7 AS INTEGER) DESC, id LIMIT :limit
)sql";

inline void Check(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(sqlite3_errmsg(db));
  }
}

// Creates the tables in `db` and fills them from `homes` as of `today`, in one transaction.
inline void Load(sqlite3* db, std::span<const matching::HomeInput> homes,
                 const matching::RegionDistances& regions, matching::Date today,
                 const matching::MatchPolicy& policy) {
  using namespace matching;
  Check(sqlite3_exec(db, kSchema, nullptr, nullptr, nullptr), db);
  Check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db);
  sqlite3_stmt* ins = nullptr;
  Check(sqlite3_prepare_v2(db, "INSERT INTO homes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                           -1, &ins, nullptr),
        db);
  for (const HomeInput& h : homes) {
    const FosterParent& fp = h.parent;
    const HomeFacts f = DeriveHomeFacts(fp, h.trainings, h.placements, today, policy.readiness,
                                        policy.long_unplaced_months);
    // Free places exclude every child of a placement not ended, including one starting later.
    const int64_t values[] = {
        fp.id,
        *regions.Index(fp.region),
        fp.types.bits(),
        fp.status == ParentStatus::kActive,
        fp.respite_only,
        BaseCoursesDone(fp.types, f.trainings),
        f.trainings.specialized,
        fp.registered_on.days(),
        fp.registration_expires_on.days(),
        f.trainings.last_renewal ? f.trainings.last_renewal->days() : INT32_MIN,
        fp.capacity,
        std::max(0, fp.capacity - f.committed_children),
        fp.accepts.max_siblings,
        fp.accepts.age_min,
        fp.accepts.age_max,
        fp.accepts.sexes.bits(),
        fp.accepts.needs.bits(),
        f.months_unplaced};
    for (int c = 0; c < 18; ++c) sqlite3_bind_int64(ins, c + 1, values[c]);
    sqlite3_bind_double(ins, 19, f.readiness.soft);
    Check(sqlite3_step(ins), db);
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  Check(sqlite3_prepare_v2(db, "INSERT INTO minutes VALUES (?,?,?)", -1, &ins, nullptr), db);
  for (uint16_t a = 0; a < regions.size(); ++a) {
    for (uint16_t b = 0; b < regions.size(); ++b) {
      sqlite3_bind_int(ins, 1, a);
      sqlite3_bind_int(ins, 2, b);
      sqlite3_bind_double(ins, 3, regions.Minutes(a, b));
      Check(sqlite3_step(ins), db);
      sqlite3_reset(ins);
    }
  }
  sqlite3_finalize(ins);
  Check(sqlite3_exec(db, "COMMIT; ANALYZE;", nullptr, nullptr, nullptr), db);
}

struct Ranked {
  int64_t id = 0;
  double score = 0;  // unrounded
};

// The best `limit` homes for `need` by the prepared kRankSql statement `st`. Dates are judged on
// the possible start: the need's earliest start or today, whichever is later.
inline std::vector<Ranked> Rank(sqlite3* db, sqlite3_stmt* st, const matching::Need& need,
                                const matching::RegionDistances& regions, matching::Date today,
                                const matching::MatchPolicy& p, int limit = 10) {
  using namespace matching;
  const ScoreWeights& w = p.weights;
  auto bind_d = [&](const char* name, double v) {
    sqlite3_bind_double(st, sqlite3_bind_parameter_index(st, name), v);
  };
  auto bind_i = [&](const char* name, int64_t v) {
    sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, name), v);
  };
  // Weights scaled to sum to 100.
  const double k = 100.0 / (w.proximity + w.readiness + w.waiting + w.fit);
  bind_d(":kp", w.proximity * k);
  bind_d(":kr", w.readiness * k);
  bind_d(":kw", w.waiting * k);
  bind_d(":kf", w.fit * k);
  bind_d(":maxmin", p.max_travel_minutes);
  bind_d(":inv_sat", 1.0 / p.waiting_saturation_months);
  bind_i(":age", need.child.age_years);
  bind_i(":sib", need.siblings);
  const auto region = regions.Index(need.region);
  bind_i(":region", region ? *region : -1);  // an unknown region matches no travel row
  bind_i(":req", need.requires_type ? static_cast<int>(*need.requires_type) : -1);
  bind_i(":special", need.needs.bits() & 7);
  bind_i(":needs", need.needs.bits());
  bind_i(":need_count", static_cast<int64_t>(need.needs.Names().size()));
  bind_i(":respite", need.kind == NeedKind::kRespite);
  const Date start = std::max(need.earliest_start, today);
  bind_i(":start", start.days());
  bind_i(":cs2", start.AddYears(-2).days());
  bind_i(":cs5", start.AddYears(-5).days());
  bind_i(":sexbit", Sexes{need.child.sex}.bits());
  bind_i(":limit", limit);
  std::vector<Ranked> out;
  while (true) {
    const int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) break;
    Check(rc, db);
    out.push_back({sqlite3_column_int64(st, 0), sqlite3_column_double(st, 1)});
  }
  sqlite3_reset(st);
  return out;
}

}  // namespace fostermatch::rank_sql
