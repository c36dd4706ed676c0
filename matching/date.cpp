#include "matching/date.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

namespace fostermatch::matching {
namespace {

// Howard Hinnant's civil-date algorithms (public domain): exact for the whole int32 range we use.
int32_t DaysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Ymd {
  int y;
  unsigned m;
  unsigned d;
};

Ymd CivilFromDays(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

std::optional<int> ParseDigits(std::string_view s) {
  int value = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

}  // namespace

Date Date::FromYmd(int year, int month, int day) {
  assert(month >= 1 && month <= 12 && day >= 1 &&
         static_cast<unsigned>(day) <= DaysInMonth(year, static_cast<unsigned>(month)));
  return Date(DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day)));
}

std::optional<Date> Date::Parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto y = ParseDigits(text.substr(0, 4));
  auto m = ParseDigits(text.substr(5, 2));
  auto d = ParseDigits(text.substr(8, 2));
  if (!y || !m || !d || *y < kMinYear || *y > kMaxYear || *m < 1 || *m > 12 || *d < 1) {
    return std::nullopt;
  }
  if (static_cast<unsigned>(*d) > DaysInMonth(*y, static_cast<unsigned>(*m))) return std::nullopt;
  return FromYmd(*y, *m, *d);
}

Date Date::Min() { return FromYmd(kMinYear, 1, 1); }
Date Date::Max() { return FromYmd(kMaxYear, 12, 31); }

int Date::year() const { return CivilFromDays(days_).y; }
int Date::month() const { return static_cast<int>(CivilFromDays(days_).m); }
int Date::day() const { return static_cast<int>(CivilFromDays(days_).d); }

std::string Date::ToString() const {
  const Ymd ymd = CivilFromDays(days_);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", ymd.y, ymd.m, ymd.d);
  return buf;
}

Date Date::AddMonths(int months) const {
  const Ymd ymd = CivilFromDays(days_);
  const int total = ymd.y * 12 + static_cast<int>(ymd.m) - 1 + months;
  const int y = total >= 0 ? total / 12 : (total - 11) / 12;
  const unsigned m = static_cast<unsigned>(total - y * 12) + 1;
  const unsigned d = std::min(ymd.d, DaysInMonth(y, m));
  return Date(DaysFromCivil(y, m, d));
}

int WholeMonthsBetween(Date from, Date to) {
  if (to <= from) return 0;
  const Ymd a = CivilFromDays(from.days());
  const Ymd b = CivilFromDays(to.days());
  int months = (b.y - a.y) * 12 + static_cast<int>(b.m) - static_cast<int>(a.m);
  // The month is complete once the same day is reached, or the end of a shorter month.
  const unsigned needed = std::min(a.d, DaysInMonth(b.y, b.m));
  if (b.d < needed) --months;
  return std::max(months, 0);
}

std::optional<Date> ParseMonth(std::string_view text) {
  if (text.size() != 7 || text[4] != '-') return std::nullopt;
  auto y = ParseDigits(text.substr(0, 4));
  auto m = ParseDigits(text.substr(5, 2));
  if (!y || !m || *y < Date::kMinYear || *y > Date::kMaxYear || *m < 1 || *m > 12) {
    return std::nullopt;
  }
  return Date::FromYmd(*y, *m, 1);
}

}  // namespace fostermatch::matching
