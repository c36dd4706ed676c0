#include "service/usecases/household_table.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

namespace fostermatch::usecases {
namespace {

HouseholdRow RowFor(int64_t id, int version) {
  auto home = std::make_shared<matching::HomeInput>();
  home->parent.id = id;
  home->parent.capacity = version;
  return {std::move(home), nullptr, {}};
}

// The table's rows in order, as id → version, checked against Find.
std::map<int64_t, int> Contents(const HouseholdTable& table) {
  std::map<int64_t, int> out;
  int64_t last = INT64_MIN;
  table.ForEach([&](const HouseholdRow& row) {
    EXPECT_GT(row.id(), last) << "rows out of id order";
    last = row.id();
    out[row.id()] = row.home->parent.capacity;
    EXPECT_EQ(table.Find(row.id()), &row);
  });
  EXPECT_EQ(out.size(), table.size());
  return out;
}

TEST(HouseholdTableTest, RandomChangesGiveTheSameRowsAsAMapAndLeaveTheOldTableAsItWas) {
  std::mt19937_64 rng(7);
  std::map<int64_t, int> expected;
  HouseholdTable table;
  for (int round = 0; round < 400; ++round) {
    // Mostly small patches; now and then a large one (an import), ids dense and sparse.
    const int changes = round % 50 == 0 ? 1500 : 1 + static_cast<int>(rng() % 8);
    std::map<int64_t, std::optional<HouseholdRow>> batch;
    for (int i = 0; i < changes; ++i) {
      const auto id = static_cast<int64_t>(rng() % (round < 200 ? 3000 : 600));
      if (rng() % 4 == 0) {
        batch[id] = std::nullopt;
      } else {
        batch[id] = RowFor(id, round);
      }
    }
    std::vector<HouseholdTable::Change> list(batch.begin(), batch.end());
    const auto before = Contents(table);
    const HouseholdTable next = table.With(list);
    EXPECT_EQ(Contents(table), before) << "the old table changed";
    for (const auto& [id, row] : batch) {
      if (row) {
        expected[id] = round;
      } else {
        expected.erase(id);
      }
    }
    ASSERT_EQ(Contents(next), expected) << "round " << round;
    for (int64_t probe : {-1L, 3001L, 1L << 40}) EXPECT_EQ(next.Find(probe), nullptr);
    table = next;
  }
}

TEST(HouseholdTableTest, APatchSharesTheRowsOfHouseholdsItDoesNotChange) {
  std::vector<HouseholdRow> rows;
  for (int64_t id = 1; id <= 5000; ++id) rows.push_back(RowFor(id, 0));
  const HouseholdTable table(std::move(rows));
  const std::vector<HouseholdTable::Change> change{{2500, RowFor(2500, 1)}};
  const HouseholdTable next = table.With(change);
  EXPECT_EQ(next.Find(2500)->home->parent.capacity, 1);
  EXPECT_EQ(table.Find(2500)->home->parent.capacity, 0);
  // The same row object, not a copy: its chunk is shared.
  EXPECT_EQ(next.Find(1), table.Find(1));
  EXPECT_EQ(next.Find(5000), table.Find(5000));
}

TEST(HouseholdTableTest, ListingAfterAnIdStartsAboveItAndStopsWhenAsked) {
  std::vector<HouseholdRow> rows;
  for (int64_t id = 10; id <= 10000; id += 10) rows.push_back(RowFor(id, 0));
  const HouseholdTable table(std::move(rows));
  for (int64_t after : {0L, 9L, 10L, 2565L, 2570L, 9990L, 10000L}) {
    std::vector<int64_t> seen;
    table.ForEachAfter(after, [&](const HouseholdRow& row) {
      seen.push_back(row.id());
      return seen.size() < 3;
    });
    std::vector<int64_t> expected;
    for (int64_t id = (after / 10 + 1) * 10; id <= 10000 && expected.size() < 3; id += 10) {
      expected.push_back(id);
    }
    EXPECT_EQ(seen, expected) << "after " << after;
  }
}

}  // namespace
}  // namespace fostermatch::usecases
