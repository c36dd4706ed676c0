#include "matching/validation.h"

namespace fostermatch::matching {

std::string DateRangeMessage() {
  return "must be a date YYYY-MM-DD from " + Date::Min().ToString() + " to " +
         Date::Max().ToString();
}

std::vector<FieldError> ValidateFosterParent(const FosterParent& fp) {
  std::vector<FieldError> e;
  if (fp.household_name.empty() || fp.household_name.size() > 200) {
    e.push_back({"household_name", "must be 1 to 200 bytes"});
  }
  if (!fp.registered_on.InRange()) e.push_back({"registered_on", DateRangeMessage()});
  if (fp.types.Empty()) e.push_back({"types", "must name at least one type"});
  if (fp.own_children < 0 || fp.own_children > kMaxChildrenInHome) {
    e.push_back({"own_children", "must be from 0 to 6"});
  }
  const int max_capacity = MaxCapacity(fp.types, fp.own_children);
  if (fp.capacity < 0 || fp.capacity > max_capacity) {
    e.push_back(
        {"capacity", "must be from 0 to " + std::to_string(max_capacity) +
                         " (4 foster children, 2 for a specialized-only household, and at most 6 "
                         "children in the home with the household's own)"});
  }
  if (fp.accepts.age_min < 0 || fp.accepts.age_min > kMaxChildAge) {
    e.push_back({"accepts.age_min", "must be from 0 to 17"});
  }
  if (fp.accepts.age_max < 0 || fp.accepts.age_max > kMaxChildAge) {
    e.push_back({"accepts.age_max", "must be from 0 to 17"});
  } else if (fp.accepts.age_max < fp.accepts.age_min) {
    e.push_back({"accepts.age_max", "must not be below accepts.age_min"});
  }
  if (fp.accepts.sexes.Empty()) e.push_back({"accepts.sexes", "must name at least one sex"});
  if (fp.accepts.max_siblings < 1 || fp.accepts.max_siblings > kMaxFosterChildren) {
    e.push_back({"accepts.max_siblings", "must be from 1 to 4"});
  }
  if (fp.registration_expires_on <= fp.registered_on) {
    e.push_back({"registration_expires_on", "must be after registered_on"});
  } else if (!fp.registration_expires_on.InRange()) {
    // Reached when the default (registered_on + 5 years, 2 for specialized) runs past the range.
    e.push_back(
        {"registration_expires_on", "must be on or before " + Date::Max().ToString() +
                                        " (the default is registered_on plus the renewal cycle)"});
  }
  if (fp.notes.size() > 4000) e.push_back({"notes", "must be at most 4000 bytes"});
  return e;
}

std::vector<FieldError> ValidateNeed(const Need& n) {
  std::vector<FieldError> e;
  if (!n.earliest_start.InRange()) e.push_back({"earliest_start", DateRangeMessage()});
  bool ref_ok = !n.case_ref.empty() && n.case_ref.size() <= 64;
  for (char c : n.case_ref) {
    const bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                         (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '/' || c == '.';
    ref_ok = ref_ok && allowed;
  }
  if (!ref_ok) {
    e.push_back({"case_ref",
                 "must be a pseudonymous reference of 1 to 64 ASCII letters, digits, - _ / or . "
                 "(never a name)"});
  }
  if (n.child.age_years < 0 || n.child.age_years > kMaxChildAge) {
    e.push_back({"child.age_years", "must be from 0 to 17"});
  }
  if (n.siblings < 1 || n.siblings > kMaxFosterChildren)
    e.push_back({"siblings", "must be from 1 to 4"});
  if (n.urgency < 1 || n.urgency > 3) e.push_back({"urgency", "must be 1, 2 or 3"});
  return e;
}

std::vector<FieldError> ValidateTraining(const Training& t) {
  std::vector<FieldError> e;
  if (t.external_id.size() > 100) e.push_back({"external_id", "must be at most 100 bytes"});
  if (!(t.hours >= 0 && t.hours <= 1000)) e.push_back({"hours", "must be a number from 0 to 1000"});
  if (t.provider.size() > 200) e.push_back({"provider", "must be at most 200 bytes"});
  if (!t.completed_on.InRange()) e.push_back({"completed_on", DateRangeMessage()});
  return e;
}

}  // namespace fostermatch::matching
