#pragma once

// Validation of the domain's records: pure rules, each failure naming its field.

#include <string>
#include <vector>

#include "matching/domain.h"

namespace fostermatch::matching {

struct FieldError {
  std::string field;  // the field's name in the API ("accepts.age_max")
  std::string message;
};

// "must be a date YYYY-MM-DD from 1900-01-01 to 2200-12-31": the message for any date outside
// Date::Min()..Date::Max() or not a date at all.
std::string DateRangeMessage();

// Ranges, capacity (4; 2 for specialized-only; 6 children in the home with the household's own),
// ages, dates, non-empty sets. Existence of the agency and region is checked by the caller.
std::vector<FieldError> ValidateFosterParent(const FosterParent& fp);
// Pseudonymous case_ref (ASCII letters, digits and - _ / . only: no names), ages, siblings,
// urgency.
std::vector<FieldError> ValidateNeed(const Need& need);
std::vector<FieldError> ValidateTraining(const Training& t);

}  // namespace fostermatch::matching
