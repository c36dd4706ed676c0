// Generated cities for the monthly batch benchmarks (tests/bench/batch_bench.sh,
// tests/bench/assignment_bench.sh):
//   national_bench --db URL [--homes 50000] [--needs 10000] [--clusters 47] [--sibling-heavy]
//       writes clusters of 20 regions each (47 prefecture-like ones, or 1 for one city), one
//       agency per cluster, the homes with trainings, and the open needs, into an empty database.

#include <CLI/CLI.hpp>
#include <boost/json.hpp>
#include <chrono>
#include <fstream>
#include <iostream>
#include <random>

#include "matching/assignment.h"
#include "matching/engine.h"
#include "service/storage/foster_parent_repository.h"
#include "service/storage/migrations.h"
#include "service/storage/need_repository.h"
#include "service/storage/placement_repository.h"
#include "service/storage/reference_repository.h"
#include "service/storage/training_repository.h"

namespace fm = fostermatch;
using namespace fostermatch::matching;

namespace {

const Date kToday = Date::FromYmd(2026, 11, 25);
constexpr int kClusters = 47;
constexpr int kRegionsPerCluster = 20;

struct World {
  std::vector<Region> regions;
  std::vector<Agency> agencies;
  std::vector<HomeInput> homes;
  std::vector<Need> needs;
};

// The kind of city: how many clusters of regions, and how many children come as siblings.
struct Shape {
  int clusters = kClusters;
  bool sibling_heavy = false;  // groups of 2–4 for 60% of needs; homes with up to 4 places
};

World Generate(int homes, int needs, const Shape& shape, uint64_t seed) {
  World w;
  std::mt19937_64 rng(seed);
  auto pick = [&](int lo, int hi) { return lo + static_cast<int>(rng() % uint64_t(hi - lo + 1)); };
  for (int c = 0; c < shape.clusters; ++c) {
    Agency a{c + 1, "agency-" + std::to_string(c + 1), {}};
    for (int r = 0; r < kRegionsPerCluster; ++r) {
      char code[16];
      std::snprintf(code, sizeof code, "%02d%03d", c + 1, r + 1);
      // Clusters 2° apart (about 200 km); regions of a cluster within about 25 km.
      w.regions.push_back({code, "地域" + std::string(code), "Region " + std::string(code),
                           31.0 + (c % 7) * 2.0 + (r % 5) * 0.05,
                           130.0 + (c / 7) * 2.0 + (r / 5) * 0.06});
      a.regions.push_back(code);
    }
    w.agencies.push_back(std::move(a));
  }
  for (int i = 0; i < homes; ++i) {
    HomeInput h;
    FosterParent& fp = h.parent;
    const int c = pick(0, shape.clusters - 1);
    fp.id = i + 1;
    fp.agency_id = c + 1;
    fp.household_name = "世帯" + std::to_string(i + 1);
    fp.region = w.regions[c * kRegionsPerCluster + pick(0, kRegionsPerCluster - 1)].code;
    const int t = pick(1, 100);
    fp.types = t <= 70   ? FosterTypes{FosterType::kFoster}
               : t <= 85 ? FosterTypes{FosterType::kFoster, FosterType::kSpecialized}
               : t <= 95 ? FosterTypes{FosterType::kAdoptive}
                         : FosterTypes{FosterType::kKinship};
    fp.status = pick(1, 100) <= 88 ? ParentStatus::kActive : ParentStatus::kSuspended;
    fp.registered_on = kToday.AddMonths(-pick(1, 60));
    fp.registration_expires_on = DefaultRegistrationExpiry(fp.types, fp.registered_on);
    fp.capacity = shape.sibling_heavy ? pick(1, 4) : pick(1, 3);
    fp.accepts = {pick(0, 6),
                  0,
                  {Sex::kFemale, Sex::kMale},
                  shape.sibling_heavy ? pick(1, 4) : pick(1, 2),
                  {}};
    fp.accepts.age_max = std::min(17, fp.accepts.age_min + pick(3, 14));
    if (pick(1, 10) == 1) fp.accepts.needs.Add(NeedCategory::kBehavioral);
    auto course = [&](Course c, Date on, double hours) {
      Training tr;
      tr.foster_parent_id = fp.id;
      tr.external_id = "N-" + std::to_string(fp.id) + "-" + std::to_string(h.trainings.size());
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
    w.homes.push_back(std::move(h));
  }
  for (int j = 0; j < needs; ++j) {
    Need n;
    n.id = j + 1;
    n.case_ref = "N-" + std::to_string(j + 1);
    const int c = pick(0, shape.clusters - 1);
    n.region = w.regions[c * kRegionsPerCluster + pick(0, kRegionsPerCluster - 1)].code;
    n.child = {std::min(17, pick(0, 12) + pick(0, 5)), pick(0, 1) ? Sex::kFemale : Sex::kMale};
    const int s = pick(1, 10);
    n.siblings = shape.sibling_heavy ? (s <= 4 ? 1 : s <= 7 ? 2 : s <= 9 ? 3 : 4) : s <= 8 ? 1 : 2;
    if (pick(1, 8) == 1) n.needs.Add(NeedCategory::kBehavioral);
    n.kind = NeedKind::kLongTerm;
    n.earliest_start = kToday.AddDays(pick(-60, 60));
    n.urgency = pick(1, 3);
    w.needs.push_back(n);
  }
  return w;
}

void WriteDatabase(const World& w, const std::string& url) {
  auto db = fm::storage::Database::Open(url, 1);
  fm::storage::Migrate(*db);
  auto lease = db->Acquire();
  fm::storage::WriteTransaction tx(lease);
  fm::storage::ReferenceRepository reference(lease.session());
  for (const Region& r : w.regions) reference.UpsertRegion(r);
  for (const Agency& a : w.agencies) reference.InsertAgency(a);
  fm::storage::FosterParentRepository parents(lease.session());
  std::vector<Training> trainings;
  for (const HomeInput& h : w.homes) {
    parents.Insert(h.parent);
    trainings.insert(trainings.end(), h.trainings.begin(), h.trainings.end());
  }
  fm::storage::TrainingRepository(lease.session()).BulkUpsertByExternalId(trainings);
  fm::storage::NeedRepository needs(lease.session());
  for (const Need& n : w.needs) needs.Insert(n);
  tx.Commit();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"national-scale benchmark data"};
  std::string db_url;
  int homes = 50000, needs = 10000;
  Shape shape;
  app.add_option("--db", db_url, "write the data into this empty database")->required();
  app.add_option("--homes", homes);
  app.add_option("--needs", needs);
  app.add_option("--clusters", shape.clusters, "clusters of 20 regions (1: one city)")
      ->check(CLI::Range(1, kClusters));
  app.add_flag("--sibling-heavy", shape.sibling_heavy,
               "60% of needs are groups of 2-4 siblings; homes take up to 4");
  CLI11_PARSE(app, argc, argv);
  const World w = Generate(homes, needs, shape, 2026);
  WriteDatabase(w, db_url);
  std::cout << "wrote " << w.homes.size() << " homes and " << w.needs.size() << " needs in "
            << w.regions.size() << " regions\n";
  return 0;
}
