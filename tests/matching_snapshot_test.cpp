// The matching snapshot kept up to date from the change log, on SQLite and PostgreSQL: after a
// write of one household only that household is reloaded, the result ranks and reads exactly like
// a full load, a change from another process is seen, and every write path records what it
// changed. The snapshots under test belong to a MatchingService of their own over the fixture's
// database, as another server's would.

#include "service/usecases/matching_snapshot.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/app_fixture.h"

namespace fostermatch {
namespace {

using matching::Date;
using storage::Engine;
using usecases::MatchingService;
using usecases::MatchingSnapshot;

// Every field of a household and its records that the snapshot holds, as text: two snapshots
// agree on a household when these agree.
std::string Fingerprint(const matching::HomeInput& h) {
  std::ostringstream out;
  const auto& p = h.parent;
  out << p.id << '|' << p.agency_id << '|' << p.household_name << '|' << p.region << '|'
      << static_cast<int>(p.status) << '|' << p.registered_on.ToString() << '|'
      << p.registration_expires_on.ToString() << '|' << p.capacity << '|' << p.own_children << '|'
      << p.accepts.age_min << '-' << p.accepts.age_max << '|' << p.accepts.max_siblings << '|'
      << p.respite_only << '|' << p.notes;
  for (const auto& t : h.trainings) {
    out << "|t" << t.id << ':' << t.foster_parent_id << ':' << t.external_id << ':'
        << static_cast<int>(t.course) << ':' << t.completed_on.ToString() << ':' << t.hours;
  }
  for (const auto& pl : h.placements) {
    out << "|p" << pl.id << ':' << pl.started_on.ToString() << ':'
        << (pl.ended_on ? pl.ended_on->ToString() : "-") << ':' << pl.outcome;
  }
  return out.str();
}

std::vector<std::string> Fingerprints(const MatchingSnapshot& s) {
  std::vector<std::string> out;
  s.households.ForEach(
      [&](const usecases::HouseholdRow& row) { out.push_back(Fingerprint(*row.home)); });
  return out;
}

// A ranking as comparable values: who, in which order, with which score; and the counts.
std::string RankingOf(const MatchingSnapshot& s, const matching::Need& need) {
  const matching::RankResult r = s.index->Rank(need, {.limit = 100, .agency_id = std::nullopt});
  std::ostringstream out;
  out << r.evaluated << '/' << r.eligible;
  for (int n : r.excluded) out << ',' << n;
  for (const auto& c : r.candidates) out << ' ' << c.foster_parent_id << '=' << c.score;
  return out.str();
}

class MatchingSnapshotTest : public ::testing::TestWithParam<Engine>, public testing::AppFixture {
 protected:
  MatchingSnapshotTest() : AppFixture(GetParam()) {
    for (int i = 0; i < 6; ++i) homes_.push_back(ReadyHousehold(i % 2 ? agency2_id : agency1_id));
    need_ = uc().needs.Get(OpenNeed("C-SNAP-1"), cli);
  }

  // A new service over `db` that has never built a snapshot: its first one is a full load.
  std::unique_ptr<MatchingService> Fresh(storage::Database& on) {
    watches_.push_back(std::make_unique<usecases::DataVersionWatch>(on, std::chrono::seconds(0)));
    return std::make_unique<MatchingService>(on, *watches_.back(), matching::MatchPolicy{},
                                             [this] { return today_; });
  }

  // The snapshot `service` holds now agrees with a full load of the same database.
  void ExpectSameAsFullLoad(const MatchingSnapshot& s) {
    const auto full = Fresh(db())->Current();
    EXPECT_EQ(s.data_version, full->data_version);
    EXPECT_EQ(Fingerprints(s), Fingerprints(*full));
    EXPECT_EQ(RankingOf(s, need_), RankingOf(*full, need_));
    EXPECT_EQ(s.index->size(), full->index->size());
  }

  void Rename(int64_t id, const std::string& name) {
    usecases::FosterParentChanges c;
    c.household_name = name;
    uc().households.Update(id, c, cli);
  }

  Date today_ = testing::kFixedToday;
  std::vector<int64_t> homes_;
  matching::Need need_;
  std::vector<std::unique_ptr<usecases::DataVersionWatch>> watches_;
};

TEST_P(MatchingSnapshotTest, FirstSnapshotLoadsEveryHousehold) {
  const auto s = Fresh(db())->Current();
  EXPECT_TRUE(s->stats.full_rebuild);
  EXPECT_EQ(s->stats.households_loaded, homes_.size());
}

TEST_P(MatchingSnapshotTest, PatchOfOneHouseholdReloadsOnlyThatHousehold) {
  auto service = Fresh(db());
  const auto before = service->Current();
  usecases::FosterParentChanges c;
  c.capacity = 1;
  c.region = "01102";
  uc().households.Update(homes_[2], c, cli);
  const auto after = service->Current();
  EXPECT_FALSE(after->stats.full_rebuild);
  EXPECT_EQ(after->stats.households_loaded, 1u);
  EXPECT_GT(after->data_version, before->data_version);
  EXPECT_EQ(after->FindHome(homes_[2])->parent.capacity, 1);
  // The others are the very records of the snapshot before: shared, not reloaded.
  EXPECT_EQ(after->FindHome(homes_[1]), before->FindHome(homes_[1]));
  EXPECT_EQ(before->FindHome(homes_[2])->parent.region, "01101");  // readers' copy unchanged
  ExpectSameAsFullLoad(*after);
}

TEST_P(MatchingSnapshotTest, TrainingImportReloadsOnlyItsHousehold) {
  auto service = Fresh(db());
  service->Current();
  const std::string id = std::to_string(homes_[3]);
  const auto result = uc().trainings.ImportCsv(
      "external_id,foster_parent_id,course,completed_on,hours,provider,outcome\n"
      "SNAP-1," +
          id +
          ",practical,2026-10-01,8,trainer,completed\n"
          "SNAP-2," +
          id + ",renewal,2026-10-02,4,trainer,completed\n",
      cli);
  ASSERT_EQ(result.inserted, 2);
  const auto after = service->Current();
  EXPECT_FALSE(after->stats.full_rebuild);
  EXPECT_EQ(after->stats.households_loaded, 1u);
  ExpectSameAsFullLoad(*after);
}

TEST_P(MatchingSnapshotTest, PlacementReloadsOnlyItsHousehold) {
  auto service = Fresh(db());
  const auto before = service->Current();
  const auto ranked = RankingOf(*before, need_);
  const auto placement =
      uc().placements.Record(need_.id, homes_[0], Date::FromYmd(2026, 12, 1), cli);
  auto after = service->Current();
  EXPECT_FALSE(after->stats.full_rebuild);
  EXPECT_EQ(after->stats.households_loaded, 1u);
  EXPECT_EQ(after->FindHome(homes_[0])->placements.size(), 1u);
  ExpectSameAsFullLoad(*after);
  uc().placements.End(placement.id, Date::FromYmd(2026, 12, 20), "planned", cli);
  after = service->Current();
  EXPECT_EQ(after->stats.households_loaded, 1u);
  ExpectSameAsFullLoad(*after);
}

TEST_P(MatchingSnapshotTest, ChangeByAnotherProcessIsSeen) {
  auto service = Fresh(db());
  service->Current();
  // Another process: its own connections and use cases on the same file or cluster.
  auto other_db = storage::Database::Open(test_db_->url(), 2);
  usecases::Config config;
  config.today = [] { return testing::kFixedToday; };
  usecases::UseCases other(*other_db, config);
  usecases::FosterParentChanges c;
  c.household_name = "他のサーバー";
  other.households.Update(homes_[4], c, cli);
  const auto after = service->Current();
  EXPECT_EQ(after->FindHome(homes_[4])->parent.household_name, "他のサーバー");
  EXPECT_FALSE(after->stats.full_rebuild);
  EXPECT_EQ(after->stats.households_loaded, 1u);
  ExpectSameAsFullLoad(*after);
}

TEST_P(MatchingSnapshotTest, ChangesSinceTheLastReadAreReloadedTogether) {
  auto service = Fresh(db());
  service->Current();
  Rename(homes_[0], "一");
  Rename(homes_[5], "六");
  Rename(homes_[0], "一の二");
  const auto after = service->Current();
  EXPECT_EQ(after->stats.households_loaded, 2u);
  ExpectSameAsFullLoad(*after);
}

// Each write that reaches the matching data, one after another, each followed by a read of the
// same long-lived service: if a path forgets to note its household, that household stays stale
// and differs from a full load.
TEST_P(MatchingSnapshotTest, EveryWritePathRecordsWhatItChanged) {
  auto service = Fresh(db());
  service->Current();
  int64_t added = 0;
  int64_t placement = 0;
  struct Step {
    std::string name;
    std::function<void()> write;
    bool per_household;
  };
  const std::string csv_header =
      "external_id,foster_parent_id,course,completed_on,hours,provider,outcome\n";
  const std::vector<Step> steps = {
      {"households.Create", [&] { added = Household(agency1_id); }, true},
      {"households.Update", [&] { Rename(added, "新しい名前"); }, true},
      {"trainings.Add", [&] { AddTraining(added, matching::Course::kBasic); }, true},
      {"trainings.ImportCsv insert",
       [&] {
         uc().trainings.ImportCsv(csv_header + "MOVE-1," + std::to_string(homes_[1]) +
                                      ",practical,2026-09-01,6,trainer,completed\n",
                                  cli);
       },
       true},
      {"trainings.ImportCsv moves a record to another household",
       [&] {
         uc().trainings.ImportCsv(csv_header + "MOVE-1," + std::to_string(homes_[2]) +
                                      ",practical,2026-09-01,6,trainer,completed\n",
                                  cli);
       },
       true},
      {"placements.Record",
       [&] {
         placement =
             uc().placements.Record(need_.id, homes_[3], Date::FromYmd(2026, 12, 1), cli).id;
       },
       true},
      {"placements.End",
       [&] { uc().placements.End(placement, Date::FromYmd(2026, 12, 24), "planned", cli); }, true},
      {"reference.SaveRegion",
       [&] {
         uc().reference.SaveRegion({"01202", "函館市", "Hakodate", 41.77, 140.73}, cli);
       },
       false},
      {"reference.CreateAgency",
       [&] {
         uc().reference.CreateAgency({"機関C", std::nullopt}, cli);
       },
       false},
      {"reference.UpdateAgency",
       [&] {
         uc().reference.UpdateAgency(agency2_id, {"機関B2", std::nullopt}, cli);
       },
       false},
  };
  for (const Step& step : steps) {
    SCOPED_TRACE(step.name);
    const uint64_t version = service->Current()->data_version;
    step.write();
    const auto after = service->Current();
    EXPECT_GT(after->data_version, version);
    EXPECT_EQ(after->stats.full_rebuild, !step.per_household);
    ExpectSameAsFullLoad(*after);
  }
}

TEST_P(MatchingSnapshotTest, NewDayRedatesTheIndexWithoutLoading) {
  auto service = Fresh(db());
  const auto before = service->Current();
  today_ = today_.AddDays(1);
  const auto after = service->Current();
  EXPECT_EQ(after->today, today_);
  EXPECT_EQ(after->index->today(), today_);
  EXPECT_EQ(after->stats.households_loaded, 0u);
  EXPECT_EQ(after->FindHome(homes_[0]), before->FindHome(homes_[0]));
  ExpectSameAsFullLoad(*after);
}

TEST_P(MatchingSnapshotTest, AVersionThatChangesNoHouseholdKeepsRecordsAndIndex) {
  auto service = Fresh(db());
  const auto before = service->Current();
  const auto issued = uc().access.IssueToken(matching::Role::kStaff, std::nullopt, "t", cli);
  uc().access.RevokeToken(issued.id, cli);  // moves the data version: token caches forget it
  const auto after = service->Current();
  EXPECT_GT(after->data_version, before->data_version);
  EXPECT_EQ(after->stats.households_loaded, 0u);
  EXPECT_EQ(after->index, before->index);
  EXPECT_EQ(after->FindHome(homes_[0]), before->FindHome(homes_[0]));
}

TEST_P(MatchingSnapshotTest, ReadWithoutChangeSharesTheSnapshot) {
  auto service = Fresh(db());
  const auto first = service->Current();
  uc().needs.Get(need_.id, cli);  // a read changes nothing
  EXPECT_EQ(service->Current(), first);
}

INSTANTIATE_TEST_SUITE_P(Engines, MatchingSnapshotTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace fostermatch
