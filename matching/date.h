#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fostermatch::matching {

// A calendar date (proleptic Gregorian), stored as days since 1970-01-01 so that it is
// cheap to compare and subtract in the engine's hot loops.
class Date final {
 public:
  constexpr Date() = default;
  static constexpr Date FromDays(int32_t days) { return Date(days); }
  // Returns a date for a valid year/month/day; asserts on an invalid one (use Parse for input).
  static Date FromYmd(int year, int month, int day);
  // Parses exactly "YYYY-MM-DD" within [Min(), Max()]; returns nullopt for anything else,
  // including 2023-02-30 and 9995-01-01. Every date that enters the system (JSON, CSV, CLI,
  // stored rows) goes through here, so one range holds everywhere.
  static std::optional<Date> Parse(std::string_view text);
  // The range of dates the system accepts: 1900-01-01 to 2200-12-31. A far date is a typo, and
  // date arithmetic on one (an expiry 5 years on) would leave the four-digit year every reader
  // of "YYYY-MM-DD" expects.
  static constexpr int kMinYear = 1900;
  static constexpr int kMaxYear = 2200;
  static Date Min();
  static Date Max();
  bool InRange() const { return *this >= Min() && *this <= Max(); }

  constexpr int32_t days() const { return days_; }
  int year() const;
  int month() const;
  int day() const;
  // "YYYY-MM-DD".
  std::string ToString() const;

  Date AddDays(int32_t n) const { return Date(days_ + n); }
  // Adds calendar months, clamping the day to the end of the target month (Jan 31 + 1 = Feb 28/29).
  Date AddMonths(int months) const;
  Date AddYears(int years) const { return AddMonths(12 * years); }

  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  constexpr explicit Date(int32_t days) : days_(days) {}
  int32_t days_ = 0;
};

// Whole calendar months from `from` to `to` (0 if `to` is not after `from`); a month counts once
// its day of month is reached, so 2024-01-31 → 2024-02-29 is 0 months and → 2024-03-01 is 1.
int WholeMonthsBetween(Date from, Date to);

// The first day of a valid "YYYY-MM" month within the years of Date::Min() and Date::Max().
std::optional<Date> ParseMonth(std::string_view text);

}  // namespace fostermatch::matching
