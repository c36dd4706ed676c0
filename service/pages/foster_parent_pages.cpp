// Foster parents: the filtered list with paging and a CSV export, a household's record, and the
// create and edit forms with field-level messages.

#include "service/errors.h"
#include "service/pages/site.h"

namespace fostermatch::pages {

namespace {

using matching::FosterType;
using matching::NeedCategory;
using matching::ParentStatus;
using matching::Sex;

constexpr int kPageSize = 50;
constexpr char kUtf8Bom[] = "\xEF\xBB\xBF";

// The list's filters from the query; a bad value is a ValidationError (an error page).
usecases::HouseholdQuery DecodeQuery(const Form& q) {
  FieldErrors errors;
  usecases::HouseholdQuery query;
  if (!q.Get("region").empty()) query.region = q.Get("region");
  query.agency_id = errors.Id(q, "agency", false);
  query.status = errors.Enum<ParentStatus>(q, "status", false);
  query.type = errors.Enum<FosterType>(q, "type", false);
  query.long_unplaced_only = q.Get("long_unplaced") == "1";
  if (auto after = errors.Id(q, "after", false)) query.after_id = *after;
  ThrowIfAny(errors.Take());
  return query;
}

std::string TypeLabels(Lang lang, matching::FosterTypes types) {
  std::string out;
  for (auto name : types.Names()) out += (out.empty() ? "" : "・") + EnumLabel(lang, "type", name);
  return out;
}

List RegionOptions(const std::map<std::string, std::string>& regions, const std::string& chosen) {
  List out;
  for (const auto& [code, name] : regions) {
    out.push_back(Object{{"value", code}, {"label", name}, {"selected", code == chosen}});
  }
  return out;
}

List AgencyOptions(const std::map<int64_t, std::string>& agencies, const std::string& chosen) {
  List out;
  for (const auto& [id, name] : agencies) {
    const std::string v = std::to_string(id);
    out.push_back(Object{{"value", v}, {"label", name}, {"selected", v == chosen}});
  }
  return out;
}

Object Row(const usecases::FosterParentView& v, Lang lang,
           const std::map<std::string, std::string>& regions,
           const std::map<int64_t, std::string>& agencies) {
  const auto& fp = v.parent;
  const auto& f = v.facts;
  auto region = regions.find(fp.region);
  auto agency = agencies.find(fp.agency_id);
  return Object{
      {"id", std::to_string(fp.id)},
      {"name", fp.household_name},
      {"agency", agency != agencies.end() ? agency->second : std::to_string(fp.agency_id)},
      {"region", region != regions.end() ? region->second : fp.region},
      {"types", TypeLabels(lang, fp.types)},
      {"status", EnumLabel(lang, "pstatus", ToString(fp.status))},
      {"children", std::to_string(f.current_children) + " / " + std::to_string(fp.capacity)},
      {"months_unplaced", std::to_string(f.months_unplaced)},
      {"long_unplaced", f.long_unplaced},
      {"readiness", std::to_string(f.readiness.score)},
      {"ready", f.readiness.hard_ok}};
}

http::Response ListPage(Site& site, PageRequest& pr) {
  auto query = DecodeQuery(pr.query);
  query.limit = kPageSize;
  const auto page = site.uc.households.List(query, pr.actor);
  const auto regions = RegionNames(site, pr);
  const auto agencies = AgencyNames(site, pr);
  List rows;
  for (const auto& v : page.items) rows.push_back(Row(v, pr.lang, regions, agencies));
  const Form& q = pr.query;
  std::vector<std::pair<std::string, std::string>> filters = {
      {"region", q.Get("region")},
      {"agency", q.Get("agency")},
      {"status", q.Get("status")},
      {"type", q.Get("type")},
      {"long_unplaced", q.Get("long_unplaced")}};
  Object values{{"rows", rows},
                {"has_rows", !rows.empty()},
                {"regions", RegionOptions(regions, q.Get("region"))},
                {"agencies", AgencyOptions(agencies, q.Get("agency"))},
                {"statuses", SelectOptions<ParentStatus>(pr.lang, "pstatus", q.Get("status"))},
                {"types", SelectOptions<FosterType>(pr.lang, "type", q.Get("type"))},
                {"long_unplaced", q.Get("long_unplaced") == "1"},
                {"csv_link", "/admin/foster-parents.csv?" + QueryString(filters)}};
  if (page.next_after) {
    auto next = filters;
    next.emplace_back("after", std::to_string(*page.next_after));
    values["next_link"] = "/admin/foster-parents?" + QueryString(next);
  }
  return site.Render(pr, "foster_parents", Label(pr.lang, "foster_parents"), std::move(values));
}

std::string CsvField(const std::string& s) {
  // A leading = + - @ would be a formula in a spreadsheet: prefix a quote to keep it text.
  std::string v =
      !s.empty() && std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos ? "'" + s : s;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Every household the filters select (page after page through the same use case).
http::Response Csv(Site& site, PageRequest& pr) {
  auto query = DecodeQuery(pr.query);
  query.limit = usecases::kMaxPageSize;
  const auto regions = RegionNames(site, pr);
  const auto agencies = AgencyNames(site, pr);
  std::string out = kUtf8Bom;
  const char* header[] = {"id",
                          "household_name",
                          "agency",
                          "region",
                          "types",
                          "status",
                          "capacity",
                          "children_now",
                          "months_unplaced",
                          "long_unplaced",
                          "readiness_score",
                          "registration_expires_on"};
  std::string line;
  for (const char* h : header) line += (line.empty() ? "" : ",") + CsvField(Label(pr.lang, h));
  out += line + "\r\n";
  while (true) {
    const auto page = site.uc.households.List(query, pr.actor);
    for (const auto& v : page.items) {
      const Object row = Row(v, pr.lang, regions, agencies);
      const std::vector<std::string> fields = {std::to_string(v.parent.id),
                                               v.parent.household_name,
                                               row.at("agency").string_value(),
                                               row.at("region").string_value(),
                                               row.at("types").string_value(),
                                               row.at("status").string_value(),
                                               std::to_string(v.parent.capacity),
                                               std::to_string(v.facts.current_children),
                                               std::to_string(v.facts.months_unplaced),
                                               v.facts.long_unplaced ? "1" : "0",
                                               std::to_string(v.facts.readiness.score),
                                               v.parent.registration_expires_on.ToString()};
      line.clear();
      for (const auto& f : fields) line += (line.empty() ? "" : ",") + CsvField(f);
      out += line + "\r\n";
    }
    if (!page.next_after) break;
    query.after_id = *page.next_after;
  }
  http::Response r;
  r.content_type = "text/csv; charset=utf-8";
  r.body = std::move(out);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"foster-parents.csv\"");
  return r;
}

http::Response Detail(Site& site, PageRequest& pr) {
  const int64_t id = PathId(pr, "id", "foster parent");
  const auto v = site.uc.households.Get(id, pr.actor);
  const auto trainings = site.uc.trainings.List(id, pr.actor);
  const auto placements = site.uc.placements.ListForHousehold(id, pr.actor);
  const auto regions = RegionNames(site, pr);
  const auto agencies = AgencyNames(site, pr);
  const auto& fp = v.parent;
  const auto& f = v.facts;
  List gaps;
  for (const auto& g : f.readiness.missing) {
    gaps.push_back(Object{{"text", pr.lang == Lang::kJa ? g.ja : g.en}, {"hard", g.hard}});
  }
  List training_rows;
  for (const auto& t : trainings) {
    char hours[16];
    std::snprintf(hours, sizeof hours, "%.1f", t.hours);
    training_rows.push_back(
        Object{{"course", EnumLabel(pr.lang, "course", ToString(t.course))},
               {"completed_on", t.completed_on.ToString()},
               {"hours", std::string(hours)},
               {"provider", t.provider},
               {"outcome", EnumLabel(pr.lang, "outcome", ToString(t.outcome))}});
  }
  List placement_rows;
  for (const auto& p : placements) {
    placement_rows.push_back(
        Object{{"placement_id", std::to_string(p.id)},
               {"need_id", std::to_string(p.need_id)},
               {"started_on", p.started_on.ToString()},
               {"ended_on", p.ended_on ? p.ended_on->ToString() : std::string("—")},
               {"children", std::to_string(p.children)},
               {"outcome", p.outcome.empty() ? std::string("—") : p.outcome},
               {"can_end", !p.ended_on && usecases::kCenter.Has(pr.actor.role)}});
  }
  List sexes, needs;
  for (auto s : fp.accepts.sexes.Names()) sexes.push_back(EnumLabel(pr.lang, "sex", s));
  for (auto n : fp.accepts.needs.Names()) needs.push_back(EnumLabel(pr.lang, "cat", n));
  Object values = Row(v, pr.lang, regions, agencies);
  values["registered_on"] = fp.registered_on.ToString();
  values["expires_on"] = fp.registration_expires_on.ToString();
  if (pr.lang == Lang::kJa) {
    values["registered_on_wareki"] = Wareki(fp.registered_on);
    if (fp.registration_expires_on.InRange())
      values["expires_on_wareki"] = Wareki(fp.registration_expires_on);
  }
  values["capacity"] = std::to_string(fp.capacity);
  values["own_children"] = std::to_string(fp.own_children);
  values["age_range"] =
      std::to_string(fp.accepts.age_min) + "〜" + std::to_string(fp.accepts.age_max);
  values["sexes"] = sexes;
  values["needs"] = needs;
  values["has_needs"] = !needs.empty();
  values["max_siblings"] = std::to_string(fp.accepts.max_siblings);
  values["respite_only"] = Label(pr.lang, fp.respite_only ? "yes" : "no");
  values["notes"] = fp.notes;
  values["gaps"] = gaps;
  values["has_gaps"] = !gaps.empty();
  values["trainings"] = training_rows;
  values["has_trainings"] = !training_rows.empty();
  values["placement_rows"] = placement_rows;
  values["has_placements"] = !placement_rows.empty();
  values["children_now"] = std::to_string(f.current_children);
  values["committed"] = std::to_string(f.committed_children);
  values["last_ended"] =
      f.last_placement_ended_on ? f.last_placement_ended_on->ToString() : Label(pr.lang, "none");
  if (pr.query.Has("saved"))
    values["notice"] = Label(pr.lang, pr.query.Get("saved") == "new" ? "created" : "saved");
  if (pr.query.Has("ended")) values["notice"] = Label(pr.lang, "placement_ended");
  return site.Render(pr, "foster_parent", fp.household_name, std::move(values));
}

const std::vector<std::string> kFields = {
    "household_name",          "agency_id", "region",       "status",          "registered_on",
    "registration_expires_on", "capacity",  "own_children", "accepts.age_min", "accepts.age_max",
    "accepts.max_siblings",    "notes"};

// The form's fields as a change; every field the form shows is named, so an unchecked box
// clears its set. Parse errors are collected, not thrown one by one.
usecases::FosterParentChanges DecodeForm(const Form& form, bool create, FieldErrors& errors) {
  usecases::FosterParentChanges c;
  c.household_name = form.Get("household_name");
  c.agency_id = errors.Id(form, "agency_id", create);
  c.region = form.Get("region");
  c.types = errors.Set<FosterType>(form, "types");
  if (!create) c.status = errors.Enum<ParentStatus>(form, "status", true);
  c.registered_on = errors.Date(form, "registered_on", true);
  c.registration_expires_on = errors.Date(form, "registration_expires_on", false);
  c.capacity = errors.Int(form, "capacity", true);
  c.own_children = errors.Int(form, "own_children", true);
  c.accepts.age_min = errors.Int(form, "accepts.age_min", true);
  c.accepts.age_max = errors.Int(form, "accepts.age_max", true);
  c.accepts.sexes = errors.Set<Sex>(form, "accepts.sexes");
  c.accepts.max_siblings = errors.Int(form, "accepts.max_siblings", true);
  c.accepts.needs = errors.Set<NeedCategory>(form, "accepts.needs");
  c.respite_only = form.Get("respite_only") == "1";
  c.notes = form.Get("notes");
  return c;
}

Form FormOf(const matching::FosterParent& fp) {
  std::vector<std::pair<std::string, std::string>> f = {
      {"household_name", fp.household_name},
      {"agency_id", std::to_string(fp.agency_id)},
      {"region", fp.region},
      {"status", std::string(ToString(fp.status))},
      {"registered_on", fp.registered_on.ToString()},
      {"registration_expires_on", fp.registration_expires_on.ToString()},
      {"capacity", std::to_string(fp.capacity)},
      {"own_children", std::to_string(fp.own_children)},
      {"accepts.age_min", std::to_string(fp.accepts.age_min)},
      {"accepts.age_max", std::to_string(fp.accepts.age_max)},
      {"accepts.max_siblings", std::to_string(fp.accepts.max_siblings)},
      {"notes", fp.notes}};
  for (auto n : fp.types.Names()) f.emplace_back("types", std::string(n));
  for (auto n : fp.accepts.sexes.Names()) f.emplace_back("accepts.sexes", std::string(n));
  for (auto n : fp.accepts.needs.Names()) f.emplace_back("accepts.needs", std::string(n));
  if (fp.respite_only) f.emplace_back("respite_only", "1");
  return Form(std::move(f));
}

http::Response RenderForm(Site& site, PageRequest& pr, const Form& form,
                          const std::vector<matching::FieldError>& errors,
                          std::optional<int64_t> id) {
  Object values = FormState(form, errors, pr.lang, kFields);
  auto agencies = AgencyNames(site, pr);
  if (pr.actor.agency_id)
    std::erase_if(agencies, [&](auto& a) { return a.first != *pr.actor.agency_id; });
  values["regions"] = RegionOptions(RegionNames(site, pr), form.Get("region"));
  values["agencies"] = AgencyOptions(agencies, form.Get("agency_id"));
  values["type_options"] = EnumOptions<FosterType>(pr.lang, "type", form.All("types"));
  values["sex_options"] = EnumOptions<Sex>(pr.lang, "sex", form.All("accepts.sexes"));
  values["need_options"] = EnumOptions<NeedCategory>(pr.lang, "cat", form.All("accepts.needs"));
  values["status_options"] = SelectOptions<ParentStatus>(pr.lang, "pstatus", form.Get("status"));
  values["respite_only"] = form.Get("respite_only") == "1";
  values["editing"] = id.has_value();
  values["action"] = id ? "/admin/foster-parents/" + std::to_string(*id) : "/admin/foster-parents";
  values["cancel_link"] =
      id ? "/admin/foster-parents/" + std::to_string(*id) : "/admin/foster-parents";
  const std::string title = Label(pr.lang, id ? "edit_foster_parent" : "new_foster_parent");
  return site.Render(pr, "foster_parent_form", title, std::move(values),
                     errors.empty() ? 200 : 422);
}

http::Response Submit(Site& site, PageRequest& pr, std::optional<int64_t> id) {
  FieldErrors errors;
  const auto changes = DecodeForm(pr.form, !id, errors);
  if (!errors.empty()) return RenderForm(site, pr, pr.form, errors.Take(), id);
  try {
    const auto view = id ? site.uc.households.Update(*id, changes, pr.actor)
                         : site.uc.households.Create(changes, pr.actor);
    return Redirect("/admin/foster-parents/" + std::to_string(view.parent.id) +
                    (id ? "?saved=1" : "?saved=new"));
  } catch (const ValidationError& e) {
    return RenderForm(site, pr, pr.form, e.errors(), id);
  }
}

// The household's placement named in the path, through the same read the detail page makes (so
// an unknown id, or one of another household, is a 404 like any record not there).
matching::Placement PlacementOf(Site& site, PageRequest& pr, int64_t fp_id) {
  const int64_t placement_id = PathId(pr, "pid", "placement");
  for (const auto& p : site.uc.placements.ListForHousehold(fp_id, pr.actor)) {
    if (p.id == placement_id) return p;
  }
  throw NotFoundError("placement");
}

// The confirmation page before a placement ends: its facts, the end date and outcome, and a
// box to tick (ending cannot be undone).
http::Response ConfirmEnd(Site& site, PageRequest& pr, const Form& form,
                          const std::vector<matching::FieldError>& errors) {
  usecases::RequireRole(pr.actor, usecases::kCenter);
  const int64_t fp_id = PathId(pr, "id", "foster parent");
  const auto home = site.uc.households.Get(fp_id, pr.actor);
  const auto p = PlacementOf(site, pr, fp_id);
  if (p.ended_on) throw ConflictError("the placement has ended already");
  Form state = form;
  if (!form.Has("ended_on")) {
    state = Form({{"ended_on", std::max(site.uc.config().today(), p.started_on).ToString()}});
  }
  Object values = FormState(state, errors, pr.lang, {"ended_on", "outcome"});
  values["fp_id"] = std::to_string(fp_id);
  values["placement_id"] = std::to_string(p.id);
  values["household"] = home.parent.household_name;
  values["need_id"] = std::to_string(p.need_id);
  values["started_on"] = p.started_on.ToString();
  values["children"] = std::to_string(p.children);
  return site.Render(pr, "placement_end", Label(pr.lang, "end_placement_title"), std::move(values),
                     errors.empty() ? 200 : 422);
}

http::Response EndPlacement(Site& site, PageRequest& pr) {
  usecases::RequireRole(pr.actor, usecases::kCenter);
  const int64_t fp_id = PathId(pr, "id", "foster parent");
  const auto p = PlacementOf(site, pr, fp_id);
  FieldErrors errors;
  const auto ended = errors.Date(pr.form, "ended_on", true);
  if (pr.form.Get("confirm") != "1") errors.Add("confirm", "is required");
  if (!errors.empty()) return ConfirmEnd(site, pr, pr.form, errors.Take());
  try {
    site.uc.placements.End(p.id, *ended, pr.form.Get("outcome"), pr.actor);
  } catch (const ValidationError& e) {
    return ConfirmEnd(site, pr, pr.form, e.errors());
  }
  return Redirect("/admin/foster-parents/" + std::to_string(fp_id) + "?ended=1");
}

}  // namespace

void AddFosterParentPages(const AddPage& add, Site& site) {
  add("GET", "/admin/foster-parents", [&site](PageRequest& pr) { return ListPage(site, pr); });
  add(
      "GET", "/admin/foster-parents.csv", [&site](PageRequest& pr) { return Csv(site, pr); },
      http::RequestClass::kHeavy);
  add("GET", "/admin/foster-parents/new", [&site](PageRequest& pr) {
    usecases::RequireRole(pr.actor, usecases::kCasework);
    // The defaults a create without them would get; the dates are the person's to enter.
    std::string defaults =
        "types=foster&accepts.sexes=female&accepts.sexes=male&capacity=1&own_children=0&"
        "accepts.age_min=0&accepts.age_max=17&accepts.max_siblings=1";
    if (pr.actor.agency_id) defaults += "&agency_id=" + std::to_string(*pr.actor.agency_id);
    return RenderForm(site, pr, Form::Parse(defaults), {}, std::nullopt);
  });
  add("POST", "/admin/foster-parents",
      [&site](PageRequest& pr) { return Submit(site, pr, std::nullopt); });
  add("GET", "/admin/foster-parents/{id}", [&site](PageRequest& pr) { return Detail(site, pr); });
  add("GET", "/admin/foster-parents/{id}/edit", [&site](PageRequest& pr) {
    const int64_t id = PathId(pr, "id", "foster parent");
    const auto view = site.uc.households.Get(id, pr.actor);
    return RenderForm(site, pr, FormOf(view.parent), {}, id);
  });
  add("POST", "/admin/foster-parents/{id}",
      [&site](PageRequest& pr) { return Submit(site, pr, PathId(pr, "id", "foster parent")); });
  add("GET", "/admin/foster-parents/{id}/placements/{pid}/end",
      [&site](PageRequest& pr) { return ConfirmEnd(site, pr, pr.query, {}); });
  add("POST", "/admin/foster-parents/{id}/placements/{pid}/end",
      [&site](PageRequest& pr) { return EndPlacement(site, pr); });
}

}  // namespace fostermatch::pages
