#include "service/api/resource_codec.h"

#include <set>

#include "matching/validation.h"
#include "service/api/json_codec.h"
#include "service/api/json_fields.h"
#include "service/errors.h"
#include "service/model/json_text.h"

namespace fostermatch::api {

namespace json = boost::json;
using namespace matching;

namespace {

json::array Names(const std::vector<std::string_view>& names) {
  json::array out;
  for (auto n : names) out.push_back(json::string(n));
  return out;
}

json::value OptionalDate(const std::optional<Date>& d) {
  return d ? json::value(d->ToString()) : json::value(nullptr);
}

void ThrowIfInvalid(JsonFields& fields) {
  if (!fields.errors().empty()) throw ValidationError(std::move(fields.errors()));
}

// Adds the domain rules' errors for fields that decoded cleanly, so a client hears about every
// bad field at once (the operation validates again before it writes).
void AddRuleErrors(JsonFields& fields, const std::vector<FieldError>& rule_errors) {
  std::set<std::string> reported;
  for (const auto& e : fields.errors()) reported.insert(e.field);
  for (const auto& e : rule_errors) {
    if (!reported.count(e.field)) fields.Fail(e.field, e.message);
  }
}

// The wire format's own bound on a string; each field's limits are the domain's, checked by the
// use cases (and added here for a create that has other errors, so all are reported at once).
constexpr size_t kMaxJsonString = 100000;

}  // namespace

json::object ToJson(const usecases::FosterParentView& view) {
  return ToJson(view.parent, view.facts);
}

const std::string& JsonText(const usecases::HouseholdEntry& entry) {
  return entry.derived->Encoded(
      [&] { return model::ToJsonText(ToJson(entry.parent(), entry.facts())); });
}

json::object ToJson(const FosterParent& fp, const HomeFacts& f) {
  return {{"id", fp.id},
          {"agency_id", fp.agency_id},
          {"household_name", fp.household_name},
          {"region", fp.region},
          {"types", Names(fp.types.Names())},
          {"status", ToString(fp.status)},
          {"registered_on", fp.registered_on.ToString()},
          {"registration_expires_on", fp.registration_expires_on.ToString()},
          {"capacity", fp.capacity},
          {"own_children", fp.own_children},
          {"accepts",
           {{"age_min", fp.accepts.age_min},
            {"age_max", fp.accepts.age_max},
            {"sexes", Names(fp.accepts.sexes.Names())},
            {"max_siblings", fp.accepts.max_siblings},
            {"needs", Names(fp.accepts.needs.Names())}}},
          {"respite_only", fp.respite_only},
          {"notes", fp.notes},
          {"current_children", f.current_children},
          {"last_placement_ended_on", OptionalDate(f.last_placement_ended_on)},
          {"months_unplaced", f.months_unplaced},
          {"long_unplaced", f.long_unplaced},
          {"readiness", ToJson(f.readiness)}};
}

json::object ToJson(const Training& t) {
  return {
      {"id", t.id},
      {"foster_parent_id", t.foster_parent_id},
      {"external_id", t.external_id.empty() ? json::value(nullptr) : json::value(t.external_id)},
      {"course", ToString(t.course)},
      {"completed_on", t.completed_on.ToString()},
      {"hours", t.hours},
      {"provider", t.provider},
      {"outcome", ToString(t.outcome)}};
}

json::object ToJson(const Need& n) {
  json::array shared;
  for (int64_t a : n.shared_with) shared.push_back(a);
  return {{"id", n.id},
          {"case_ref", n.case_ref},
          {"region", n.region},
          {"child", {{"age_years", n.child.age_years}, {"sex", ToString(n.child.sex)}}},
          {"siblings", n.siblings},
          {"needs", Names(n.needs.Names())},
          {"kind", ToString(n.kind)},
          {"requires_type",
           n.requires_type ? json::value(ToString(*n.requires_type)) : json::value(nullptr)},
          {"earliest_start", n.earliest_start.ToString()},
          {"urgency", n.urgency},
          {"status", ToString(n.status)},
          {"shared_with", std::move(shared)}};
}

json::object ToJson(const Placement& p) {
  return {{"id", p.id},
          {"need_id", p.need_id},
          {"foster_parent_id", p.foster_parent_id},
          {"children", p.children},
          {"started_on", p.started_on.ToString()},
          {"ended_on", OptionalDate(p.ended_on)},
          {"outcome", p.outcome}};
}

json::object ToJson(const model::AuditEntry& e) {
  return {{"id", e.id},         {"at", e.at},         {"actor", e.actor},
          {"action", e.action}, {"entity", e.entity}, {"entity_id", e.entity_id},
          {"detail", e.detail}};
}

usecases::FosterParentChanges DecodeFosterParentChanges(const json::object& body, bool create) {
  JsonFields f(body);
  for (const char* derived : {"id", "current_children", "last_placement_ended_on",
                              "months_unplaced", "long_unplaced", "readiness"}) {
    if (f.Has(derived)) f.Fail(derived, "is derived and cannot be set");
  }
  usecases::FosterParentChanges c;
  c.agency_id = f.Int("agency_id", false, 1, INT64_MAX);
  c.household_name = f.String("household_name", create, kMaxJsonString);
  c.region = f.String("region", create, kMaxJsonString);
  c.types = f.EnumList<FosterType>("types", create);
  c.status = f.Enum<ParentStatus>("status", false);
  c.registered_on = f.Date("registered_on", create);
  c.registration_expires_on = f.Date("registration_expires_on", false);
  c.capacity = f.Int("capacity", create, 0, kMaxFosterChildren);
  c.own_children = f.Int("own_children", false, 0, kMaxChildrenInHome);
  c.respite_only = f.Bool("respite_only", false);
  c.notes = f.String("notes", false, kMaxJsonString);
  if (const json::object* accepts = f.Object("accepts", create)) {
    JsonFields a(*accepts, "accepts.");
    c.accepts.age_min = a.Int("age_min", create, 0, kMaxChildAge);
    c.accepts.age_max = a.Int("age_max", create, 0, kMaxChildAge);
    c.accepts.sexes = a.EnumList<Sex>("sexes", false);
    c.accepts.max_siblings = a.Int("max_siblings", false, 1, kMaxFosterChildren);
    c.accepts.needs = a.EnumList<NeedCategory>("needs", false);
    a.RejectUnknown({"age_min", "age_max", "sexes", "max_siblings", "needs"});
    f.Merge(a);
  }
  f.RejectUnknown({"id", "agency_id", "household_name", "region", "types", "status",
                   "registered_on", "registration_expires_on", "capacity", "own_children",
                   "accepts", "respite_only", "notes", "current_children",
                   "last_placement_ended_on", "months_unplaced", "long_unplaced", "readiness"});
  if (create && !f.errors().empty()) {
    // The fields that decoded are judged by the domain's rules too, so that a client hears
    // about every bad field at once (the use case validates again before it writes).
    FosterParent fp;
    usecases::ApplyChanges(c, /*create=*/true, fp);
    AddRuleErrors(f, ValidateFosterParent(fp));
  }
  ThrowIfInvalid(f);
  return c;
}

usecases::NeedChanges DecodeNeedChanges(const json::object& body, bool create) {
  JsonFields f(body);
  if (f.Has("id")) f.Fail("id", "is assigned by the server");
  usecases::NeedChanges c;
  c.case_ref = f.String("case_ref", create, kMaxJsonString);
  c.region = f.String("region", create, kMaxJsonString);
  if (const json::object* child = f.Object("child", create)) {
    JsonFields ch(*child, "child.");
    c.child_age_years = ch.Int("age_years", create, 0, kMaxChildAge);
    c.child_sex = ch.Enum<Sex>("sex", create);
    ch.RejectUnknown({"age_years", "sex"});
    f.Merge(ch);
  }
  c.siblings = f.Int("siblings", false, 1, kMaxFosterChildren);
  c.needs = f.EnumList<NeedCategory>("needs", false);
  c.kind = f.Enum<NeedKind>("kind", create);
  std::optional<FosterType> requires_type;
  if (f.NullableEnum<FosterType>("requires_type", &requires_type)) c.requires_type = requires_type;
  c.earliest_start = f.Date("earliest_start", create);
  c.urgency = f.Int("urgency", false, 1, 3);
  c.status = f.Enum<NeedStatus>("status", false);
  c.shared_with = f.IdList("shared_with", false);
  f.RejectUnknown({"id", "case_ref", "region", "child", "siblings", "needs", "kind",
                   "requires_type", "earliest_start", "urgency", "status", "shared_with"});
  if (create && !f.errors().empty()) {
    Need need;
    usecases::ApplyChanges(c, need);
    AddRuleErrors(f, ValidateNeed(need));
  }
  ThrowIfInvalid(f);
  return c;
}

Training DecodeTraining(const json::object& body, int64_t foster_parent_id) {
  JsonFields f(body);
  Training t;
  t.foster_parent_id = foster_parent_id;
  // Lengths and ranges are the domain's (ValidateTraining), checked by the use case.
  if (auto v = f.String("external_id", false, kMaxJsonString)) t.external_id = *v;
  if (auto v = f.Enum<Course>("course", true)) t.course = *v;
  if (auto v = f.Date("completed_on", true)) t.completed_on = *v;
  if (auto v = f.Number("hours", true, -1e9, 1e9)) t.hours = *v;
  if (auto v = f.String("provider", false, kMaxJsonString)) t.provider = *v;
  if (auto v = f.Enum<TrainingOutcome>("outcome", false)) t.outcome = *v;
  f.RejectUnknown({"external_id", "course", "completed_on", "hours", "provider", "outcome"});
  if (!f.errors().empty()) AddRuleErrors(f, ValidateTraining(t));
  ThrowIfInvalid(f);
  return t;
}

Region DecodeRegion(const json::object& body) {
  JsonFields f(body);
  Region r;
  if (auto v = f.String("code", true, kMaxJsonString)) r.code = *v;
  if (auto v = f.String("name_ja", true, kMaxJsonString)) r.name_ja = *v;
  if (auto v = f.String("name_en", true, kMaxJsonString)) r.name_en = *v;
  if (auto v = f.Number("lat", true, -90, 90)) r.lat = *v;
  if (auto v = f.Number("lon", true, -180, 180)) r.lon = *v;
  f.RejectUnknown({"code", "name_ja", "name_en", "lat", "lon"});
  ThrowIfInvalid(f);
  return r;
}

usecases::AgencyChanges DecodeAgencyChanges(const json::object& body, bool create) {
  JsonFields f(body);
  if (f.Has("id")) f.Fail("id", "is assigned by the server");
  usecases::AgencyChanges c;
  c.name = f.String("name", create, kMaxJsonString);
  if (f.Has("regions")) {
    const json::value& regions = body.at("regions");
    std::vector<std::string> codes;
    bool ok = regions.is_array();
    if (ok) {
      for (const auto& code : regions.as_array()) {
        ok = ok && code.is_string();
        if (ok) codes.emplace_back(code.as_string());
      }
    }
    if (ok) {
      c.regions = std::move(codes);
    } else {
      f.Fail("regions", "must be an array of region codes");
    }
  }
  f.RejectUnknown({"id", "name", "regions"});
  ThrowIfInvalid(f);
  return c;
}

}  // namespace fostermatch::api
