// Children's placement needs: list, create, detail, ranked candidate homes with their score
// components and reasons, and recording a placement with one of them after a confirmation.

#include <cstdio>

#include "matching/engine.h"
#include "service/errors.h"
#include "service/pages/site.h"

namespace fostermatch::pages {

namespace {

using matching::FosterType;
using matching::NeedCategory;
using matching::NeedKind;
using matching::NeedStatus;
using matching::Sex;

constexpr int kPageSize = 50;
constexpr size_t kCandidates = 10;
constexpr int kBarWidth = 120;  // px of a component's bar at 1.0

std::string RegionName(const std::map<std::string, std::string>& regions, const std::string& code) {
  auto it = regions.find(code);
  return it != regions.end() ? it->second : code;
}

Object NeedValues(const matching::Need& n, Lang lang,
                  const std::map<std::string, std::string>& regions) {
  List cats;
  for (auto c : n.needs.Names()) cats.push_back(EnumLabel(lang, "cat", c));
  return Object{
      {"id", std::to_string(n.id)},
      {"case_ref", n.case_ref},
      {"region", RegionName(regions, n.region)},
      {"child_age", std::to_string(n.child.age_years)},
      {"child_sex", EnumLabel(lang, "sex", ToString(n.child.sex))},
      {"siblings", std::to_string(n.siblings)},
      {"categories", cats},
      {"has_categories", !cats.empty()},
      {"kind", EnumLabel(lang, "kind", ToString(n.kind))},
      {"requires_type", n.requires_type ? EnumLabel(lang, "type", ToString(*n.requires_type))
                                        : Label(lang, "any_type")},
      {"earliest_start", n.earliest_start.ToString()},
      {"urgency", Label(lang, "urgency_" + std::to_string(n.urgency))},
      {"status", EnumLabel(lang, "nstatus", ToString(n.status))},
      {"placeable", n.status == NeedStatus::kOpen || n.status == NeedStatus::kProposed},
  };
}

http::Response ListNeeds(Site& site, PageRequest& pr) {
  FieldErrors errors;
  usecases::NeedQuery query;
  query.status = errors.Enum<NeedStatus>(pr.query, "status", false);
  if (auto after = errors.Id(pr.query, "after", false)) query.after_id = *after;
  ThrowIfAny(errors.Take());
  query.limit = kPageSize;
  const auto page = site.uc.needs.List(query, pr.actor);
  const auto regions = RegionNames(site, pr);
  List rows;
  for (const auto& n : page.items) rows.push_back(NeedValues(n, pr.lang, regions));
  Object values{
      {"rows", rows},
      {"has_rows", !rows.empty()},
      {"statuses", SelectOptions<NeedStatus>(pr.lang, "nstatus", pr.query.Get("status"))}};
  if (page.next_after) {
    values["next_link"] =
        "/admin/needs?" + QueryString({{"status", pr.query.Get("status")},
                                       {"after", std::to_string(*page.next_after)}});
  }
  return site.Render(pr, "needs", Label(pr.lang, "needs"), std::move(values));
}

const std::vector<std::string> kFields = {"case_ref",      "region",         "child.age_years",
                                          "child.sex",     "siblings",       "kind",
                                          "requires_type", "earliest_start", "urgency"};

http::Response RenderForm(Site& site, PageRequest& pr, const Form& form,
                          const std::vector<matching::FieldError>& errors,
                          std::optional<int64_t> id = std::nullopt) {
  Object values = FormState(form, errors, pr.lang, kFields);
  List regions;
  for (const auto& [code, name] : RegionNames(site, pr)) {
    regions.push_back(
        Object{{"value", code}, {"label", name}, {"selected", code == form.Get("region")}});
  }
  List urgencies;
  for (int u = 1; u <= 3; ++u) {
    urgencies.push_back(Object{{"value", std::to_string(u)},
                               {"label", Label(pr.lang, "urgency_" + std::to_string(u))},
                               {"selected", form.Get("urgency") == std::to_string(u)}});
  }
  values["regions"] = regions;
  values["sex_options"] = SelectOptions<Sex>(pr.lang, "sex", form.Get("child.sex"));
  values["kind_options"] = SelectOptions<NeedKind>(pr.lang, "kind", form.Get("kind"));
  values["type_options"] = SelectOptions<FosterType>(pr.lang, "type", form.Get("requires_type"));
  values["need_options"] = EnumOptions<NeedCategory>(pr.lang, "cat", form.All("needs"));
  values["urgencies"] = urgencies;
  values["action"] = id ? "/admin/needs/" + std::to_string(*id) : "/admin/needs";
  values["cancel_link"] = id ? "/admin/needs/" + std::to_string(*id) : "/admin/needs";
  return site.Render(pr, "need_form", Label(pr.lang, id ? "edit_need" : "new_need"),
                     std::move(values), errors.empty() ? 200 : 422);
}

// The edit form's starting values: the record as it stands.
Form FormOf(const matching::Need& n) {
  std::vector<std::pair<std::string, std::string>> f = {
      {"case_ref", n.case_ref},
      {"region", n.region},
      {"child.age_years", std::to_string(n.child.age_years)},
      {"child.sex", std::string(ToString(n.child.sex))},
      {"siblings", std::to_string(n.siblings)},
      {"kind", std::string(ToString(n.kind))},
      {"requires_type", n.requires_type ? std::string(ToString(*n.requires_type)) : ""},
      {"earliest_start", n.earliest_start.ToString()},
      {"urgency", std::to_string(n.urgency)}};
  for (auto c : n.needs.Names()) f.emplace_back("needs", std::string(c));
  return Form(std::move(f));
}

// Create (no id) or change every field of the form (an id).
http::Response Submit(Site& site, PageRequest& pr, std::optional<int64_t> id) {
  if (id) usecases::RequireRole(pr.actor, usecases::kCenter);
  const Form& f = pr.form;
  FieldErrors errors;
  usecases::NeedChanges c;
  c.case_ref = f.Get("case_ref");
  c.region = f.Get("region");
  c.child_age_years = errors.Int(f, "child.age_years", true);
  c.child_sex = errors.Enum<Sex>(f, "child.sex", true);
  c.siblings = errors.Int(f, "siblings", true);
  c.needs = errors.Set<NeedCategory>(f, "needs");
  c.kind = errors.Enum<NeedKind>(f, "kind", true);
  c.requires_type = errors.Enum<FosterType>(f, "requires_type", false);
  c.earliest_start = errors.Date(f, "earliest_start", true);
  c.urgency = errors.Int(f, "urgency", true);
  if (!errors.empty()) return RenderForm(site, pr, f, errors.Take(), id);
  try {
    if (id) {
      site.uc.needs.Update(*id, c, pr.actor);
      return Redirect("/admin/needs/" + std::to_string(*id) + "?updated=1");
    }
    const auto need = site.uc.needs.Create(c, pr.actor);
    return Redirect("/admin/needs/" + std::to_string(need.id) + "?created=1");
  } catch (const ValidationError& e) {
    return RenderForm(site, pr, f, e.errors(), id);
  }
}

http::Response Detail(Site& site, PageRequest& pr) {
  const auto need = site.uc.needs.Get(PathId(pr, "id", "need"), pr.actor);
  Object values = NeedValues(need, pr.lang, RegionNames(site, pr));
  if (pr.lang == Lang::kJa) values["earliest_start_wareki"] = Wareki(need.earliest_start);
  if (pr.query.Has("created")) values["notice"] = Label(pr.lang, "need_created");
  if (pr.query.Has("placed")) values["notice"] = Label(pr.lang, "placed_done");
  if (pr.query.Has("updated")) values["notice"] = Label(pr.lang, "need_updated");
  values["can_edit"] = usecases::kCenter.Has(pr.actor.role);
  return site.Render(pr, "need", Label(pr.lang, "need") + " " + need.case_ref, std::move(values));
}

Object Bar(Lang lang, std::string_view component, double value) {
  char pct[16];
  std::snprintf(pct, sizeof pct, "%.0f", value * 100);
  return Object{{"label", Label(lang, "comp_" + std::string(component))},
                {"width", std::to_string(static_cast<int>(value * kBarWidth + 0.5))},
                {"max", std::to_string(kBarWidth)},
                {"pct", std::string(pct)}};
}

http::Response CandidatesPage(Site& site, PageRequest& pr) {
  const int64_t id = PathId(pr, "id", "need");
  const auto c = site.uc.ranking.CandidatesFor(id, kCandidates, pr.actor);
  const auto regions = RegionNames(site, pr);
  const auto& r = c->result;
  List excluded;
  for (size_t i = 0; i < matching::kExclusionCount; ++i) {
    if (r.excluded[i] == 0) continue;
    const auto e = static_cast<matching::Exclusion>(i);
    excluded.push_back(Object{{"reason", EnumLabel(pr.lang, "excl", matching::ExclusionName(e))},
                              {"count", std::to_string(r.excluded[i])}});
  }
  List rows;
  int rank = 0;
  const bool can_place =
      usecases::kCenter.Has(pr.actor.role) &&
      (c->need.status == NeedStatus::kOpen || c->need.status == NeedStatus::kProposed);
  for (size_t i = 0; i < r.candidates.size(); ++i) {
    const auto& cand = r.candidates[i];
    const matching::FosterParent& home = c->homes[i]->parent;
    List bars{Bar(pr.lang, "proximity", cand.components.proximity),
              Bar(pr.lang, "readiness", cand.components.readiness),
              Bar(pr.lang, "waiting", cand.components.waiting),
              Bar(pr.lang, "fit", cand.components.fit)};
    List reasons;
    for (const auto& reason : *cand.reasons)
      reasons.push_back(pr.lang == Lang::kJa ? reason.ja : reason.en);
    char score[16];
    std::snprintf(score, sizeof score, "%.1f", cand.score);
    rows.push_back(
        Object{{"rank", std::to_string(++rank)},
               {"fp_id", std::to_string(cand.foster_parent_id)},
               {"name", home.household_name},
               {"region", RegionName(regions, home.region)},
               {"score", std::string(score)},
               {"bars", bars},
               {"reasons", reasons},
               {"can_place", can_place},
               {"place_link",
                "/admin/needs/" + std::to_string(id) + "/placements/new?" +
                    QueryString({{"foster_parent_id", std::to_string(cand.foster_parent_id)}})}});
  }
  char weights[160];
  std::snprintf(weights, sizeof weights, "%s %.2f / %s %.2f / %s %.2f / %s %.2f",
                Label(pr.lang, "comp_proximity").c_str(), r.weights.proximity,
                Label(pr.lang, "comp_readiness").c_str(), r.weights.readiness,
                Label(pr.lang, "comp_waiting").c_str(), r.weights.waiting,
                Label(pr.lang, "comp_fit").c_str(), r.weights.fit);
  Object values = NeedValues(c->need, pr.lang, regions);
  values["evaluated"] = std::to_string(r.evaluated);
  values["eligible"] = std::to_string(r.eligible);
  values["excluded"] = excluded;
  values["has_excluded"] = !excluded.empty();
  values["candidates"] = rows;
  values["has_candidates"] = !rows.empty();
  values["weights"] = std::string(weights);
  return site.Render(pr, "candidates", Label(pr.lang, "candidates") + " — " + c->need.case_ref,
                     std::move(values));
}

// "Why not this household?": the first failing hard rule of one home, in both languages, or
// "eligible" with its score.
http::Response WhyNotPage(Site& site, PageRequest& pr) {
  const int64_t id = PathId(pr, "id", "need");
  FieldErrors parse;
  const auto fp_id = parse.Id(pr.query, "foster_parent_id", true);
  if (!fp_id) throw NotFoundError("foster parent");
  const auto w = site.uc.ranking.WhyNot(id, *fp_id, pr.actor);
  Object values = NeedValues(w.need, pr.lang, RegionNames(site, pr));
  values["fp_id"] = std::to_string(w.foster_parent_id);
  values["eligible_home"] = !w.exclusion.has_value();
  if (w.exclusion) {
    values["rule"] = std::string(matching::ExclusionName(*w.exclusion));
    values["rule_ja"] = std::string(matching::ExclusionLabelJa(*w.exclusion));
    values["rule_en"] = std::string(matching::ExclusionLabelEn(*w.exclusion));
  } else {
    char score[16];
    std::snprintf(score, sizeof score, "%.1f", w.score);
    values["score"] = std::string(score);
  }
  return site.Render(pr, "why_not", Label(pr.lang, "why_not") + " — " + w.need.case_ref,
                     std::move(values));
}

http::Response ConfirmPlacement(Site& site, PageRequest& pr, const Form& form,
                                const std::vector<matching::FieldError>& errors) {
  usecases::RequireRole(pr.actor, usecases::kCenter);
  const int64_t id = PathId(pr, "id", "need");
  const auto need = site.uc.needs.Get(id, pr.actor);
  FieldErrors parse;
  const auto fp_id = parse.Id(form, "foster_parent_id", true);
  if (!fp_id) throw NotFoundError("foster parent");
  const auto home = site.uc.households.Get(*fp_id, pr.actor);
  const auto regions = RegionNames(site, pr);
  Object values = NeedValues(need, pr.lang, regions);
  Form state = form;
  if (!form.Has("started_on")) {
    const auto today = site.uc.config().today();
    const auto start = std::max(today, need.earliest_start);
    state = Form({{"foster_parent_id", std::to_string(*fp_id)}, {"started_on", start.ToString()}});
  }
  Object f = FormState(state, errors, pr.lang, {"started_on", "foster_parent_id"});
  values["v"] = std::move(f["v"]);
  values["e"] = std::move(f["e"]);
  values["errors"] = std::move(f["errors"]);
  values["has_errors"] = std::move(f["has_errors"]);
  values["fp_id"] = std::to_string(*fp_id);
  values["fp_name"] = home.parent.household_name;
  values["fp_region"] = RegionName(regions, home.parent.region);
  values["fp_children"] =
      std::to_string(home.facts.current_children) + " / " + std::to_string(home.parent.capacity);
  return site.Render(pr, "placement_confirm", Label(pr.lang, "confirm_placement"),
                     std::move(values), errors.empty() ? 200 : 422);
}

http::Response RecordPlacement(Site& site, PageRequest& pr) {
  const int64_t id = PathId(pr, "id", "need");
  FieldErrors errors;
  const auto fp_id = errors.Id(pr.form, "foster_parent_id", true);
  const auto started = errors.Date(pr.form, "started_on", true);
  if (!errors.empty()) return ConfirmPlacement(site, pr, pr.form, errors.Take());
  try {
    site.uc.placements.Record(id, *fp_id, *started, pr.actor);
  } catch (const ValidationError& e) {
    return ConfirmPlacement(site, pr, pr.form, e.errors());
  }
  return Redirect("/admin/needs/" + std::to_string(id) + "?placed=1");
}

}  // namespace

void AddNeedPages(const AddPage& add, Site& site) {
  add("GET", "/admin/needs", [&site](PageRequest& pr) { return ListNeeds(site, pr); });
  add("GET", "/admin/needs/new", [&site](PageRequest& pr) {
    usecases::RequireRole(pr.actor, usecases::kCenter);
    const auto today = site.uc.config().today();
    return RenderForm(site, pr,
                      Form({{"siblings", "1"},
                            {"kind", "long_term"},
                            {"urgency", "2"},
                            {"earliest_start", today.ToString()}}),
                      {});
  });
  add("POST", "/admin/needs", [&site](PageRequest& pr) { return Submit(site, pr, std::nullopt); });
  add("GET", "/admin/needs/{id}", [&site](PageRequest& pr) { return Detail(site, pr); });
  add("GET", "/admin/needs/{id}/edit", [&site](PageRequest& pr) {
    usecases::RequireRole(pr.actor, usecases::kCenter);
    const int64_t id = PathId(pr, "id", "need");
    return RenderForm(site, pr, FormOf(site.uc.needs.Get(id, pr.actor)), {}, id);
  });
  add("POST", "/admin/needs/{id}",
      [&site](PageRequest& pr) { return Submit(site, pr, PathId(pr, "id", "need")); });
  add("GET", "/admin/needs/{id}/candidates",
      [&site](PageRequest& pr) { return CandidatesPage(site, pr); });
  add("GET", "/admin/needs/{id}/why-not",
      [&site](PageRequest& pr) { return WhyNotPage(site, pr); });
  add("GET", "/admin/needs/{id}/placements/new",
      [&site](PageRequest& pr) { return ConfirmPlacement(site, pr, pr.query, {}); });
  add("POST", "/admin/needs/{id}/placements",
      [&site](PageRequest& pr) { return RecordPlacement(site, pr); });
}

}  // namespace fostermatch::pages
