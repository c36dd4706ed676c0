// The engine against an independent reference model (tests/reference_model.h) on many random
// small cities: the same first failing rule for every home and need, the same eligible homes,
// the same scores and the same order.
//
// The cities are built so that dates fall on and next to the rules' boundaries (registration
// expiry, the renewal cycle's start, the 24-month training window), with trainings recorded ahead
// of time, failed and partial outcomes, placements that start later or end today, travel-minute
// overrides beyond the limit and needs in unknown regions.
//
// Some tests pin rules the engine of ccab89c did not follow (each failed there): date rules on a
// passed earliest_start instead of today; ranking and reporting the unrounded score; soft
// readiness held as a float, so mathematically equal scores were ordered by rounding noise.

#include "tests/reference_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "matching/engine.h"
#include "service/usecases/regions.h"

namespace fostermatch::matching {
namespace {

namespace ref = fostermatch::reference;

constexpr int kCities = 40;
constexpr uint32_t kFirstSeed = 20261125;
constexpr size_t kMismatchesShown = 12;

// When needs may start, relative to the city's today.
enum class Starts {
  kToday,         // earliest_start == today: every date semantic agrees
  kTodayOrLater,  // today or up to a few months later
  kPast,          // earliest_start before today: the placement can start today at the earliest
  kFuture,        // strictly after today
};

struct City {
  uint32_t seed = 0;
  Date today;
  ref::Geography geo;
  std::vector<ref::Home> homes;  // in a shuffled order, ids with gaps
  std::vector<Need> needs;
};

class CityMaker {
 public:
  explicit CityMaker(uint32_t seed) : rng_(seed) {}

  City Make(uint32_t seed, Starts starts) {
    City c;
    c.seed = seed;
    c.today = Date::FromYmd(2025, 1, 1).AddDays(Pick(0, 3 * 365));
    MakeGeography(c);
    // The days the rules are judged on: today and the needs' starts. Home dates cluster around
    // the boundaries those days define.
    key_dates_ = {c.today};
    std::vector<Date> starts_pool;
    for (int i = 0; i < 4; ++i) {
      switch (starts) {
        case Starts::kToday:
          starts_pool.push_back(c.today);
          break;
        case Starts::kTodayOrLater:
          starts_pool.push_back(i == 0 ? c.today : c.today.AddDays(Pick(1, 120)));
          break;
        case Starts::kPast:
          starts_pool.push_back(c.today.AddDays(-Pick(1, 400)));
          break;
        case Starts::kFuture:
          starts_pool.push_back(c.today.AddDays(Pick(1, 200)));
          break;
      }
    }
    for (Date d : starts_pool) key_dates_.push_back(d);
    const int home_count = Pick(150, 300);
    int64_t id = Pick(1, 40);
    for (int i = 0; i < home_count; ++i) {
      c.homes.push_back(MakeHome(c, id));
      id += Pick(1, 4);
    }
    std::shuffle(c.homes.begin(), c.homes.end(), rng_);
    const int need_count = Pick(20, 40);
    for (int j = 0; j < need_count; ++j) {
      c.needs.push_back(MakeNeed(c, j + 1, starts_pool[static_cast<size_t>(Pick(0, 3))]));
    }
    return c;
  }

 private:
  int Pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(int percent) { return Pick(1, 100) <= percent; }
  Date KeyDate() { return key_dates_[static_cast<size_t>(Pick(0, int(key_dates_.size()) - 1))]; }
  Date Near(Date d) { return d.AddDays(Pick(-1, 1)); }

  void MakeGeography(City& c) {
    if (Chance(50)) {
      c.geo.regions = usecases::ParseRegionsCsv(usecases::DefaultRegionsCsv());
    } else {
      // Random points over about 70 × 70 km: some pairs beyond 90 minutes (32 km).
      const int n = Pick(2, 8);
      for (int i = 0; i < n; ++i) {
        Region r;
        r.code = "R" + std::to_string(100 + i * 7 + Pick(0, 6));
        if (std::any_of(c.geo.regions.begin(), c.geo.regions.end(),
                        [&](const Region& x) { return x.code == r.code; })) {
          continue;
        }
        r.name_ja = r.code;
        r.name_en = r.code;
        r.lat = 43.0 + Pick(-3200, 3200) / 10000.0;
        r.lon = 141.35 + Pick(-4400, 4400) / 10000.0;
        c.geo.regions.push_back(r);
      }
    }
    // Operator overrides, one per ordered pair at most, some beyond the limit, a few within a
    // region.
    std::set<std::pair<std::string, std::string>> seen;
    const int overrides = Pick(0, 6);
    for (int k = 0; k < overrides; ++k) {
      const auto& a = c.geo.regions[static_cast<size_t>(Pick(0, int(c.geo.regions.size()) - 1))];
      const auto& b =
          Chance(10) ? a
                     : c.geo.regions[static_cast<size_t>(Pick(0, int(c.geo.regions.size()) - 1))];
      if (!seen.insert({a.code, b.code}).second) continue;
      const int minutes = Chance(20) ? 90 : Pick(5, 130);
      c.geo.overrides.push_back({a.code, b.code, minutes});
    }
  }

  Date SomeRegistration(Date today) {
    const int r = Pick(1, 100);
    const Date key = KeyDate();
    if (r <= 35) return today.AddDays(-Pick(0, 3000));
    if (r <= 60) return Near(key.AddYears(-5));
    if (r <= 80) return Near(key.AddYears(-2));
    if (r <= 90) return Near(key);
    return today.AddDays(Pick(1, 90));  // registered ahead
  }

  Date SomeExpiry(const FosterParent& fp) {
    const int r = Pick(1, 100);
    if (r <= 50) return DefaultRegistrationExpiry(fp.types, fp.registered_on);
    if (r <= 80) return Near(KeyDate());
    return KeyDate().AddDays(Pick(-500, 500));
  }

  Training SomeTraining(const FosterParent& fp, Course course, Date today) {
    Training t;
    t.foster_parent_id = fp.id;
    t.course = course;
    const int r = Pick(1, 100);
    const Date key = KeyDate();
    if (r <= 45) {
      t.completed_on = today.AddDays(-Pick(0, 2800));
    } else if (r <= 65) {
      t.completed_on = Near(key.AddMonths(-24));
    } else if (r <= 78) {
      t.completed_on = Near(key.AddYears(-5));
    } else if (r <= 90) {
      t.completed_on = Near(fp.registered_on.AddDays(-Pick(0, 60)));
    } else if (r <= 95) {
      t.completed_on = Near(today);
    } else {
      t.completed_on = today.AddDays(Pick(1, 120));  // recorded ahead of time
    }
    static constexpr double kHours[] = {0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 18};
    t.hours = kHours[Pick(0, 9)];
    const int o = Pick(1, 100);
    t.outcome = o <= 80   ? TrainingOutcome::kCompleted
                : o <= 92 ? TrainingOutcome::kPartial
                          : TrainingOutcome::kFailed;
    return t;
  }

  // A household as data entry would usually leave it: active, trained, registered, with broad
  // preferences. Its dates still fall near the boundaries now and then.
  ref::Home MakeLikelyHome(const City& c, int64_t id) {
    ref::Home h;
    FosterParent& fp = h.parent;
    fp.id = id;
    fp.agency_id = Pick(1, 3);
    fp.household_name = "H" + std::to_string(id);
    fp.region = c.geo.regions[static_cast<size_t>(Pick(0, int(c.geo.regions.size()) - 1))].code;
    fp.types = Chance(80) ? FosterTypes{FosterType::kFoster}
                          : FosterTypes{FosterType::kFoster, FosterType::kSpecialized};
    fp.registered_on = Chance(80) ? c.today.AddDays(-Pick(0, 1800)) : SomeRegistration(c.today);
    fp.registration_expires_on = DefaultRegistrationExpiry(fp.types, fp.registered_on);
    fp.capacity = Pick(1, 4);
    fp.accepts.age_min = Pick(0, 6);
    fp.accepts.age_max = Pick(std::max(fp.accepts.age_min, 8), 17);
    fp.accepts.max_siblings = Pick(1, 3);
    if (Chance(30)) fp.accepts.needs = NeedCategories::FromBits(static_cast<uint8_t>(Pick(0, 15)));
    auto add = [&](Course course, Date on, double hours) {
      Training t;
      t.id = id * 100 + static_cast<int64_t>(h.trainings.size());
      t.foster_parent_id = id;
      t.course = course;
      t.completed_on = on;
      t.hours = hours;
      h.trainings.push_back(t);
    };
    add(Course::kBasic, fp.registered_on.AddDays(-Pick(20, 90)), Pick(1, 12));
    add(Course::kPreRegistration, fp.registered_on.AddDays(-Pick(1, 19)), Pick(1, 12));
    if (fp.types.Has(FosterType::kSpecialized) && Chance(85)) {
      add(Course::kSpecialized, fp.registered_on.AddDays(-Pick(1, 30)), 12);
    }
    if (Chance(60)) add(Course::kRenewal, c.today.AddDays(-Pick(0, 900)), Pick(1, 6));
    if (Chance(60)) add(Course::kPractical, c.today.AddDays(-Pick(0, 900)), Pick(1, 18));
    if (Chance(30)) h.trainings.push_back(SomeTraining(fp, Course::kOther, c.today));
    if (Chance(30)) AddPlacements(c, h);
    return h;
  }

  void AddPlacements(const City& c, ref::Home& h) {
    const int64_t id = h.parent.id;
    const int placements = Pick(1, 2);
    for (int k = 0; k < placements; ++k) {
      Placement p;
      p.id = id * 10 + k;
      p.need_id = 100000 + p.id;
      p.foster_parent_id = id;
      p.children = Pick(1, 2);
      p.started_on = Chance(85) ? c.today.AddDays(-Pick(0, 1500)) : c.today.AddDays(Pick(1, 60));
      const int e = Pick(1, 100);
      if (e <= 45) {
        p.ended_on = std::nullopt;
      } else if (e <= 55) {
        p.ended_on = std::max(p.started_on, c.today);  // ends today, or on a later start
      } else if (e <= 85 && p.started_on < c.today) {
        p.ended_on = p.started_on.AddDays(Pick(0, c.today.days() - p.started_on.days()));
      } else {
        p.ended_on = std::max(p.started_on, c.today).AddDays(Pick(1, 200));
      }
      h.placements.push_back(p);
    }
  }

  ref::Home MakeHome(const City& c, int64_t id) {
    if (Chance(50)) return MakeLikelyHome(c, id);
    ref::Home h;
    FosterParent& fp = h.parent;
    fp.id = id;
    fp.agency_id = Pick(1, 3);
    fp.household_name = "H" + std::to_string(id);
    fp.region = c.geo.regions[static_cast<size_t>(Pick(0, int(c.geo.regions.size()) - 1))].code;
    const int t = Pick(1, 100);
    fp.types = t <= 40   ? FosterTypes::FromBits(static_cast<uint8_t>(Pick(1, 15)))
               : t <= 78 ? FosterTypes{FosterType::kFoster}
               : t <= 88 ? FosterTypes{FosterType::kFoster, FosterType::kSpecialized}
               : t <= 93 ? FosterTypes{FosterType::kSpecialized}
               : t <= 97 ? FosterTypes{FosterType::kAdoptive}
                         : FosterTypes{FosterType::kKinship};
    fp.status = Chance(85) ? ParentStatus::kActive
                           : (Chance(50) ? ParentStatus::kSuspended : ParentStatus::kWithdrawn);
    fp.registered_on = SomeRegistration(c.today);
    fp.registration_expires_on = SomeExpiry(fp);
    fp.capacity = Chance(4) ? 0 : Pick(1, 4);
    fp.accepts.age_min = Pick(0, 10);
    fp.accepts.age_max = Pick(fp.accepts.age_min, 17);
    fp.accepts.sexes = Chance(70) ? Sexes{Sex::kFemale, Sex::kMale}
                                  : Sexes::FromBits(static_cast<uint8_t>(Pick(1, 2)));
    fp.accepts.max_siblings = Pick(1, 3);
    if (Chance(40)) fp.accepts.needs = NeedCategories::FromBits(static_cast<uint8_t>(Pick(0, 15)));
    fp.respite_only = Chance(6);
    for (Course course : {Course::kBasic, Course::kPreRegistration, Course::kSpecialized,
                          Course::kRenewal, Course::kPractical, Course::kOther}) {
      const bool usual = course == Course::kBasic || course == Course::kPreRegistration;
      int records = usual ? (Chance(90) ? 1 : 0) : Pick(0, 2);
      if (course == Course::kSpecialized && !fp.types.Has(FosterType::kSpecialized)) {
        records = Chance(15) ? 1 : 0;
      }
      for (int k = 0; k < records; ++k) h.trainings.push_back(SomeTraining(fp, course, c.today));
    }
    for (size_t k = 0; k < h.trainings.size(); ++k) {
      h.trainings[k].id = id * 100 + static_cast<int64_t>(k);
    }
    if (Chance(35)) AddPlacements(c, h);
    return h;
  }

  Need MakeNeed(const City& c, int64_t id, Date start) {
    Need n;
    n.id = id;
    n.case_ref = "C-" + std::to_string(id);
    n.region =
        Chance(4) ? std::string("99999")
                  : c.geo.regions[static_cast<size_t>(Pick(0, int(c.geo.regions.size()) - 1))].code;
    n.child = {Pick(0, 17), Chance(50) ? Sex::kFemale : Sex::kMale};
    const int s = Pick(1, 100);
    n.siblings = s <= 70 ? 1 : s <= 90 ? 2 : 3;
    if (Chance(50)) {
      n.needs = NeedCategories::FromBits(static_cast<uint8_t>(Pick(0, 15) & Pick(0, 15)));
    }
    n.kind = Chance(15) ? NeedKind::kRespite : static_cast<NeedKind>(Pick(0, 3));
    if (Chance(25)) n.requires_type = static_cast<FosterType>(Pick(0, 3));
    n.earliest_start = start;
    n.urgency = Pick(1, 3);
    return n;
  }

  std::mt19937 rng_;
  std::vector<Date> key_dates_;
};

City MakeCity(uint32_t seed, Starts starts) { return CityMaker(seed).Make(seed, starts); }

// The engine built over a city.
struct Engine {
  explicit Engine(const City& c) {
    for (const ref::Home& h : c.homes) inputs.push_back({h.parent, h.trainings, h.placements});
    auto regions = std::make_shared<RegionDistances>(c.geo.regions, c.geo.overrides);
    index = std::make_unique<HomeIndex>(inputs, regions, c.today, MatchPolicy{});
  }
  RankResult RankAll(const Need& need) const {
    RankOptions o;
    o.limit = inputs.size() + 1;
    o.explain = false;
    return index->Rank(need, o);
  }
  std::vector<HomeInput> inputs;
  std::unique_ptr<HomeIndex> index;
};

// --- printing a case ---------------------------------------------------------------------------

std::string Describe(const ref::Home& h) {
  const FosterParent& fp = h.parent;
  std::ostringstream o;
  o << "home " << fp.id << " {region " << fp.region << ", types";
  for (auto t : fp.types.Names()) o << " " << t;
  o << ", status " << ToString(fp.status) << ", registered " << fp.registered_on.ToString()
    << " expires " << fp.registration_expires_on.ToString() << ", capacity " << fp.capacity
    << ", accepts ages " << fp.accepts.age_min << "-" << fp.accepts.age_max << " sexes";
  for (auto s : fp.accepts.sexes.Names()) o << " " << s;
  o << " siblings " << fp.accepts.max_siblings << " needs";
  for (auto s : fp.accepts.needs.Names()) o << " " << s;
  o << (fp.respite_only ? ", respite only" : "") << "; trainings:";
  for (const Training& t : h.trainings) {
    o << " " << ToString(t.course) << "@" << t.completed_on.ToString() << "/" << t.hours << "h/"
      << ToString(t.outcome);
  }
  o << "; placements:";
  for (const Placement& p : h.placements) {
    o << " " << p.children << "@" << p.started_on.ToString() << ".."
      << (p.ended_on ? p.ended_on->ToString() : "");
  }
  o << "}";
  return o.str();
}

std::string Describe(const Need& n) {
  std::ostringstream o;
  o << "need " << n.id << " {region " << n.region << ", child " << n.child.age_years << " "
    << ToString(n.child.sex) << ", siblings " << n.siblings << ", needs";
  for (auto s : n.needs.Names()) o << " " << s;
  o << ", kind " << ToString(n.kind) << ", requires "
    << (n.requires_type ? ToString(*n.requires_type) : "-") << ", earliest_start "
    << n.earliest_start.ToString() << "}";
  return o.str();
}

std::string Describe(const ref::Verdict& v) {
  std::ostringstream o;
  if (v.excluded_by) {
    o << "excluded: " << *v.excluded_by;
  } else {
    o << "eligible, score " << v.score << " (raw " << v.raw_score << "; proximity "
      << v.parts.proximity << ", readiness " << v.parts.readiness << ", waiting " << v.parts.waiting
      << ", fit " << v.parts.fit << ")";
  }
  return o.str();
}

std::string Describe(const Candidate& c) {
  std::ostringstream o;
  o.precision(10);
  o << "score " << c.score << " (proximity " << c.components.proximity << ", readiness "
    << c.components.readiness << ", waiting " << c.components.waiting << ", fit "
    << c.components.fit << ")";
  return o.str();
}

// Collects disagreements: the first few in full, then only a count, so a broken engine gives a
// readable failure.
class Disagreements {
 public:
  explicit Disagreements(std::string what) : what_(std::move(what)) {}
  ~Disagreements() {
    if (count_ > kMismatchesShown) {
      ADD_FAILURE() << count_ - kMismatchesShown << " more " << what_ << " disagreements";
    }
    std::cout << "[ reference ] " << what_ << ": " << compared_ << " compared over " << cities_
              << " cities, " << count_ << " disagreements\n";
  }
  void Compared(size_t n = 1) { compared_ += n; }
  void NextCity() { ++cities_; }
  void Add(const City& c, const std::string& text) {
    if (++count_ <= kMismatchesShown) {
      ADD_FAILURE() << what_ << " (city seed " << c.seed << ", today " << c.today.ToString()
                    << "):\n"
                    << text;
    }
  }

 private:
  std::string what_;
  size_t count_ = 0, compared_ = 0, cities_ = 0;
};

const ref::Home& HomeById(const City& c, int64_t id) {
  return *std::find_if(c.homes.begin(), c.homes.end(),
                       [&](const ref::Home& h) { return h.parent.id == id; });
}

// Engine's Check and Rank's counts against the reference for every home × need.
void CompareExclusions(Starts starts, Disagreements& d) {
  std::map<std::string_view, size_t> by_rule;  // the reference's verdicts, to show coverage
  for (int k = 0; k < kCities; ++k) {
    const City c = MakeCity(kFirstSeed + static_cast<uint32_t>(k), starts);
    const Engine e(c);
    d.NextCity();
    ASSERT_EQ(e.index->size(), c.homes.size());
    for (const Need& n : c.needs) {
      std::array<int, kExclusionCount> ref_counts{};
      for (const ref::Home& h : c.homes) {
        const ref::Verdict v = ref::Judge(h, n, c.geo, c.today);
        const auto got = e.index->Check(*e.index->Find(h.parent.id), n);
        const std::string_view engine = got ? ExclusionName(*got) : "eligible";
        const std::string_view expected = v.excluded_by ? *v.excluded_by : "eligible";
        d.Compared();
        ++by_rule[expected];
        if (v.excluded_by) {
          const auto pos = std::find(ref::kRuleNames.begin(), ref::kRuleNames.end(), expected);
          ++ref_counts[static_cast<size_t>(pos - ref::kRuleNames.begin())];
        }
        if (engine != expected) {
          d.Add(c, Describe(h) + "\n" + Describe(n) + "\n  engine: " + std::string(engine) +
                       "\n  reference: " + std::string(expected) + " (possible start " +
                       ref::PossibleStart(n, c.today).ToString() + ")");
        }
      }
      const RankResult r = e.RankAll(n);
      for (size_t rule = 0; rule < kExclusionCount; ++rule) {
        if (r.excluded[rule] != ref_counts[rule]) {
          d.Add(c, Describe(n) + "\n  Rank counts " + std::to_string(r.excluded[rule]) + " " +
                       std::string(ExclusionName(static_cast<Exclusion>(rule))) + ", reference " +
                       std::to_string(ref_counts[rule]));
        }
      }
    }
  }
  std::cout << "[ reference ] verdicts:";
  for (const auto& [rule, count] : by_rule) std::cout << " " << rule << " " << count;
  std::cout << "\n";
  // Every rule must be exercised, or a broken one could hide.
  for (std::string_view rule : ref::kRuleNames) EXPECT_GT(by_rule[rule], 0u) << rule;
}

// Engine's Rank (every candidate) against the reference's ranking: the same homes, each scored
// within a hundredth with the same components, optionally in the same order.
struct RankChecks {
  bool eligible_set = false;
  bool scores = false;
  bool order_best_first = false;  // engine order never puts a clearly worse home first
  bool order_exact = false;       // rounded score, ties to the lower id
  bool rounded = false;           // reported score is the rounded one
};

void CompareRankings(Starts starts, RankChecks checks, Disagreements& d) {
  for (int k = 0; k < kCities; ++k) {
    const City c = MakeCity(kFirstSeed + static_cast<uint32_t>(k), starts);
    const Engine e(c);
    d.NextCity();
    for (const Need& n : c.needs) {
      const std::vector<ref::RankedHome> expected = ref::RankAll(c.homes, n, c.geo, c.today);
      std::map<int64_t, ref::Verdict> ref_by_id;
      for (const auto& rh : expected) ref_by_id[rh.foster_parent_id] = rh.verdict;
      const RankResult r = e.RankAll(n);
      if (checks.eligible_set) {
        d.Compared();
        std::set<int64_t> got;
        for (const Candidate& cand : r.candidates) got.insert(cand.foster_parent_id);
        if (r.eligible != static_cast<int>(expected.size())) {
          d.Add(c, Describe(n) + "\n  engine eligible " + std::to_string(r.eligible) +
                       ", reference " + std::to_string(expected.size()));
        }
        for (const ref::Home& h : c.homes) {
          const bool in_engine = got.count(h.parent.id) > 0;
          const bool in_ref = ref_by_id.count(h.parent.id) > 0;
          if (in_engine != in_ref) {
            d.Add(c, Describe(h) + "\n" + Describe(n) +
                         "\n  engine: " + (in_engine ? "candidate" : "not a candidate") +
                         "\n  reference: " + Describe(ref::Judge(h, n, c.geo, c.today)));
          }
        }
      }
      for (size_t i = 0; i < r.candidates.size(); ++i) {
        const Candidate& cand = r.candidates[i];
        auto it = ref_by_id.find(cand.foster_parent_id);
        if (it == ref_by_id.end()) continue;  // the eligible-set check reports it
        const ref::Verdict& v = it->second;
        const std::string both = Describe(HomeById(c, cand.foster_parent_id)) + "\n" + Describe(n) +
                                 "\n  engine: " + Describe(cand) + "\n  reference: " + Describe(v);
        if (checks.scores) {
          d.Compared();
          const bool close = std::fabs(cand.score - v.score) <= 0.01 + 1e-9 &&
                             std::fabs(cand.components.proximity - v.parts.proximity) <= 1e-5 &&
                             std::fabs(cand.components.readiness - v.parts.readiness) <= 1e-5 &&
                             std::fabs(cand.components.waiting - v.parts.waiting) <= 1e-5 &&
                             std::fabs(cand.components.fit - v.parts.fit) <= 1e-5;
          if (!close) d.Add(c, "score\n" + both);
        }
        if (checks.rounded) {
          d.Compared();
          if (std::fabs(cand.score - v.score) > 1e-9) {
            char buf[96];
            std::snprintf(buf, sizeof buf, "engine reports %.10f, rounded half-up %.2f", cand.score,
                          v.score);
            d.Add(c, std::string(buf) + "\n" + both);
          }
        }
        if (checks.order_best_first && i > 0) {
          d.Compared();
          const auto& prev = ref_by_id.find(r.candidates[i - 1].foster_parent_id);
          if (prev != ref_by_id.end() && prev->second.raw_score < v.raw_score - 0.01) {
            d.Add(c, "home " + std::to_string(r.candidates[i - 1].foster_parent_id) +
                         " (reference " + std::to_string(prev->second.raw_score) +
                         ") ranked above a better home\n" + both);
          }
        }
      }
      if (checks.order_exact) {
        d.Compared();
        std::vector<int64_t> got, want;
        for (const Candidate& cand : r.candidates) got.push_back(cand.foster_parent_id);
        for (const auto& rh : expected) want.push_back(rh.foster_parent_id);
        if (got != want) {
          const auto at = std::mismatch(got.begin(), got.end(), want.begin(), want.end());
          const size_t pos = static_cast<size_t>(at.first - got.begin());
          std::ostringstream o;
          o << Describe(n) << "\n  first difference at position " << pos << " of " << want.size();
          if (pos < got.size() && pos < want.size()) {
            const auto eg = ref_by_id.find(*at.first);
            const auto& ew = ref_by_id.at(*at.second);
            o.precision(10);
            o << ": engine has home " << *at.first << " (engine score " << r.candidates[pos].score
              << ", reference " << (eg != ref_by_id.end() ? Describe(eg->second) : "not eligible")
              << "), reference has home " << *at.second << " (" << Describe(ew) << ")";
          }
          d.Add(c, o.str());
        }
      }
    }
  }
}

TEST(ReferenceModel, EngineExcludesForTheSameFirstRuleAsTheReference) {
  Disagreements d("first failing rule (needs starting today or later)");
  CompareExclusions(Starts::kTodayOrLater, d);
}

TEST(ReferenceModel, EngineRanksExactlyTheHomesTheReferenceFindsEligible) {
  Disagreements d("eligible set (needs starting today or later)");
  CompareRankings(Starts::kTodayOrLater, {.eligible_set = true}, d);
}

TEST(ReferenceModel, EngineScoresEveryCandidateWithinAHundredthOfTheReference) {
  Disagreements d("score and components (needs starting today)");
  CompareRankings(Starts::kToday, {.scores = true}, d);
}

TEST(ReferenceModel, EngineListsCandidatesBestFirst) {
  Disagreements d("best-first order (needs starting today)");
  CompareRankings(Starts::kToday, {.order_best_first = true}, d);
}

// README: "Ties go to the lower id", a tie being an equal score as reported (to hundredths).
TEST(ReferenceModel, EngineBreaksTiesOnTheRoundedScoreByTheLowerId) {
  Disagreements d("exact order, ties on the rounded score by lower id (needs starting today)");
  CompareRankings(Starts::kToday, {.order_exact = true}, d);
}

TEST(ReferenceModel, EngineReportsTheScoreRoundedHalfUpToHundredths) {
  Disagreements d("reported score rounded half-up (needs starting today)");
  CompareRankings(Starts::kToday, {.rounded = true}, d);
}

// A need whose earliest start has passed can start today at the earliest: registration and the
// renewal cycle are judged on today, not on the passed date.
TEST(ReferenceModel, EngineJudgesRulesOnTodayWhenTheEarliestStartHasPassed) {
  Disagreements d("first failing rule (needs whose earliest start has passed)");
  CompareExclusions(Starts::kPast, d);
}

// For a need starting later, the hard rules are judged on that start and the score on today: a
// score says how ready the home is now.
TEST(ReferenceModel, EngineJudgesHardRulesOnALaterStartAndTheScoreOnToday) {
  Disagreements d("score and components (needs starting after today)");
  CompareRankings(Starts::kFuture, {.scores = true}, d);
}

// The smallest case of a tie: two homes whose scores are equal, one through training hours
// (5 of the recommended 12: readiness 1/6) and one through waiting (6 of 36 months: 1/6). The
// lower id comes first.
TEST(ReferenceModel, EqualScoresGoToTheLowerIdWhateverComponentCarriesThem) {
  const Date today = Date::FromYmd(2026, 11, 25);
  ref::Geography geo;
  geo.regions = {{"A", "A", "A", 43.0555, 141.3410}};
  std::vector<ref::Home> homes(2);
  for (int k = 0; k < 2; ++k) {
    FosterParent& fp = homes[k].parent;
    fp.id = k + 1;
    fp.region = "A";
    fp.types = {FosterType::kFoster};
    fp.capacity = 1;
    for (Course c : {Course::kBasic, Course::kPreRegistration}) {
      Training t;
      t.course = c;
      t.completed_on = Date::FromYmd(2025, 1, 10);
      t.hours = 0;
      homes[k].trainings.push_back(t);
    }
  }
  homes[0].parent.registered_on = today.AddMonths(-6);  // waiting 6/36
  homes[1].parent.registered_on = today;                // waiting 0
  homes[1].trainings[0].hours = 5;                      // readiness 0.4 × 5/12 = 1/6
  for (auto& h : homes) {
    h.parent.registration_expires_on = h.parent.registered_on.AddYears(5);
  }
  Need n;
  n.id = 1;
  n.region = "A";
  n.child = {8, Sex::kMale};
  n.earliest_start = today;
  const auto expected = ref::RankAll(homes, n, geo, today);
  ASSERT_EQ(expected.size(), 2u);
  EXPECT_EQ(expected[0].verdict.score, expected[1].verdict.score);
  EXPECT_EQ(expected[0].foster_parent_id, 1);

  City c;
  c.today = today;
  c.geo = geo;
  c.homes = homes;
  const Engine e(c);
  const RankResult r = e.RankAll(n);
  ASSERT_EQ(r.candidates.size(), 2u);
  EXPECT_EQ(r.candidates[0].foster_parent_id, 1)
      << "engine scores: home " << r.candidates[0].foster_parent_id << " "
      << Describe(r.candidates[0]) << ", home " << r.candidates[1].foster_parent_id << " "
      << Describe(r.candidates[1]);
}

// The reference model itself, on hand-made cases, so that a wrong oracle is noticed too.
TEST(ReferenceModel, ReferenceFollowsTheReadmeOnHandMadeCases) {
  const Date today = Date::FromYmd(2026, 11, 25);
  ref::Geography geo;
  geo.regions = {{"A", "A", "A", 43.0555, 141.3410}, {"B", "B", "B", 43.0906, 141.3407}};
  geo.overrides = {{"B", "A", 95}};
  ref::Home h;
  FosterParent& fp = h.parent;
  fp.id = 7;
  fp.region = "A";
  fp.types = {FosterType::kFoster};
  fp.registered_on = Date::FromYmd(2023, 11, 25);  // 36 months before today
  fp.registration_expires_on = Date::FromYmd(2028, 11, 24);
  fp.capacity = 2;
  fp.accepts = {0, 12, {Sex::kFemale, Sex::kMale}, 2, {}};
  auto course = [&](Course c, Date on, double hours) {
    Training t;
    t.course = c;
    t.completed_on = on;
    t.hours = hours;
    h.trainings.push_back(t);
  };
  course(Course::kBasic, Date::FromYmd(2023, 1, 10), 0);
  course(Course::kPreRegistration, Date::FromYmd(2023, 2, 10), 0);
  course(Course::kPractical, Date::FromYmd(2024, 11, 25), 6);  // 24 months before today
  Need n;
  n.id = 1;
  n.region = "A";
  n.child = {6, Sex::kFemale};
  n.earliest_start = today;
  // Same region: proximity 1; practical 0.6 + 6/12 × 0.4 = 0.8; waiting 36/36 = 1;
  // fit: age 6 is the middle of 0–12 → 1, no needs → 1, room (2 − 1)/2 = 0.5 → 2.5/3.
  ref::Verdict v = ref::Judge(h, n, geo, today);
  ASSERT_FALSE(v.excluded_by);
  EXPECT_DOUBLE_EQ(v.parts.proximity, 1);
  EXPECT_DOUBLE_EQ(v.parts.readiness, 0.8);
  EXPECT_DOUBLE_EQ(v.parts.waiting, 1);
  EXPECT_DOUBLE_EQ(v.parts.fit, 2.5 / 3);
  EXPECT_DOUBLE_EQ(v.score, 35 + 20 + 25 + 12.5);
  // A later start does not move the training window: the score says how ready the home is now.
  n.earliest_start = today.AddDays(1);
  EXPECT_DOUBLE_EQ(ref::Judge(h, n, geo, today).parts.readiness, 0.8);
  // The override from B to A is beyond 90 minutes; A to B is the estimate (~3.9 km).
  n.earliest_start = today;
  fp.region = "B";
  EXPECT_EQ(ref::Judge(h, n, geo, today).excluded_by, "too_far");
  fp.region = "A";
  n.region = "B";
  v = ref::Judge(h, n, geo, today);
  ASSERT_FALSE(v.excluded_by);
  EXPECT_NEAR(v.parts.proximity, 1 - (10 + 2.5 * 3.903) / 90, 1e-3);
  // Registration expired on the possible start; a passed earliest start means today.
  n.region = "A";
  fp.registration_expires_on = today.AddDays(-1);
  n.earliest_start = today.AddDays(-30);
  EXPECT_EQ(ref::Judge(h, n, geo, today).excluded_by, "registration_expired");
  fp.registration_expires_on = Date::FromYmd(2028, 11, 24);
  // Past the first five-year term without a renewal training.
  fp.registered_on = Date::FromYmd(2021, 11, 24);
  EXPECT_EQ(ref::Judge(h, n, geo, today).excluded_by, "training_incomplete");
  course(Course::kRenewal, Date::FromYmd(2021, 11, 25), 0);
  EXPECT_FALSE(ref::Judge(h, n, geo, today).excluded_by);
  EXPECT_DOUBLE_EQ(ref::RoundHalfUpToHundredths(43.375), 43.38);
  EXPECT_DOUBLE_EQ(ref::RoundHalfUpToHundredths(43.374), 43.37);
}

}  // namespace
}  // namespace fostermatch::matching
