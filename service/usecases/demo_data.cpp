#include "service/usecases/demo_data.h"

#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>

#include "service/storage/data_version_repository.h"
#include "service/storage/foster_parent_repository.h"
#include "service/storage/need_repository.h"
#include "service/storage/placement_repository.h"
#include "service/storage/reference_repository.h"
#include "service/storage/training_repository.h"
#include "service/usecases/regions.h"

namespace fostermatch::usecases {
namespace {

using namespace matching;

// xoshiro256** seeded by splitmix64: the same numbers on every platform and library, unlike
// std::uniform_int_distribution, so demo data is reproducible everywhere.
class Rng final {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& s : s_) {
      seed += 0x9e3779b97f4a7c15ULL;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      s = z ^ (z >> 31);
    }
  }
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [lo, hi].
  int Int(int lo, int hi) {
    return lo + static_cast<int>(Next() % static_cast<uint64_t>(hi - lo + 1));
  }
  bool Chance(double p) { return static_cast<double>(Next() >> 11) * 0x1.0p-53 < p; }
  template <typename T, size_t N>
  const T& Pick(const std::array<T, N>& items) {
    return items[Next() % N];
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

// Sapporo's three private fostering agencies serve these wards (names invented).
struct AgencySpec {
  const char* name;
  std::vector<std::string> wards;
};
const std::array<AgencySpec, 3> kAgencies = {{
    {"さっぽろ里親支援センターみらい", {"01101", "01105", "01107", "01109"}},
    {"フォスタリングセンターひかり", {"01104", "01106", "01108", "01110"}},
    {"里親養育支援ネットきずな", {"01102", "01103"}},
}};

constexpr std::array<const char*, 30> kSurnames = {
    "佐藤", "鈴木", "高橋",   "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
    "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林",   "斎藤", "清水",
    "山崎", "森",   "池田",   "橋本", "阿部", "石川", "山下", "中島", "石井", "小川"};

constexpr std::array<const char*, 4> kProviders = {"札幌市児童相談所", "里親トレーニング事業",
                                                   "北海道里親会", "フォスタリング機関研修"};

constexpr std::array<const char*, 4> kEndOutcomes = {"reunified", "adopted", "moved",
                                                     "independent"};

FosterTypes RandomTypes(Rng& rng) {
  const int roll = rng.Int(1, 100);
  if (roll <= 68) return {FosterType::kFoster};
  if (roll <= 80) return {FosterType::kFoster, FosterType::kSpecialized};
  if (roll <= 84) return {FosterType::kSpecialized};
  if (roll <= 90) return {FosterType::kAdoptive};
  if (roll <= 95) return {FosterType::kFoster, FosterType::kAdoptive};
  return {FosterType::kKinship};
}

Training MakeTraining(Rng& rng, int64_t fp, Course course, Date on, int seq) {
  Training t;
  t.foster_parent_id = fp;
  t.external_id = "TP-" + std::to_string(fp) + "-" + std::to_string(seq);
  t.course = course;
  t.completed_on = on;
  static constexpr std::array<double, 6> kHours = {6, 12, 4, 48, 18, 3};
  t.hours = kHours[static_cast<size_t>(course)];
  t.provider = course == Course::kPractical ? "里親トレーニング事業" : rng.Pick(kProviders);
  t.outcome = rng.Chance(0.95) ? TrainingOutcome::kCompleted : TrainingOutcome::kPartial;
  return t;
}

// Writes the city through one session, keeping the counts.
class CityWriter {
 public:
  CityWriter(soci::session& s, const DemoDataOptions& options)
      : rng_(options.seed),
        today_(options.today),
        reference_(s),
        parents_(s),
        trainings_(s),
        needs_(s),
        placements_(s) {}

  void Run(const DemoDataOptions& options, const DemoProgress& progress);
  DemoDataSummary summary() const { return summary_; }

 private:
  void WriteAgencies(const std::vector<Region>& regions);
  FosterParent RandomHousehold(const Region& region, int* renewals);
  void WriteTrainingHistory(const FosterParent& fp, int renewals);
  void WritePlacementHistory(const FosterParent& fp);
  Need RandomNeed(const std::string& region, Date start);

  Rng rng_;
  Date today_;
  storage::ReferenceRepository reference_;
  storage::FosterParentRepository parents_;
  storage::TrainingRepository trainings_;
  storage::NeedRepository needs_;
  storage::PlacementRepository placements_;
  std::map<std::string, int64_t> agency_of_ward_;
  int need_seq_ = 0;
  DemoDataSummary summary_;
};

void CityWriter::Run(const DemoDataOptions& options, const DemoProgress& progress) {
  storage::FosterParentFilter any;
  any.limit = 1;
  if (!parents_.List(any).empty()) {
    throw std::runtime_error(
        "the database already holds foster parents; demo data goes into an "
        "empty database");
  }
  const std::vector<Region> regions = ParseRegionsCsv(DefaultRegionsCsv());
  WriteAgencies(regions);
  const auto households = static_cast<size_t>(options.households);
  for (size_t i = 0; i < households; ++i) {
    const Region& region = regions[rng_.Next() % regions.size()];
    int renewals = 0;
    FosterParent fp = RandomHousehold(region, &renewals);
    fp.id = parents_.Insert(fp);
    ++summary_.households;
    WriteTrainingHistory(fp, renewals);
    WritePlacementHistory(fp);
    if (progress) progress(i + 1, households);
  }
  for (int i = 0; i < options.open_needs; ++i) {
    const Region& region = regions[rng_.Next() % regions.size()];
    Need n = RandomNeed(region.code, today_.AddDays(rng_.Int(-90, 60)));
    n.status = NeedStatus::kOpen;
    needs_.Insert(n);
    ++summary_.needs;
  }
}

void CityWriter::WriteAgencies(const std::vector<Region>& regions) {
  for (const Region& r : regions) reference_.UpsertRegion(r);
  for (const AgencySpec& spec : kAgencies) {
    std::vector<std::string> wards = spec.wards;
    std::sort(wards.begin(), wards.end());
    const int64_t id = reference_.InsertAgency(Agency{0, spec.name, wards});
    for (const auto& w : wards) agency_of_ward_[w] = id;
    ++summary_.agencies;
  }
}

Need CityWriter::RandomNeed(const std::string& region, Date start) {
  Need n;
  char ref[32];
  std::snprintf(ref, sizeof ref, "C-%04d-%04d", start.year(), ++need_seq_);
  n.case_ref = ref;
  n.region = region;
  n.child.age_years = std::min(17, rng_.Int(0, 12) + rng_.Int(0, 5));
  n.child.sex = rng_.Chance(0.5) ? Sex::kFemale : Sex::kMale;
  n.siblings = rng_.Chance(0.8) ? 1 : (rng_.Chance(0.75) ? 2 : 3);
  if (n.child.age_years <= 1) n.needs.Add(NeedCategory::kInfant);
  if (rng_.Chance(0.12)) n.needs.Add(NeedCategory::kDisability);
  if (rng_.Chance(0.08)) n.needs.Add(NeedCategory::kMedical);
  if (rng_.Chance(0.15)) n.needs.Add(NeedCategory::kBehavioral);
  const int kind = rng_.Int(1, 100);
  n.kind = kind <= 55   ? NeedKind::kLongTerm
           : kind <= 75 ? NeedKind::kShortTerm
           : kind <= 88 ? NeedKind::kTemporary
                        : NeedKind::kRespite;
  if (n.child.age_years <= 3 && n.kind == NeedKind::kLongTerm && rng_.Chance(0.2)) {
    n.requires_type = FosterType::kAdoptive;
  }
  n.earliest_start = start;
  n.urgency = rng_.Int(1, 3);
  return n;
}

FosterParent CityWriter::RandomHousehold(const Region& region, int* renewals) {
  FosterParent fp;
  fp.agency_id = agency_of_ward_.count(region.code) ? agency_of_ward_[region.code]
                                                    : agency_of_ward_.begin()->second;
  fp.household_name = std::string(rng_.Pick(kSurnames)) + "家";
  fp.region = region.code;
  fp.types = RandomTypes(rng_);
  // Registrations over twelve years, more of them recent.
  const int months_ago = std::min(rng_.Int(1, 144), rng_.Int(1, 144));
  fp.registered_on = today_.AddMonths(-months_ago).AddDays(-rng_.Int(0, 27));
  // Most households renew on time; some let registration lapse.
  const int cycle_years = fp.types.Has(FosterType::kSpecialized) ? 2 : 5;
  Date expires = DefaultRegistrationExpiry(fp.types, fp.registered_on);
  while (expires < today_ && rng_.Chance(0.85)) {
    expires = expires.AddYears(cycle_years);
    ++*renewals;
  }
  fp.registration_expires_on = expires;
  const int status = rng_.Int(1, 100);
  fp.status = status <= 88   ? ParentStatus::kActive
              : status <= 95 ? ParentStatus::kSuspended
                             : ParentStatus::kWithdrawn;
  fp.own_children = rng_.Chance(0.45) ? rng_.Int(1, 3) : 0;
  fp.capacity = std::max(1, std::min(rng_.Int(1, 3), MaxCapacity(fp.types, fp.own_children)));
  fp.accepts.age_min = rng_.Chance(0.6) ? 0 : rng_.Int(1, 8);
  fp.accepts.age_max = std::min(17, fp.accepts.age_min + rng_.Int(3, 15));
  if (rng_.Chance(0.15)) {
    fp.accepts.sexes = rng_.Chance(0.5) ? Sexes{Sex::kFemale} : Sexes{Sex::kMale};
  }
  fp.accepts.max_siblings = std::min(fp.capacity, rng_.Chance(0.6) ? 1 : rng_.Int(2, 3));
  if (fp.types.Has(FosterType::kSpecialized)) {
    fp.accepts.needs.Add(NeedCategory::kBehavioral);
    if (rng_.Chance(0.6)) fp.accepts.needs.Add(NeedCategory::kDisability);
    if (rng_.Chance(0.4)) fp.accepts.needs.Add(NeedCategory::kMedical);
  } else if (rng_.Chance(0.1)) {
    fp.accepts.needs.Add(NeedCategory::kDisability);
  }
  if (fp.accepts.age_min == 0 && rng_.Chance(0.5)) fp.accepts.needs.Add(NeedCategory::kInfant);
  fp.respite_only = rng_.Chance(0.05);
  return fp;
}

// Pre-registration courses, then renewals, specialized and practical training.
void CityWriter::WriteTrainingHistory(const FosterParent& fp, int renewals) {
  int seq = 0;
  auto add = [&](Course course, Date on) {
    trainings_.Insert(MakeTraining(rng_, fp.id, course, on, ++seq));
  };
  const Date before_registration = fp.registered_on.AddDays(-rng_.Int(30, 120));
  if (rng_.Chance(0.97)) add(Course::kBasic, before_registration);
  if (rng_.Chance(0.95)) add(Course::kPreRegistration, before_registration.AddDays(14));
  if (fp.types.Has(FosterType::kSpecialized) && rng_.Chance(0.9)) {
    add(Course::kSpecialized, before_registration.AddDays(30));
  }
  const int cycle_years = fp.types.Has(FosterType::kSpecialized) ? 2 : 5;
  for (int r = 1; r <= renewals; ++r) {
    const Date due = DefaultRegistrationExpiry(fp.types, fp.registered_on)
                         .AddYears(cycle_years * (r - 1))
                         .AddMonths(-rng_.Int(1, 6));
    if (due <= today_) add(Course::kRenewal, due);
  }
  const int practical = rng_.Chance(0.45) ? rng_.Int(1, 3) : 0;
  for (int p = 0; p < practical; ++p) {
    const Date on = today_.AddDays(-rng_.Int(10, 1200));
    if (on > fp.registered_on) add(Course::kPractical, on);
  }
  summary_.trainings += seq;
}

// About a third have had a child; some of those have one now.
void CityWriter::WritePlacementHistory(const FosterParent& fp) {
  if (fp.status == ParentStatus::kWithdrawn || !rng_.Chance(0.42)) return;
  Date start = fp.registered_on.AddMonths(rng_.Int(2, 30));
  while (start < today_) {
    Need past = RandomNeed(fp.region, start);
    past.siblings = 1;
    past.child.age_years = std::clamp(past.child.age_years, fp.accepts.age_min, fp.accepts.age_max);
    past.kind = fp.respite_only ? NeedKind::kRespite : past.kind;
    past.requires_type.reset();
    past.status = NeedStatus::kPlaced;
    past.needs = {};
    past.id = needs_.Insert(past);
    ++summary_.needs;
    Placement p;
    p.need_id = past.id;
    p.foster_parent_id = fp.id;
    p.children = 1;
    p.started_on = start;
    const int length_months = past.kind == NeedKind::kLongTerm ? rng_.Int(12, 60) : rng_.Int(0, 6);
    const Date end = start.AddMonths(length_months).AddDays(rng_.Int(5, 25));
    // Two households in five with a history still have that child.
    if (end < today_ && rng_.Chance(0.6)) {
      p.ended_on = end;
      p.outcome = rng_.Pick(kEndOutcomes);
    }
    placements_.Insert(p);
    ++summary_.placements;
    if (!p.ended_on) break;
    start = end.AddMonths(rng_.Int(1, 40));
  }
}

}  // namespace

DemoDataSummary WriteDemoData(storage::Database& db, const DemoDataOptions& options,
                              const DemoProgress& progress) {
  storage::Database::Lease lease = db.Acquire();
  storage::WriteTransaction tx(lease);
  CityWriter city(lease.session(), options);
  city.Run(options, progress);
  storage::DataVersionRepository(lease.session()).Bump();  // a serving process sees the city
  tx.Commit();
  return city.summary();
}

}  // namespace fostermatch::usecases
