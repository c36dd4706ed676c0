// Household reads (one by id, and list pages with every filter) answered from the matching
// snapshot give, byte for byte, what the database path gave: that path is kept below as the
// oracle, over the demo city and random filters, actors and cursors, on both engines.

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <string>
#include <typeinfo>

#include "service/api/json_codec.h"
#include "service/api/request.h"
#include "service/api/resource_codec.h"
#include "service/errors.h"
#include "service/model/json_text.h"
#include "service/storage/foster_parent_repository.h"
#include "service/storage/placement_repository.h"
#include "service/storage/training_repository.h"
#include "service/usecases/demo_data.h"
#include "service/usecases/use_cases.h"
#include "tests/support/app_fixture.h"
#include "tests/support/test_db.h"

namespace fostermatch {
namespace {

using matching::Role;
using storage::Engine;
using usecases::Actor;
using usecases::FosterParentView;
using usecases::HouseholdQuery;
using usecases::Page;

// The reads as they were before the snapshot served them: every row, training and placement
// read from the database for each request, derived fields computed per household.
class DatabaseOracle {
 public:
  DatabaseOracle(storage::Database& db, const matching::MatchPolicy& policy, matching::Date today)
      : db_(db), policy_(policy), today_(today) {}

  FosterParentView Get(int64_t id, const Actor& actor) {
    auto lease = db_.Acquire();
    soci::session& s = lease.session();
    auto fp = storage::FosterParentRepository(s).Find(id);
    if (!fp || (actor.agency_id && fp->agency_id != *actor.agency_id)) {
      throw NotFoundError("foster parent " + std::to_string(id));
    }
    const auto trainings = storage::TrainingRepository(s).ListForFosterParent(id);
    const auto placements = storage::PlacementRepository(s).ListForFosterParent(id);
    return {*fp, Facts(*fp, trainings, placements)};
  }

  Page<FosterParentView> List(HouseholdQuery query, const Actor& actor) {
    if (actor.agency_id) {
      if (query.agency_id && *query.agency_id != *actor.agency_id) {
        throw ForbiddenError("an agency sees only its own agency's households");
      }
      query.agency_id = actor.agency_id;
    }
    const int limit = std::max(1, query.limit);
    storage::FosterParentFilter filter{query.region, query.agency_id, query.status,
                                       query.type,   query.after_id,  0};
    filter.limit = query.long_unplaced_only ? std::max(usecases::kScanBatch, limit + 1) : limit + 1;
    auto lease = db_.Acquire();
    soci::session& s = lease.session();
    Page<FosterParentView> page;
    while (true) {
      storage::Scan scan;
      const auto batch = storage::FosterParentRepository(s).List(filter, &scan);
      if (scan.rows == 0) return page;
      if (batch.empty()) {
        filter.after_id = scan.last_id;
        continue;
      }
      const auto trainings =
          storage::TrainingRepository(s).ListForFosterParents(batch.front().id, batch.back().id);
      const auto placements =
          storage::PlacementRepository(s).ListForFosterParents(batch.front().id, batch.back().id);
      size_t ti = 0, pi = 0;
      for (const auto& fp : batch) {
        auto facts = Facts(fp, Own(trainings, ti, fp.id), Own(placements, pi, fp.id));
        if (query.long_unplaced_only && !facts.long_unplaced) continue;
        if (static_cast<int>(page.items.size()) == limit) {
          page.next_after = page.items.back().parent.id;
          return page;
        }
        page.items.push_back({fp, std::move(facts)});
      }
      if (scan.rows < filter.limit) return page;
      filter.after_id = scan.last_id;
    }
  }

 private:
  matching::HomeFacts Facts(const matching::FosterParent& fp,
                            std::span<const matching::Training> trainings,
                            std::span<const matching::Placement> placements) const {
    return matching::DeriveHomeFacts(fp, trainings, placements, today_, policy_.readiness,
                                     policy_.long_unplaced_months);
  }
  template <typename T>
  static std::vector<T> Own(const std::vector<T>& rows, size_t& at, int64_t id) {
    std::vector<T> own;
    while (at < rows.size() && rows[at].foster_parent_id < id) ++at;
    while (at < rows.size() && rows[at].foster_parent_id == id) own.push_back(rows[at++]);
    return own;
  }

  storage::Database& db_;
  matching::MatchPolicy policy_;
  matching::Date today_;
};

// What a read answers, as the API would write it: the JSON text, or the error's kind and text.
template <typename F>
std::string Answer(F&& read) {
  try {
    return read();
  } catch (const std::exception& e) {
    return std::string(typeid(e).name()) + ": " + e.what();
  }
}

std::string Text(const FosterParentView& view) { return model::ToJsonText(api::ToJson(view)); }

// The API's own path: each household's text written once per change and day, pages assembled
// from those texts.
std::string Text(const usecases::HouseholdEntry& entry) { return api::JsonText(entry); }

std::string Text(const Page<usecases::HouseholdEntry>& page) {
  std::vector<const std::string*> items;
  for (const auto& entry : page.items) items.push_back(&api::JsonText(entry));
  std::optional<std::string> cursor;
  if (page.next_after) cursor = api::EncodeCursor(*page.next_after);
  return api::ListPageOfTexts(items, cursor) + "|" + std::to_string(page.next_after.value_or(0));
}

std::string Text(const Page<FosterParentView>& page) {
  boost::json::array items;
  for (const auto& view : page.items) items.push_back(api::ToJson(view));
  std::optional<std::string> cursor;
  if (page.next_after) cursor = api::EncodeCursor(*page.next_after);
  return api::ListPage(std::move(items), cursor) + "|" +
         std::to_string(page.next_after.value_or(0));
}

class HouseholdReadsTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<testing::TestDatabase>(GetParam());
    usecases::DemoDataOptions demo;
    demo.today = testing::kFixedToday;
    usecases::WriteDemoData(db_->db(), demo);
    usecases::Config config;
    config.today = [this] { return Today(); };
    policy_ = config.policy;
    uc_ = std::make_unique<usecases::UseCases>(db_->db(), config);
    oracle_ = std::make_unique<DatabaseOracle>(db_->db(), config.policy, testing::kFixedToday);
    auto lease = db_->db().Acquire();
    lease.session() << "SELECT MAX(id) FROM foster_parents", soci::into(max_id_);
  }

  matching::Date Today() const { return testing::kFixedToday.AddDays(days_later_.load()); }
  // Moves the service's clock and the oracle's to `days` after the fixed day.
  void MoveTo(int days) {
    days_later_ = days;
    oracle_ = std::make_unique<DatabaseOracle>(db_->db(), policy_, Today());
  }

  // Admin, staff, each demo agency and an agency that does not exist.
  std::vector<Actor> Actors() const {
    std::vector<Actor> out = {{"test:admin", Role::kAdmin, std::nullopt},
                              {"test:staff", Role::kStaff, std::nullopt}};
    for (int64_t agency = 1; agency <= 4; ++agency) {
      out.push_back({"test:agency" + std::to_string(agency), Role::kAgency, agency});
    }
    return out;
  }

  void ExpectSameGet(int64_t id, const Actor& actor) {
    const std::string expected = Answer([&] { return Text(oracle_->Get(id, actor)); });
    EXPECT_EQ(Answer([&] { return Text(uc_->households.Get(id, actor)); }), expected)
        << "id " << id << " as " << actor.name;
    // Twice: the second answer is the text kept from the first.
    for (int i = 0; i < 2; ++i) {
      EXPECT_EQ(Answer([&] { return Text(uc_->households.GetEntry(id, actor)); }), expected)
          << "id " << id << " as " << actor.name << ", encoded once";
    }
  }

  // Compares one page; returns the next position, if any.
  std::optional<int64_t> ExpectSamePage(const HouseholdQuery& q, const Actor& actor) {
    std::optional<int64_t> next;
    const std::string got = Answer([&] {
      auto page = uc_->households.List(q, actor);
      next = page.next_after;
      return Text(page);
    });
    const std::string expected = Answer([&] { return Text(oracle_->List(q, actor)); });
    EXPECT_EQ(Answer([&] { return Text(uc_->households.ListEntries(q, actor)); }), expected)
        << "encoded once, as " << actor.name;
    EXPECT_EQ(got, expected) << "as " << actor.name << " region=" << q.region.value_or("-")
                             << " agency=" << q.agency_id.value_or(-1)
                             << " status=" << (q.status ? matching::ToString(*q.status) : "-")
                             << " type=" << (q.type ? matching::ToString(*q.type) : "-")
                             << " long_unplaced=" << q.long_unplaced_only << " after=" << q.after_id
                             << " limit=" << q.limit;
    return next;
  }

  HouseholdQuery RandomQuery(std::mt19937& rng) {
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    static const std::vector<std::string> kRegions = {"01101", "01102", "01103", "01104",
                                                      "01105", "01106", "01107", "01108",
                                                      "01109", "01110", "99999"};
    HouseholdQuery q;
    if (pick(3) == 0) q.region = kRegions[pick(static_cast<int>(kRegions.size()))];
    if (pick(4) == 0) q.agency_id = 1 + pick(4);
    if (pick(3) == 0) q.status = static_cast<matching::ParentStatus>(pick(3));
    if (pick(3) == 0) q.type = static_cast<matching::FosterType>(pick(4));
    q.long_unplaced_only = pick(3) == 0;
    static const std::vector<int> kLimits = {1, 2, 7, 50, 50, 500};
    q.limit = pick(4) == 0 ? 1 + pick(500) : kLimits[pick(static_cast<int>(kLimits.size()))];
    if (pick(2) == 0) q.after_id = pick(static_cast<int>(max_id_) + 5);
    return q;
  }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<usecases::UseCases> uc_;
  std::unique_ptr<DatabaseOracle> oracle_;
  matching::MatchPolicy policy_;
  std::atomic<int> days_later_{0};
  int64_t max_id_ = 0;
};

TEST_P(HouseholdReadsTest, EveryHouseholdByIdReadsAsTheDatabaseWouldForEveryActor) {
  ASSERT_GT(max_id_, 100);
  for (const Actor& actor : Actors()) {
    for (int64_t id = -1; id <= max_id_ + 2; ++id) ExpectSameGet(id, actor);
  }
}

TEST_P(HouseholdReadsTest, ListPagesUnderRandomFiltersReadAsTheDatabaseWould) {
  std::mt19937 rng(20261126);
  const auto actors = Actors();
  for (int i = 0; i < 400; ++i) {
    const Actor& actor = actors[rng() % actors.size()];
    ExpectSamePage(RandomQuery(rng), actor);
  }
}

TEST_P(HouseholdReadsTest, WalkingEveryCursorReadsTheSamePagesAsTheDatabase) {
  std::mt19937 rng(7);
  const auto actors = Actors();
  for (int i = 0; i < 40; ++i) {
    const Actor& actor = actors[rng() % actors.size()];
    HouseholdQuery q = RandomQuery(rng);
    q.after_id = 0;
    q.limit = 1 + static_cast<int>(rng() % 60);
    for (int pages = 0; pages < 500; ++pages) {
      auto next = ExpectSamePage(q, actor);
      if (!next) break;
      q.after_id = *next;
    }
  }
}

TEST_P(HouseholdReadsTest, ReadsFollowEveryKindOfWriteAsTheDatabaseDoes) {
  const Actor admin = Actor::Cli();
  HouseholdQuery all;
  all.limit = usecases::kMaxPageSize;
  HouseholdQuery long_unplaced = all;
  long_unplaced.long_unplaced_only = true;
  auto expect_same = [&] {
    ExpectSamePage(all, admin);
    ExpectSamePage(long_unplaced, admin);
    for (int64_t id = 1; id <= max_id_ + 1; id += 37) ExpectSameGet(id, admin);
  };
  expect_same();  // builds the snapshot before the writes below

  usecases::FosterParentChanges suspend;
  suspend.status = matching::ParentStatus::kSuspended;
  uc_->households.Update(1, suspend, admin);
  expect_same();

  usecases::FosterParentChanges created;
  created.agency_id = 1;
  created.household_name = "新しい家庭";
  created.region = "01101";
  created.types = matching::FosterTypes{matching::FosterType::kFoster};
  created.registered_on = matching::Date::FromYmd(2024, 4, 1);
  const int64_t id = uc_->households.Create(created, admin).parent.id;
  ExpectSameGet(id, admin);

  matching::Training training;
  training.foster_parent_id = id;
  training.course = matching::Course::kBasic;
  training.completed_on = matching::Date::FromYmd(2024, 3, 1);
  training.hours = 12.5;
  uc_->trainings.Add(training, admin);
  ExpectSameGet(id, admin);
  expect_same();
}

TEST_P(HouseholdReadsTest, DerivedFieldsAreKeptUntilTheHouseholdChangesOrTheDayMoves) {
  const Actor admin = Actor::Cli();
  const int64_t kept = 3, changed = 5;
  const auto first = uc_->households.GetEntry(kept, admin);
  EXPECT_EQ(uc_->households.GetEntry(kept, admin).derived, first.derived) << "derived twice";
  EXPECT_EQ(&api::JsonText(uc_->households.GetEntry(kept, admin)), &api::JsonText(first))
      << "encoded twice";

  // A write to another household moves the data version; this one's fields are kept.
  const auto before = uc_->households.GetEntry(changed, admin);
  matching::Training training;
  training.foster_parent_id = changed;
  training.course = matching::Course::kRenewal;
  training.completed_on = testing::kFixedToday.AddDays(-3);
  training.hours = 6;
  uc_->trainings.Add(training, admin);
  EXPECT_EQ(uc_->households.GetEntry(kept, admin).derived, first.derived);
  const auto after = uc_->households.GetEntry(changed, admin);
  EXPECT_NE(after.derived, before.derived) << "a household's write derives its fields again";
  EXPECT_EQ(Text(after), Text(oracle_->Get(changed, admin)));
  EXPECT_NE(Text(after), Text(before)) << "the renewal course changes its readiness";

  // A new day derives every household again (months unplaced, training validity).
  MoveTo(400);
  for (int64_t id : {kept, changed}) {
    const auto moved = uc_->households.GetEntry(id, admin);
    EXPECT_EQ(moved.derived->today(), Today());
    EXPECT_EQ(Text(moved), Text(oracle_->Get(id, admin))) << "id " << id;
  }
  EXPECT_NE(Text(uc_->households.GetEntry(kept, admin)), Text(first));
  HouseholdQuery all;
  all.limit = usecases::kMaxPageSize;
  ExpectSamePage(all, admin);
  all.long_unplaced_only = true;
  ExpectSamePage(all, admin);
}

INSTANTIATE_TEST_SUITE_P(Engines, HouseholdReadsTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace fostermatch
