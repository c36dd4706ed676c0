// Storage on both engines: migrations and a round trip through every repository.

#include <gtest/gtest.h>

#include <thread>

#include "service/storage/auth_repository.h"
#include "service/storage/data_version_repository.h"
#include "service/storage/errors.h"
#include "service/storage/foster_parent_repository.h"
#include "service/storage/migrations.h"
#include "service/storage/need_repository.h"
#include "service/storage/placement_repository.h"
#include "service/storage/reference_repository.h"
#include "service/storage/session_repository.h"
#include "service/storage/training_repository.h"
#include "service/usecases/credentials.h"
#include "service/usecases/regions.h"
#include "tests/support/test_db.h"

namespace fostermatch {
namespace {

using namespace matching;
using storage::Engine;
using testing::TestDatabase;

class StorageTest : public ::testing::TestWithParam<Engine> {
 protected:
  // Regions and one agency serving two wards: what most records refer to.
  int64_t SeedReference(storage::Database& db) {
    usecases::SaveRegions(db, usecases::ParseRegionsCsv(usecases::DefaultRegionsCsv()));
    auto lease = db.Acquire();
    storage::WriteTransaction tx(lease);
    const int64_t id = storage::ReferenceRepository(lease.session())
                           .InsertAgency({0, "テスト機関", {"01101", "01105"}});
    tx.Commit();
    return id;
  }

  static FosterParent SampleParent(int64_t agency) {
    FosterParent fp;
    fp.agency_id = agency;
    fp.household_name = "佐藤家";
    fp.region = "01101";
    fp.types = {FosterType::kFoster, FosterType::kSpecialized};
    fp.status = ParentStatus::kActive;
    fp.registered_on = Date::FromYmd(2021, 4, 1);
    fp.registration_expires_on = Date::FromYmd(2027, 3, 31);
    fp.capacity = 2;
    fp.own_children = 1;
    fp.accepts.age_min = 3;
    fp.accepts.age_max = 12;
    fp.accepts.sexes = {Sex::kFemale};
    fp.accepts.max_siblings = 2;
    fp.accepts.needs = {NeedCategory::kBehavioral, NeedCategory::kMedical};
    fp.respite_only = false;
    fp.notes = "週末の面会に協力的";
    return fp;
  }
};

TEST_P(StorageTest, MigrationsApplyOnceAndRecordTheirVersion) {
  TestDatabase t(GetParam(), 1, /*migrate=*/false);
  EXPECT_EQ(storage::CurrentSchemaVersion(t.db()), 0);
  const int applied = storage::Migrate(t.db());
  EXPECT_EQ(applied, static_cast<int>(storage::EmbeddedMigrations().size()));
  EXPECT_EQ(storage::Migrate(t.db()), 0) << "a second run applies nothing";
  EXPECT_EQ(storage::CurrentSchemaVersion(t.db()), storage::EmbeddedMigrations().back().version);
}

TEST_P(StorageTest, APreparedVersionReadSeesEachCommitAndHoldsNoReadTransaction) {
  TestDatabase t(GetParam(), 2);
  auto own = t.db().OpenOwnSession();
  storage::DataVersionReader reader(*own);
  const uint64_t before = reader.Read();
  for (int k = 1; k <= 3; ++k) {
    auto lease = t.db().Acquire();
    storage::WriteTransaction tx(lease);
    storage::DataVersionRepository(lease.session()).Bump();
    tx.Commit();
    EXPECT_EQ(reader.Read(), before + static_cast<uint64_t>(k)) << "a committed bump was not seen";
  }
  if (GetParam() == Engine::kSqlite) {
    // A reader holding a read transaction would keep a full checkpoint from finishing.
    auto lease = t.db().Acquire();
    int busy = -1, log = 0, done = 0;
    lease.session() << "PRAGMA wal_checkpoint(TRUNCATE)", soci::into(busy), soci::into(log),
        soci::into(done);
    EXPECT_EQ(busy, 0) << "the prepared read left a read transaction open";
  }
}

TEST_P(StorageTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  TestDatabase t(GetParam(), 1, /*migrate=*/false);
  auto other = storage::Database::Open(t.url(), 1);
  int applied_a = 0, applied_b = 0;
  std::thread a([&] { applied_a = storage::Migrate(t.db()); });
  std::thread b([&] { applied_b = storage::Migrate(*other); });
  a.join();
  b.join();
  EXPECT_EQ(applied_a + applied_b, static_cast<int>(storage::EmbeddedMigrations().size()));
}

TEST_P(StorageTest, FailedMigrationLeavesNothingBehind) {
  TestDatabase t(GetParam(), 1);
  std::vector<storage::Migration> bad = storage::EmbeddedMigrations();
  bad.push_back({999, "0999_broken", "CREATE TABLE half_done (id INTEGER);\nNOT SQL AT ALL;\n"});
  EXPECT_THROW(storage::Migrate(t.db(), bad), storage::StorageError);
  EXPECT_EQ(storage::CurrentSchemaVersion(t.db()), storage::EmbeddedMigrations().back().version);
  auto lease = t.db().Acquire();
  int count = -1;
  // The half-created table was rolled back with the failed migration.
  EXPECT_THROW((lease.session() << "SELECT COUNT(*) FROM half_done", soci::into(count)),
               soci::soci_error);
}

TEST_P(StorageTest, PageSessionsRoundTripAndExpire) {
  TestDatabase t(GetParam());
  const int64_t agency = SeedReference(t.db());
  auto lease = t.db().Acquire();
  {
    storage::WriteTransaction tx(lease);
    storage::SessionRepository repo(lease.session());
    repo.Insert({"h1", "user:alice", matching::Role::kAgency, agency, "csrf1", 100, 100});
    repo.Insert({"h2", "user:bob", matching::Role::kStaff, std::nullopt, "csrf2", 100, 500});
    repo.Touch("h1", 150);
    tx.Commit();
  }
  storage::SessionRepository repo(lease.session());
  auto s = repo.Find("h1");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->actor, "user:alice");
  EXPECT_EQ(s->role, matching::Role::kAgency);
  EXPECT_EQ(s->agency_id, agency);
  EXPECT_EQ(s->csrf, "csrf1");
  EXPECT_EQ(s->last_seen, 150);
  EXPECT_FALSE(repo.Find("h2")->agency_id);
  EXPECT_FALSE(repo.Find("nope"));
  {
    storage::WriteTransaction tx(lease);
    EXPECT_EQ(storage::SessionRepository(lease.session()).DeleteExpired(200, 0), 1);
    tx.Commit();
  }
  EXPECT_FALSE(repo.Find("h1"));
  EXPECT_TRUE(repo.Find("h2"));
}

TEST_P(StorageTest, RegionsAndAgenciesRoundTrip) {
  TestDatabase t(GetParam());
  const int64_t agency = SeedReference(t.db());
  auto lease = t.db().Acquire();
  storage::ReferenceRepository repo(lease.session());
  auto regions = repo.ListRegions();
  ASSERT_EQ(regions.size(), 10u);
  EXPECT_EQ(regions[0].code, "01101");
  EXPECT_EQ(regions[0].name_ja, "中央区");
  EXPECT_NEAR(regions[0].lat, 43.0555, 1e-9);
  auto found = repo.FindAgency(agency);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->name, "テスト機関");
  EXPECT_EQ(found->regions, (std::vector<std::string>{"01101", "01105"}));

  storage::WriteTransaction tx(lease);
  found->regions = {"01102"};
  EXPECT_TRUE(repo.UpdateAgency(*found));
  EXPECT_THROW(repo.InsertAgency({0, "テスト機関", {}}), storage::ConstraintError);
}

TEST_P(StorageTest, FosterParentRoundTripsWithTypesAndAcceptedNeeds) {
  TestDatabase t(GetParam());
  const int64_t agency = SeedReference(t.db());
  auto lease = t.db().Acquire();
  storage::FosterParentRepository repo(lease.session());
  FosterParent fp = SampleParent(agency);
  {
    storage::WriteTransaction tx(lease);
    fp.id = repo.Insert(fp);
    tx.Commit();
  }
  auto loaded = repo.Find(fp.id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->household_name, "佐藤家");
  EXPECT_EQ(loaded->types, fp.types);
  EXPECT_EQ(loaded->accepts.needs, fp.accepts.needs);
  EXPECT_EQ(loaded->accepts.sexes, Sexes{Sex::kFemale});
  EXPECT_EQ(loaded->registration_expires_on, fp.registration_expires_on);
  EXPECT_EQ(loaded->notes, fp.notes);
  EXPECT_EQ(loaded->own_children, 1);

  fp.types = {FosterType::kAdoptive};
  fp.status = ParentStatus::kSuspended;
  {
    storage::WriteTransaction tx(lease);
    EXPECT_TRUE(repo.Update(fp));
    tx.Commit();
  }
  loaded = repo.Find(fp.id);
  EXPECT_EQ(loaded->types, FosterTypes{FosterType::kAdoptive});
  EXPECT_EQ(loaded->status, ParentStatus::kSuspended);
  EXPECT_FALSE(repo.Find(fp.id + 1000));
}

TEST_P(StorageTest, FosterParentListFiltersAndPaginatesById) {
  TestDatabase t(GetParam());
  const int64_t agency = SeedReference(t.db());
  auto lease = t.db().Acquire();
  storage::FosterParentRepository repo(lease.session());
  {
    storage::WriteTransaction tx(lease);
    for (int i = 0; i < 7; ++i) {
      FosterParent fp = SampleParent(agency);
      fp.region = i % 2 == 0 ? "01101" : "01105";
      fp.types = i < 3 ? FosterTypes{FosterType::kAdoptive} : FosterTypes{FosterType::kFoster};
      repo.Insert(fp);
    }
    tx.Commit();
  }
  storage::FosterParentFilter page;
  page.limit = 3;
  auto first = repo.List(page);
  ASSERT_EQ(first.size(), 3u);
  page.after_id = first.back().id;
  auto second = repo.List(page);
  ASSERT_EQ(second.size(), 3u);
  EXPECT_GT(second.front().id, first.back().id);

  storage::FosterParentFilter by_region;
  by_region.region = "01105";
  EXPECT_EQ(repo.List(by_region).size(), 3u);
  storage::FosterParentFilter by_type;
  by_type.type = FosterType::kAdoptive;
  by_type.region = "01101";
  EXPECT_EQ(repo.List(by_type).size(), 2u);
}

TEST_P(StorageTest, ForeignKeysRefuseUnknownAgencyOrRegion) {
  TestDatabase t(GetParam());
  const int64_t agency = SeedReference(t.db());
  auto lease = t.db().Acquire();
  storage::FosterParentRepository repo(lease.session());
  storage::WriteTransaction tx(lease);
  FosterParent fp = SampleParent(agency + 99);
  EXPECT_THROW(repo.Insert(fp), storage::ConstraintError);
}

TEST_P(StorageTest, RolledBackWriteLeavesNoTrace) {
  TestDatabase t(GetParam());
  const int64_t agency = SeedReference(t.db());
  auto lease = t.db().Acquire();
  storage::FosterParentRepository repo(lease.session());
  {
    storage::WriteTransaction tx(lease);
    repo.Insert(SampleParent(agency));
    // No Commit: the destructor rolls back.
  }
  EXPECT_TRUE(repo.List({}).empty());
}

TEST_P(StorageTest, TrainingUpsertIsIdempotentOnExternalId) {
  TestDatabase t(GetParam());
  const int64_t agency = SeedReference(t.db());
  auto lease = t.db().Acquire();
  storage::WriteTransaction tx(lease);
  const int64_t fp = storage::FosterParentRepository(lease.session()).Insert(SampleParent(agency));
  storage::TrainingRepository repo(lease.session());
  Training tr;
  tr.foster_parent_id = fp;
  tr.external_id = "TP-1";
  tr.course = Course::kPractical;
  tr.completed_on = Date::FromYmd(2026, 6, 1);
  tr.hours = 12.5;
  tr.provider = "里親トレーニング事業";
  EXPECT_EQ(repo.UpsertByExternalId(tr), storage::TrainingRepository::UpsertResult::kInserted);
  tr.hours = 14;
  EXPECT_EQ(repo.UpsertByExternalId(tr), storage::TrainingRepository::UpsertResult::kUpdated);
  Training manual = tr;
  manual.external_id.clear();
  repo.Insert(manual);
  repo.Insert(manual);  // records entered by hand have no external id: no uniqueness clash
  auto list = repo.ListForFosterParent(fp);
  ASSERT_EQ(list.size(), 3u);
  EXPECT_EQ(list[0].hours, 14);
  EXPECT_EQ(list[0].external_id, "TP-1");
  EXPECT_EQ(list[1].external_id, "");
  EXPECT_EQ(repo.ListAll().size(), 3u);
  tx.Commit();
}

TEST_P(StorageTest, NeedRoundTripsWithCategoriesAndSharing) {
  TestDatabase t(GetParam());
  const int64_t agency = SeedReference(t.db());
  auto lease = t.db().Acquire();
  storage::NeedRepository repo(lease.session());
  Need n;
  n.case_ref = "C-2026-0001";
  n.region = "01105";
  n.child = {7, Sex::kMale};
  n.siblings = 2;
  n.needs = {NeedCategory::kBehavioral};
  n.kind = NeedKind::kShortTerm;
  n.requires_type = FosterType::kSpecialized;
  n.earliest_start = Date::FromYmd(2026, 12, 1);
  n.urgency = 3;
  n.shared_with = {agency};
  {
    storage::WriteTransaction tx(lease);
    n.id = repo.Insert(n);
    tx.Commit();
  }
  auto loaded = repo.Find(n.id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->case_ref, n.case_ref);
  EXPECT_EQ(loaded->child.sex, Sex::kMale);
  EXPECT_EQ(loaded->needs, n.needs);
  EXPECT_EQ(loaded->requires_type, FosterType::kSpecialized);
  EXPECT_EQ(loaded->shared_with, std::vector<int64_t>{agency});
  {
    storage::WriteTransaction tx(lease);
    EXPECT_TRUE(repo.SetStatus(n.id, NeedStatus::kPlaced));
    n.requires_type.reset();
    n.status = NeedStatus::kPlaced;
    EXPECT_TRUE(repo.Update(n));
    EXPECT_THROW(repo.Insert(n), storage::ConstraintError) << "case_ref is unique";
  }
  storage::NeedFilter open;
  open.status = NeedStatus::kOpen;
  EXPECT_EQ(repo.List(open).size(), 1u) << "the rolled-back update left the need open";
}

TEST_P(StorageTest, PlacementsRoundTripAndRecordTheirEnd) {
  TestDatabase t(GetParam());
  const int64_t agency = SeedReference(t.db());
  auto lease = t.db().Acquire();
  storage::WriteTransaction tx(lease);
  const int64_t fp = storage::FosterParentRepository(lease.session()).Insert(SampleParent(agency));
  Need n;
  n.case_ref = "C-1";
  n.region = "01101";
  n.earliest_start = Date::FromYmd(2026, 1, 1);
  const int64_t need = storage::NeedRepository(lease.session()).Insert(n);
  storage::PlacementRepository repo(lease.session());
  Placement p;
  p.need_id = need;
  p.foster_parent_id = fp;
  p.children = 2;
  p.started_on = Date::FromYmd(2026, 2, 1);
  p.id = repo.Insert(p);
  EXPECT_FALSE(repo.Find(p.id)->ended_on);
  EXPECT_TRUE(repo.End(p.id, Date::FromYmd(2026, 8, 1), "reunified"));
  auto loaded = repo.Find(p.id);
  ASSERT_TRUE(loaded);
  EXPECT_EQ(loaded->ended_on, Date::FromYmd(2026, 8, 1));
  EXPECT_EQ(loaded->outcome, "reunified");
  EXPECT_EQ(loaded->children, 2);
  EXPECT_EQ(repo.ListForFosterParent(fp).size(), 1u);
  tx.Commit();
}

TEST_P(StorageTest, TokensAreFoundByHashUntilRevoked) {
  TestDatabase t(GetParam());
  const int64_t agency = SeedReference(t.db());
  auto lease = t.db().Acquire();
  storage::AuthRepository repo(lease.session());
  storage::ApiTokenRecord token;
  token.token_hash = usecases::HashToken("secret-token");
  token.role = Role::kAgency;
  token.agency_id = agency;
  token.label = "coordinator";
  token.id = repo.InsertToken(token);
  auto found = repo.FindActiveToken(usecases::HashToken("secret-token"));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->role, Role::kAgency);
  EXPECT_EQ(found->agency_id, agency);
  EXPECT_FALSE(repo.FindActiveToken(usecases::HashToken("other")));
  EXPECT_TRUE(repo.RevokeToken(token.id));
  EXPECT_FALSE(repo.FindActiveToken(usecases::HashToken("secret-token")));
  EXPECT_FALSE(repo.RevokeToken(token.id)) << "already revoked";
}

TEST_P(StorageTest, UsersStoreOnlyASaltedPasswordHash) {
  TestDatabase t(GetParam());
  auto lease = t.db().Acquire();
  storage::AuthRepository repo(lease.session());
  storage::UserRecord u;
  u.username = "staff1";
  u.password_hash = usecases::HashPassword("correct horse battery");
  u.role = Role::kStaff;
  repo.InsertUser(u);
  auto found = repo.FindUser("staff1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->password_hash.find("correct horse"), std::string::npos);
  EXPECT_TRUE(usecases::VerifyPassword("correct horse battery", found->password_hash));
  EXPECT_FALSE(usecases::VerifyPassword("wrong", found->password_hash));
  EXPECT_THROW(repo.InsertUser(u), storage::ConstraintError);
}

TEST_P(StorageTest, AuditLogListsNewestFirstWithFilters) {
  TestDatabase t(GetParam());
  auto lease = t.db().Acquire();
  storage::AuditRepository repo(lease.session());
  repo.Record("token:1", "create", "foster_parent", "5");
  repo.Record("token:1", "read", "need", "9");
  const int64_t last = repo.Record("token:2", "update", "foster_parent", "5", "status");
  storage::AuditFilter all;
  auto entries = repo.List(all);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].id, last);
  EXPECT_EQ(entries[0].detail, "status");
  EXPECT_FALSE(entries[0].at.empty());
  storage::AuditFilter by_entity;
  by_entity.entity = "foster_parent";
  by_entity.entity_id = "5";
  EXPECT_EQ(repo.List(by_entity).size(), 2u);
  storage::AuditFilter older;
  older.before_id = last;
  older.limit = 1;
  ASSERT_EQ(repo.List(older).size(), 1u);
}

TEST(SqliteStorage, SessionsAreDurableAndEnforceForeignKeys) {
  TestDatabase t(Engine::kSqlite);
  auto lease = t.db().Acquire();
  std::string journal;
  int sync = 0, fk = 0, busy = 0;
  lease.session() << "PRAGMA journal_mode", soci::into(journal);
  lease.session() << "PRAGMA synchronous", soci::into(sync);
  lease.session() << "PRAGMA foreign_keys", soci::into(fk);
  lease.session() << "PRAGMA busy_timeout", soci::into(busy);
  EXPECT_EQ(journal, "wal");
  EXPECT_EQ(sync, 2) << "FULL";
  EXPECT_EQ(fk, 1);
  EXPECT_EQ(busy, storage::Database::kBusyTimeoutMs);
}

INSTANTIATE_TEST_SUITE_P(Engines, StorageTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

TEST(ConnectionTarget, PicksTheEngineFromTheUrlAndRedactsPasswords) {
  auto lite = storage::ConnectionTarget::Parse("sqlite3://var/x.db");
  EXPECT_EQ(lite.engine, Engine::kSqlite);
  auto pg = storage::ConnectionTarget::Parse("postgresql://fm:s3cret@db.example/fm");
  EXPECT_EQ(pg.engine, Engine::kPostgresql);
  EXPECT_EQ(pg.redacted.find("s3cret"), std::string::npos);
  EXPECT_THROW(storage::ConnectionTarget::Parse("mysql://x"), storage::StorageError);
  EXPECT_THROW(storage::ConnectionTarget::Parse("sqlite3://"), storage::StorageError);
}

}  // namespace
}  // namespace fostermatch
