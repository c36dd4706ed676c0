// The long-unplaced lists the service keeps (sorted from the households' derived fields, entries
// computed page by page) read, page for page, as the engine's list computed from scratch over
// the database: after random writes of every kind and a new day, on both engines. So do the
// candidates rankings it keeps and brings up to date per write.

#include "service/usecases/long_unplaced.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <boost/json.hpp>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "service/api/json_codec.h"
#include "service/api/request.h"
#include "service/model/json_text.h"
#include "service/storage/need_repository.h"
#include "service/storage/reference_repository.h"
#include "service/usecases/demo_data.h"
#include "service/usecases/scope.h"
#include "service/usecases/use_cases.h"
#include "tests/support/app_fixture.h"
#include "tests/support/test_db.h"

namespace fostermatch {
namespace {

using matching::Role;
using storage::Engine;
using usecases::Actor;

std::string Text(const std::vector<model::LongUnplacedItem>& items, size_t total,
                 size_t considered) {
  return model::ToJsonText(boost::json::value_from(items)) + " total " + std::to_string(total) +
         " needs " + std::to_string(considered);
}

class LongUnplacedTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<testing::TestDatabase>(GetParam());
    usecases::DemoDataOptions demo;
    demo.today = testing::kFixedToday;
    demo.households = 300;
    demo.open_needs = 80;
    usecases::WriteDemoData(db_->db(), demo);
    config_.today = [this] { return Today(); };
    uc_ = std::make_unique<usecases::UseCases>(db_->db(), config_);
    auto lease = db_->db().Acquire();
    lease.session() << "SELECT MAX(id) FROM foster_parents", soci::into(max_home_);
  }

  matching::Date Today() const { return testing::kFixedToday.AddDays(days_later_.load()); }

  // The engine's list from scratch: every household read from the database, an index built from
  // them, the open needs the view may see.
  // Every household read from the database and an index built from them.
  struct Scratch {
    std::vector<matching::HomeInput> homes;
    std::unique_ptr<matching::HomeIndex> index;
  };
  Scratch IndexFromScratch() {
    Scratch out{usecases::LoadHomes(db_->db()), nullptr};
    auto lease = db_->db().Acquire();
    storage::ReferenceRepository reference(lease.session());
    auto regions = std::make_shared<matching::RegionDistances>(reference.ListRegions(),
                                                               reference.ListTravelMinutes());
    out.index = std::make_unique<matching::HomeIndex>(out.homes, regions, Today(), config_.policy);
    return out;
  }

  std::string FromScratch(std::optional<int64_t> agency) {
    auto [homes, index] = IndexFromScratch();
    auto lease = db_->db().Acquire();
    const auto agencies = storage::ReferenceRepository(lease.session()).ListAgencies();
    storage::NeedFilter filter;
    filter.status = matching::NeedStatus::kOpen;
    auto needs = storage::NeedRepository(lease.session()).List(filter);
    const Actor scope{"test:scope", agency ? Role::kAgency : Role::kStaff, agency};
    std::erase_if(
        needs, [&](const matching::Need& n) { return !usecases::MaySeeNeed(scope, n, agencies); });
    std::map<int64_t, const matching::HomeInput*> by_id;
    for (const auto& h : homes) by_id[h.parent.id] = &h;
    std::vector<model::LongUnplacedItem> items;
    const auto entries = index->LongUnplaced(homes, needs, agency);
    for (const auto& e : entries) {
      items.push_back(usecases::ToLongUnplacedItem(e, *by_id.at(e.foster_parent_id)));
    }
    return Text(items, entries.size(), needs.size());
  }

  // The service's list, page by page (`limit` at a time), as one text.
  std::string Served(std::optional<int64_t> agency, int limit) {
    const Actor staff{"test:staff", Role::kStaff, std::nullopt};
    std::vector<model::LongUnplacedItem> items;
    usecases::LongUnplacedPage page;
    usecases::LongUnplacedQuery q;
    q.agency_id = agency;
    q.limit = limit;
    while (true) {
      page = uc_->ranking.LongUnplaced(q, staff);
      // The API's page, from texts written once per list, reads as the page's JSON tree would.
      boost::json::object tree;
      tree["items"] = boost::json::value_from(page.items);
      tree["next_cursor"] = page.next_offset
                                ? boost::json::value(api::EncodeCursor(*page.next_offset))
                                : boost::json::value(nullptr);
      tree["total"] = page.total;
      tree["open_needs_considered"] = page.open_needs_considered;
      tree["threshold_months"] = page.threshold_months;
      for (int twice = 0; twice < 2; ++twice) {
        EXPECT_EQ(api::LongUnplacedPageText(uc_->ranking.LongUnplacedSliceOf(q, staff)),
                  model::ToJsonText(tree))
            << "offset " << q.offset;
      }
      items.insert(items.end(), page.items.begin(), page.items.end());
      if (!page.next_offset) break;
      q.offset = *page.next_offset;
    }
    return Text(items, page.total, page.open_needs_considered);
  }

  // A need's candidates ranked from scratch for the view, as the API writes them.
  std::string RankedFromScratch(const matching::Need& need, std::optional<int64_t> agency,
                                size_t limit) {
    const auto [homes, index] = IndexFromScratch();
    usecases::Candidates fresh;
    fresh.need = need;
    fresh.result = index->Rank(need, {limit, agency});
    for (const auto& c : fresh.result.candidates) {
      const auto home = std::find_if(homes.begin(), homes.end(), [&](const auto& h) {
        return h.parent.id == c.foster_parent_id;
      });
      fresh.homes.push_back(std::make_shared<const matching::HomeInput>(*home));
    }
    return api::CandidatesText(fresh);
  }

  // Every open need's kept ranking, for all homes and for agency 2's, equals a fresh one.
  void ExpectSameRankings(const std::string& after) {
    const Actor staff{"test:staff", Role::kStaff, std::nullopt};
    const Actor agency{"test:agency", Role::kAgency, 2};
    const auto open = uc_->needs.List({matching::NeedStatus::kOpen, {}, 0, 500}, staff);
    const auto agencies = uc_->reference.ListAgencies(staff);
    for (const matching::Need& need : open.items) {
      for (const Actor* actor : {&staff, &agency}) {
        if (!usecases::MaySeeNeed(*actor, need, agencies)) continue;
        for (size_t limit : {3, 10}) {
          EXPECT_EQ(api::CandidatesText(*uc_->ranking.CandidatesFor(need.id, limit, *actor)),
                    RankedFromScratch(need, actor->agency_id, limit))
              << "need " << need.id << " for " << actor->name << ", limit " << limit << ", after "
              << after;
        }
      }
    }
  }

  void ExpectSameLists(const std::string& after, std::mt19937& rng) {
    static const int kLimits[] = {1, 7, 50, 500};
    for (std::optional<int64_t> agency : {std::optional<int64_t>(), std::optional<int64_t>(1),
                                          std::optional<int64_t>(2), std::optional<int64_t>(3)}) {
      const std::string expected = FromScratch(agency);
      EXPECT_EQ(Served(agency, kLimits[rng() % 4]), expected)
          << "agency " << agency.value_or(0) << " after " << after;
    }
  }

  // One random write of a kind the lists depend on; says what it did.
  std::string RandomWrite(std::mt19937& rng) {
    const Actor admin = Actor::Cli();
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const int64_t home = 1 + pick(static_cast<int>(max_home_));
    switch (pick(5)) {
      case 0: {
        usecases::FosterParentChanges c;
        c.status = static_cast<matching::ParentStatus>(pick(2));
        uc_->households.Update(home, c, admin);
        return "status of " + std::to_string(home);
      }
      case 1: {
        usecases::FosterParentChanges c;
        c.accepts.age_min = 0;
        c.accepts.age_max = pick(18);
        c.respite_only = pick(4) == 0;
        uc_->households.Update(home, c, admin);
        return "preferences of " + std::to_string(home);
      }
      case 2: {
        matching::Training t;
        t.foster_parent_id = home;
        t.course = static_cast<matching::Course>(pick(5));
        t.completed_on = Today().AddDays(-pick(900));
        t.hours = 6;
        uc_->trainings.Add(t, admin);
        return "training of " + std::to_string(home);
      }
      case 3: {
        usecases::NeedChanges n;
        n.case_ref = "T-" + std::to_string(rng());
        n.region = "0110" + std::to_string(1 + pick(9));
        n.child_age_years = pick(18);
        n.child_sex = pick(2) == 0 ? matching::Sex::kFemale : matching::Sex::kMale;
        n.siblings = 1 + pick(2);
        n.kind = matching::NeedKind::kLongTerm;
        n.earliest_start = Today().AddDays(pick(60));
        n.urgency = 1 + pick(5);
        if (pick(2) == 0) n.shared_with = std::vector<int64_t>{1 + pick(3)};
        const auto need = uc_->needs.Create(n, admin);
        return "need " + std::to_string(need.id) + " created";
      }
      default: {
        const auto open = uc_->needs.List({matching::NeedStatus::kOpen, {}, 0, 500}, admin);
        if (open.items.empty()) return "nothing";
        const auto& need = open.items[rng() % open.items.size()];
        usecases::NeedChanges n;
        n.status = matching::NeedStatus::kWithdrawn;
        uc_->needs.Update(need.id, n, admin);
        return "need " + std::to_string(need.id) + " withdrawn";
      }
    }
  }

  // What RandomWrite did, or why it was refused (a random write may break a rule).
  std::string RandomWriteOrRefusal(std::mt19937& rng) {
    try {
      return RandomWrite(rng);
    } catch (const std::exception& e) {
      return std::string("a refused write (") + e.what() + ")";
    }
  }

  std::unique_ptr<testing::TestDatabase> db_;
  usecases::Config config_;
  std::unique_ptr<usecases::UseCases> uc_;
  std::atomic<int> days_later_{0};
  int64_t max_home_ = 0;
};

TEST_P(LongUnplacedTest, ListsAfterRandomWritesAndANewDayAreTheEnginesFromScratch) {
  std::mt19937 rng(20261126);
  ExpectSameLists("nothing", rng);
  for (int step = 0; step < 25; ++step) {
    ExpectSameLists(RandomWriteOrRefusal(rng), rng);
  }
  days_later_ = 200;
  ExpectSameLists("a new day", rng);
}

TEST_P(LongUnplacedTest, KeptRankingsAfterRandomWritesAndANewDayAreFreshRankings) {
  std::mt19937 rng(20261127);
  ExpectSameRankings("nothing");  // every ranking kept from here on
  for (int step = 0; step < 25; ++step) {
    ExpectSameRankings(RandomWriteOrRefusal(rng));
  }
  days_later_ = 200;
  ExpectSameRankings("a new day");
}

TEST_P(LongUnplacedTest, AListIsSharedWithinADataVersionAndMadeAgainAfterAWrite) {
  const Actor staff{"test:staff", Role::kStaff, std::nullopt};
  const auto first = uc_->ranking.LongUnplaced({}, staff);
  ASSERT_GT(first.total, 0u);
  const int64_t home = first.items.front().foster_parent_id;
  usecases::FosterParentChanges suspend;
  suspend.status = matching::ParentStatus::kSuspended;
  uc_->households.Update(home, suspend, Actor::Cli());
  const auto after = uc_->ranking.LongUnplaced({}, staff);
  EXPECT_EQ(after.total, first.total - 1);
  for (const auto& item : after.items) EXPECT_NE(item.foster_parent_id, home);
}

INSTANTIATE_TEST_SUITE_P(Engines, LongUnplacedTest,
                         ::testing::Values(Engine::kSqlite, Engine::kPostgresql),
                         [](const auto& info) { return testing::EngineName(info.param); });

}  // namespace
}  // namespace fostermatch
