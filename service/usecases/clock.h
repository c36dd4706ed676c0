#pragma once

// "Today" comes from one place: the front door passes a Clock in (the system's in production, a
// fixed date in tests); nothing else reads the wall clock for a date.

#include <functional>

#include "matching/date.h"

namespace fostermatch::usecases {

using Clock = std::function<matching::Date()>;

// Today's date in UTC from the system clock.
matching::Date SystemToday();

}  // namespace fostermatch::usecases
