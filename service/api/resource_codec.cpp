#include "service/api/resource_codec.h"

#include <set>

#include "service/api/json_codec.h"
#include "service/api/json_fields.h"
#include "service/errors.h"

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
void AddRuleErrors(JsonFields& fields, const std::vector<FieldError>& rule_errors,
                   const std::string& skip_field = "") {
  std::set<std::string> reported;
  for (const auto& e : fields.errors()) reported.insert(e.field);
  for (const auto& e : rule_errors) {
    if (e.field != skip_field && !reported.count(e.field)) fields.Fail(e.field, e.message);
  }
}

}  // namespace

json::object ToJson(const FosterParentView& view) {
  const FosterParent& fp = view.parent;
  const HomeFacts& f = view.facts;
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
  return {{"id", t.id},
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
          {"requires_type", n.requires_type ? json::value(ToString(*n.requires_type)) : json::value(nullptr)},
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

json::object ToJson(const storage::AuditEntry& e) {
  return {{"id", e.id},         {"at", e.at},         {"actor", e.actor}, {"action", e.action},
          {"entity", e.entity}, {"entity_id", e.entity_id}, {"detail", e.detail}};
}

void ApplyFosterParent(const json::object& body, bool create, FosterParent& fp,
                       bool* expiry_given) {
  JsonFields f(body);
  for (const char* derived : {"id", "current_children", "last_placement_ended_on",
                              "months_unplaced", "long_unplaced", "readiness"}) {
    if (f.Has(derived)) f.Fail(derived, "is derived and cannot be set");
  }
  if (auto v = f.Int("agency_id", false, 1, INT64_MAX)) fp.agency_id = *v;
  if (auto v = f.String("household_name", create, 200, 1)) fp.household_name = *v;
  if (auto v = f.String("region", create, 16, 1)) fp.region = *v;
  if (auto v = f.EnumList<FosterType>("types", create)) fp.types = *v;
  if (auto v = f.Enum<ParentStatus>("status", false)) fp.status = *v;
  if (auto v = f.Date("registered_on", create)) fp.registered_on = *v;
  *expiry_given = f.Has("registration_expires_on");
  if (auto v = f.Date("registration_expires_on", false)) fp.registration_expires_on = *v;
  if (auto v = f.Int("capacity", create, 0, kMaxFosterChildren)) fp.capacity = static_cast<int>(*v);
  if (auto v = f.Int("own_children", false, 0, kMaxChildrenInHome)) fp.own_children = static_cast<int>(*v);
  if (auto v = f.Bool("respite_only", false)) fp.respite_only = *v;
  if (auto v = f.String("notes", false, 4000)) fp.notes = *v;
  if (const json::object* accepts = f.Object("accepts", create)) {
    JsonFields a(*accepts, "accepts.");
    if (auto v = a.Int("age_min", create, 0, kMaxChildAge)) fp.accepts.age_min = static_cast<int>(*v);
    if (auto v = a.Int("age_max", create, 0, kMaxChildAge)) fp.accepts.age_max = static_cast<int>(*v);
    if (auto v = a.EnumList<Sex>("sexes", false)) fp.accepts.sexes = *v;
    if (auto v = a.Int("max_siblings", false, 1, kMaxFosterChildren)) {
      fp.accepts.max_siblings = static_cast<int>(*v);
    }
    if (auto v = a.EnumList<NeedCategory>("needs", false)) fp.accepts.needs = *v;
    a.RejectUnknown({"age_min", "age_max", "sexes", "max_siblings", "needs"});
    f.Merge(a);
  }
  f.RejectUnknown({"id", "agency_id", "household_name", "region", "types", "status",
                   "registered_on", "registration_expires_on", "capacity", "own_children",
                   "accepts", "respite_only", "notes", "current_children",
                   "last_placement_ended_on", "months_unplaced", "long_unplaced", "readiness"});
  if (!f.errors().empty()) {
    // The expiry default is filled in later; do not judge it before then.
    AddRuleErrors(f, ValidateFosterParent(fp), *expiry_given ? "" : "registration_expires_on");
  }
  ThrowIfInvalid(f);
}

void ApplyNeed(const json::object& body, bool create, Need& n) {
  JsonFields f(body);
  if (f.Has("id")) f.Fail("id", "is assigned by the server");
  if (auto v = f.String("case_ref", create, 64, 1)) n.case_ref = *v;
  if (auto v = f.String("region", create, 16, 1)) n.region = *v;
  if (const json::object* child = f.Object("child", create)) {
    JsonFields c(*child, "child.");
    if (auto v = c.Int("age_years", create, 0, kMaxChildAge)) n.child.age_years = static_cast<int>(*v);
    if (auto v = c.Enum<Sex>("sex", create)) n.child.sex = *v;
    c.RejectUnknown({"age_years", "sex"});
    f.Merge(c);
  }
  if (auto v = f.Int("siblings", false, 1, kMaxFosterChildren)) n.siblings = static_cast<int>(*v);
  if (auto v = f.EnumList<NeedCategory>("needs", false)) n.needs = *v;
  if (auto v = f.Enum<NeedKind>("kind", create)) n.kind = *v;
  f.NullableEnum<FosterType>("requires_type", &n.requires_type);
  if (auto v = f.Date("earliest_start", create)) n.earliest_start = *v;
  if (auto v = f.Int("urgency", false, 1, 3)) n.urgency = static_cast<int>(*v);
  if (auto v = f.Enum<NeedStatus>("status", false)) n.status = *v;
  if (auto v = f.IdList("shared_with", false)) n.shared_with = *v;
  f.RejectUnknown({"id", "case_ref", "region", "child", "siblings", "needs", "kind",
                   "requires_type", "earliest_start", "urgency", "status", "shared_with"});
  if (!f.errors().empty()) AddRuleErrors(f, ValidateNeed(n));
  ThrowIfInvalid(f);
}

Training DecodeTraining(const json::object& body, int64_t foster_parent_id) {
  JsonFields f(body);
  Training t;
  t.foster_parent_id = foster_parent_id;
  if (auto v = f.String("external_id", false, 100)) t.external_id = *v;
  if (auto v = f.Enum<Course>("course", true)) t.course = *v;
  if (auto v = f.Date("completed_on", true)) t.completed_on = *v;
  if (auto v = f.Number("hours", true, 0, 1000)) t.hours = *v;
  if (auto v = f.String("provider", false, 200)) t.provider = *v;
  if (auto v = f.Enum<TrainingOutcome>("outcome", false)) t.outcome = *v;
  f.RejectUnknown({"external_id", "course", "completed_on", "hours", "provider", "outcome"});
  ThrowIfInvalid(f);
  return t;
}

Region DecodeRegion(const json::object& body) {
  JsonFields f(body);
  Region r;
  if (auto v = f.String("code", true, 16, 1)) r.code = *v;
  if (auto v = f.String("name_ja", true, 100, 1)) r.name_ja = *v;
  if (auto v = f.String("name_en", true, 100, 1)) r.name_en = *v;
  if (auto v = f.Number("lat", true, -90, 90)) r.lat = *v;
  if (auto v = f.Number("lon", true, -180, 180)) r.lon = *v;
  f.RejectUnknown({"code", "name_ja", "name_en", "lat", "lon"});
  ThrowIfInvalid(f);
  return r;
}

void ApplyAgency(const json::object& body, bool create, Agency& a) {
  JsonFields f(body);
  if (f.Has("id")) f.Fail("id", "is assigned by the server");
  if (auto v = f.String("name", create, 200, 1)) a.name = *v;
  if (f.Has("regions")) {
    const json::value& regions = body.at("regions");
    if (!regions.is_array()) {
      f.Fail("regions", "must be an array of region codes");
    } else {
      a.regions.clear();
      for (const auto& code : regions.as_array()) {
        if (!code.is_string()) {
          f.Fail("regions", "must be an array of region codes");
          break;
        }
        a.regions.emplace_back(code.as_string());
      }
    }
  }
  f.RejectUnknown({"id", "name", "regions"});
  ThrowIfInvalid(f);
}

}  // namespace fostermatch::api
