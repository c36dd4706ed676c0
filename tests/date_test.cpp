#include "matching/date.h"

#include <gtest/gtest.h>

namespace fostermatch::matching {
namespace {

TEST(Date, ParsesAndFormatsIsoDates) {
  auto d = Date::Parse("2024-02-29");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->year(), 2024);
  EXPECT_EQ(d->month(), 2);
  EXPECT_EQ(d->day(), 29);
  EXPECT_EQ(d->ToString(), "2024-02-29");
  EXPECT_EQ(Date::Parse("1970-01-01")->days(), 0);
}

TEST(Date, RejectsMalformedAndImpossibleDates) {
  for (const char* bad : {"2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "24-01-01",
                          "2024/01/01", "", "2024-01-32", "abcd-ef-gh", "2024-01-01T00"}) {
    EXPECT_FALSE(Date::Parse(bad)) << bad;
  }
}

TEST(Date, AddMonthsClampsToTheEndOfShorterMonths) {
  EXPECT_EQ(Date::FromYmd(2024, 1, 31).AddMonths(1).ToString(), "2024-02-29");
  EXPECT_EQ(Date::FromYmd(2023, 1, 31).AddMonths(1).ToString(), "2023-02-28");
  EXPECT_EQ(Date::FromYmd(2024, 3, 15).AddMonths(-3).ToString(), "2023-12-15");
  EXPECT_EQ(Date::FromYmd(2024, 2, 29).AddYears(5).ToString(), "2029-02-28");
}

TEST(Date, WholeMonthsCountOnlyCompletedMonths) {
  EXPECT_EQ(WholeMonthsBetween(Date::FromYmd(2024, 1, 15), Date::FromYmd(2024, 2, 14)), 0);
  EXPECT_EQ(WholeMonthsBetween(Date::FromYmd(2024, 1, 15), Date::FromYmd(2024, 2, 15)), 1);
  EXPECT_EQ(WholeMonthsBetween(Date::FromYmd(2024, 1, 31), Date::FromYmd(2024, 2, 29)), 1);
  EXPECT_EQ(WholeMonthsBetween(Date::FromYmd(2020, 5, 1), Date::FromYmd(2026, 11, 25)), 78);
  EXPECT_EQ(WholeMonthsBetween(Date::FromYmd(2026, 1, 1), Date::FromYmd(2025, 1, 1)), 0);
}

TEST(Date, ParsesMonths) {
  EXPECT_EQ(ParseMonth("2026-11")->ToString(), "2026-11-01");
  EXPECT_FALSE(ParseMonth("2026-13"));
  EXPECT_FALSE(ParseMonth("2026-1"));
}

}  // namespace
}  // namespace fostermatch::matching
