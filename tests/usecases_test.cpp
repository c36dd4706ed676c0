// The use-case layer called directly, without HTTP, on SQLite and PostgreSQL: who may do what,
// an agency's scope, read-modify-write changes and the registration expiry rule.

#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "service/errors.h"
#include "tests/support/app_fixture.h"

namespace fostermatch {
namespace {

using matching::Date;
using matching::Role;
using storage::Engine;
using usecases::Actor;

class UseCasesTest : public ::testing::TestWithParam<Engine>, public testing::AppFixture {
 protected:
  UseCasesTest() : AppFixture(GetParam()) {}

  static Actor As(Role role, std::optional<int64_t> agency = std::nullopt) {
    return {"test:" + std::string(matching::ToString(role)), role, agency};
  }
  Actor Agency1() const { return As(Role::kAgency, agency1_id); }
  Actor Agency2() const { return As(Role::kAgency, agency2_id); }

  matching::FosterParent Stored(int64_t id) { return uc().households.Get(id, cli).parent; }
};

// Each operation from one table: the roles it admits; every other role gets ForbiddenError and
// nothing is written.
TEST_P(UseCasesTest, EachOperationRefusesTheRolesItDoesNotAdmit) {
  const int64_t fp = ReadyHousehold(agency1_id);
  const int64_t need = OpenNeed("C-UC-1");
  uc().match_runs.Run({"2026-12"}, cli);
  const int64_t proposal = uc().match_runs.Get("2026-12", cli).proposals.at(0).id;
  using Admits = std::set<Role>;
  const Admits all{Role::kAdmin, Role::kStaff, Role::kAgency, Role::kTrainer};
  const Admits admin_only{Role::kAdmin};
  const Admits center{Role::kAdmin, Role::kStaff};
  const Admits casework{Role::kAdmin, Role::kStaff, Role::kAgency};
  const Admits importers{Role::kAdmin, Role::kTrainer};
  struct Row {
    std::string name;
    Admits admits;
    std::function<void(const Actor&)> call;
  };
  matching::Training training;
  training.foster_parent_id = fp;
  training.course = matching::Course::kOther;
  training.completed_on = Date::FromYmd(2026, 1, 1);
  training.hours = 1;
  usecases::FosterParentChanges household;
  household.agency_id = agency1_id;
  household.household_name = "x";
  household.region = "01101";
  household.types = matching::FosterTypes{matching::FosterType::kFoster};
  household.registered_on = Date::FromYmd(2026, 1, 1);
  usecases::NeedChanges need_changes;
  need_changes.case_ref = "C-UC-2";
  need_changes.region = "01101";
  need_changes.earliest_start = Date::FromYmd(2026, 12, 1);
  const matching::Region region{"01202", "函館市", "Hakodate", 41.77, 140.73};
  const std::string csv =
      "external_id,foster_parent_id,course,completed_on,hours,provider,outcome\n";
  const std::vector<Row> table = {
      {"reference.SaveRegion", admin_only,
       [&](const Actor& a) { uc().reference.SaveRegion(region, a); }},
      {"reference.CreateAgency", admin_only,
       [&](const Actor& a) {
         uc().reference.CreateAgency({"x", std::nullopt}, a);
       }},
      {"reference.UpdateAgency", admin_only,
       [&](const Actor& a) {
         uc().reference.UpdateAgency(agency2_id, {"y", std::nullopt}, a);
       }},
      {"households.Get", casework, [&](const Actor& a) { uc().households.Get(fp, a); }},
      {"households.List", casework, [&](const Actor& a) { uc().households.List({}, a); }},
      {"households.Create", casework,
       [&](const Actor& a) { uc().households.Create(household, a); }},
      {"households.Update", casework,
       [&](const Actor& a) {
         usecases::FosterParentChanges c;
         c.notes = "x";
         uc().households.Update(fp, c, a);
       }},
      {"trainings.List", all, [&](const Actor& a) { uc().trainings.List(fp, a); }},
      {"trainings.Add", all, [&](const Actor& a) { uc().trainings.Add(training, a); }},
      {"trainings.ImportCsv", importers, [&](const Actor& a) { uc().trainings.ImportCsv(csv, a); }},
      {"needs.Get", casework, [&](const Actor& a) { uc().needs.Get(need, a); }},
      {"needs.List", casework, [&](const Actor& a) { uc().needs.List({}, a); }},
      {"needs.Create", center, [&](const Actor& a) { uc().needs.Create(need_changes, a); }},
      {"needs.Update", center,
       [&](const Actor& a) {
         usecases::NeedChanges c;
         c.urgency = 3;
         uc().needs.Update(need, c, a);
       }},
      {"ranking.CandidatesFor", casework,
       [&](const Actor& a) { uc().ranking.CandidatesFor(need, 10, a); }},
      {"ranking.LongUnplaced", casework, [&](const Actor& a) { uc().ranking.LongUnplaced({}, a); }},
      {"placements.Record", center,
       [&](const Actor& a) { uc().placements.Record(need, fp, Date::FromYmd(2027, 1, 1), a); }},
      {"placements.End", center,
       [&](const Actor& a) { uc().placements.End(1, Date::FromYmd(2027, 1, 1), "", a); }},
      {"match_runs.Run", admin_only, [&](const Actor& a) { uc().match_runs.Run({"2027-01"}, a); }},
      {"match_runs.Start", admin_only,
       [&](const Actor& a) { uc().match_runs.Start({"2027-02"}, a); }},
      {"match_runs.Status", casework,
       [&](const Actor& a) { uc().match_runs.Status("2026-12", a); }},
      {"match_runs.Get", casework, [&](const Actor& a) { uc().match_runs.Get("2026-12", a); }},
      {"match_runs.List", casework, [&](const Actor& a) { uc().match_runs.List(a); }},
      {"match_runs.Respond", casework,
       [&](const Actor& a) { uc().match_runs.Respond(proposal, "accept", "", "", a); }},
      {"audit.List", admin_only, [&](const Actor& a) { uc().audit.List({}, a); }},
      {"access.IssueToken", admin_only,
       [&](const Actor& a) { uc().access.IssueToken(Role::kStaff, std::nullopt, "x", a); }},
      {"access.ListTokens", admin_only, [&](const Actor& a) { uc().access.ListTokens(a); }},
      {"access.ListUsers", admin_only, [&](const Actor& a) { uc().access.ListUsers(a); }},
      {"access.RevokeToken", admin_only, [&](const Actor& a) { uc().access.RevokeToken(1, a); }},
      {"access.AddUser", admin_only,
       [&](const Actor& a) {
         uc().access.AddUser("bob", "correct horse battery", Role::kStaff, std::nullopt, a);
       }},
  };
  const long long audit = AuditRows();
  const std::vector<Actor> actors = {As(Role::kAdmin), As(Role::kStaff), Agency1(),
                                     As(Role::kTrainer)};
  int refusals = 0;
  for (const Row& row : table) {
    for (const Actor& actor : actors) {
      if (row.admits.count(actor.role)) continue;
      ++refusals;
      EXPECT_THROW(row.call(actor), ForbiddenError)
          << row.name << " as " << matching::ToString(actor.role);
    }
  }
  EXPECT_GT(refusals, 40);
  EXPECT_EQ(AuditRows(), audit) << "a refused operation wrote something";
}

TEST_P(UseCasesTest, AnAgencyReachesOnlyItsOwnHouseholdsAndTheNeedsSharedWithIt) {
  const int64_t fp = ReadyHousehold(agency1_id);
  const int64_t need = OpenNeed("C-UC-SCOPE", "01101");  // agency 1's ward, not agency 2's
  usecases::FosterParentChanges notes;
  notes.notes = "x";
  matching::Training t;
  t.foster_parent_id = fp;
  t.course = matching::Course::kOther;
  t.completed_on = Date::FromYmd(2026, 1, 1);
  t.hours = 1;
  const Actor other = Agency2();
  EXPECT_THROW(uc().households.Get(fp, other), NotFoundError);
  EXPECT_THROW(uc().households.Update(fp, notes, other), NotFoundError);
  EXPECT_THROW(uc().trainings.List(fp, other), NotFoundError);
  EXPECT_THROW(uc().trainings.Add(t, other), NotFoundError);
  EXPECT_THROW(uc().needs.Get(need, other), NotFoundError);
  EXPECT_THROW(uc().ranking.CandidatesFor(need, 10, other), NotFoundError);
  usecases::HouseholdQuery theirs;
  theirs.agency_id = agency1_id;
  EXPECT_THROW(uc().households.List(theirs, other), ForbiddenError);
  usecases::LongUnplacedQuery their_list;
  their_list.agency_id = agency1_id;
  EXPECT_THROW(uc().ranking.LongUnplaced(their_list, other), ForbiddenError);
  EXPECT_TRUE(uc().households.List({}, other).items.empty()) << "agency 2 has no households";

  // Agency 1 reaches all of it, and cannot move its household to agency 2 or register for it.
  EXPECT_NO_THROW(uc().households.Update(fp, notes, Agency1()));
  EXPECT_NO_THROW(uc().trainings.Add(t, Agency1()));
  EXPECT_NO_THROW(uc().needs.Get(need, Agency1()));
  usecases::FosterParentChanges move;
  move.agency_id = agency2_id;
  EXPECT_THROW(uc().households.Update(fp, move, Agency1()), ForbiddenError);
  EXPECT_EQ(Stored(fp).agency_id, agency1_id);
}

TEST_P(UseCasesTest, ARejectedChangeLeavesNeitherTheChangeNorAnAuditEntry) {
  const int64_t fp = ReadyHousehold(agency1_id, "01101", /*capacity=*/1);
  const int64_t need = OpenNeed("C-UC-RMW");
  uc().placements.Record(need, fp, Date::FromYmd(2026, 11, 20), cli);
  const matching::FosterParent before = Stored(fp);
  const long long audit = AuditRows();

  usecases::FosterParentChanges invalid;  // a valid field beside an invalid one
  invalid.notes = "should not land";
  invalid.accepts.age_max = 99;
  EXPECT_THROW(uc().households.Update(fp, invalid, cli), ValidationError);
  usecases::FosterParentChanges below;  // valid alone, but below the child placed there
  below.notes = "should not land";
  below.capacity = 0;
  EXPECT_THROW(uc().households.Update(fp, below, cli), ValidationError);
  usecases::FosterParentChanges unknown;
  unknown.notes = "should not land";
  unknown.region = "99999";
  EXPECT_THROW(uc().households.Update(fp, unknown, cli), ValidationError);

  const matching::FosterParent after = Stored(fp);
  EXPECT_EQ(after.notes, before.notes);
  EXPECT_EQ(after.capacity, before.capacity);
  EXPECT_EQ(after.region, before.region);
  EXPECT_EQ(after.accepts.age_max, before.accepts.age_max);
  EXPECT_EQ(AuditRows(), audit) << "a rejected change was audited";

  // An accepted partial change keeps every field it does not name.
  usecases::FosterParentChanges notes;
  notes.notes = "面談済み";
  uc().households.Update(fp, notes, cli);
  usecases::FosterParentChanges age;
  age.accepts.age_max = 10;
  uc().households.Update(fp, age, cli);
  EXPECT_EQ(Stored(fp).notes, "面談済み");
  EXPECT_EQ(Stored(fp).accepts.age_max, 10);
  EXPECT_EQ(Stored(fp).capacity, 1);
  EXPECT_EQ(AuditRows(), audit + 2);
}

TEST_P(UseCasesTest, RegistrationExpiryDefaultsOnCreateAndFollowsTypesAndRegistrationDate) {
  using matching::FosterType;
  usecases::FosterParentChanges c;
  c.agency_id = agency1_id;
  c.household_name = "x";
  c.region = "01101";
  c.types = matching::FosterTypes{FosterType::kFoster};
  c.registered_on = Date::FromYmd(2025, 4, 1);
  const auto created = uc().households.Create(c, cli).parent;
  EXPECT_EQ(created.registration_expires_on, Date::FromYmd(2030, 3, 31)) << "5 years";
  EXPECT_EQ(Stored(created.id).registration_expires_on, Date::FromYmd(2030, 3, 31));

  c.types = matching::FosterTypes{FosterType::kFoster, FosterType::kSpecialized};
  c.capacity = 1;
  const auto specialized = uc().households.Create(c, cli).parent;
  EXPECT_EQ(specialized.registration_expires_on, Date::FromYmd(2027, 3, 31)) << "2 years";

  c.registration_expires_on = Date::FromYmd(2028, 1, 31);
  const auto overridden = uc().households.Create(c, cli).parent;
  EXPECT_EQ(Stored(overridden.id).registration_expires_on, Date::FromYmd(2028, 1, 31))
      << "an explicit expiry is kept";

  const int64_t id = created.id;
  usecases::FosterParentChanges types;
  types.types = matching::FosterTypes{FosterType::kFoster, FosterType::kSpecialized};
  uc().households.Update(id, types, cli);
  EXPECT_EQ(Stored(id).registration_expires_on, Date::FromYmd(2027, 3, 31))
      << "a types change moves it";
  usecases::FosterParentChanges registered;
  registered.registered_on = Date::FromYmd(2026, 4, 1);
  uc().households.Update(id, registered, cli);
  EXPECT_EQ(Stored(id).registration_expires_on, Date::FromYmd(2028, 3, 31))
      << "a registration date change moves it";
  usecases::FosterParentChanges notes;
  notes.notes = "x";
  uc().households.Update(overridden.id, notes, cli);
  EXPECT_EQ(Stored(overridden.id).registration_expires_on, Date::FromYmd(2028, 1, 31))
      << "another change keeps an explicit expiry";
}

INSTANTIATE_TEST_SUITE_P(Engines, UseCasesTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace fostermatch
