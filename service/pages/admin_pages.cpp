// The admin's pages: the audit log with filters, API tokens (issued once, revoked), agencies
// (name and wards) and admin-page users (added with a password typed twice).

#include <algorithm>

#include "service/errors.h"
#include "service/pages/site.h"

namespace fostermatch::pages {

namespace {

using matching::Role;

constexpr int kAuditPageSize = 100;

http::Response Audit(Site& site, PageRequest& pr) {
  const Form& q = pr.query;
  FieldErrors errors;
  model::AuditQuery query;
  auto optional = [&](const char* name) {
    std::string v = q.Get(name);
    return v.empty() ? std::nullopt : std::optional<std::string>(std::move(v));
  };
  query.entity = optional("entity");
  query.entity_id = optional("entity_id");
  query.actor = optional("actor");
  if (auto before = errors.Id(q, "before", false)) query.before_id = *before;
  ThrowIfAny(errors.Take());
  query.limit = kAuditPageSize;
  const auto page = site.uc.audit.List(query, pr.actor);
  List rows;
  for (const auto& e : page.items) {
    rows.push_back(Object{{"at", e.at},
                          {"actor", e.actor},
                          {"action", e.action},
                          {"entity", e.entity},
                          {"entity_id", e.entity_id},
                          {"detail", e.detail}});
  }
  Object values{{"rows", rows},
                {"has_rows", !rows.empty()},
                {"v", Object{{"entity", q.Get("entity")},
                             {"entity_id", q.Get("entity_id")},
                             {"actor", q.Get("actor")}}}};
  if (page.next_after) {
    values["next_link"] =
        "/admin/audit?" + QueryString({{"entity", q.Get("entity")},
                                       {"entity_id", q.Get("entity_id")},
                                       {"actor", q.Get("actor")},
                                       {"before", std::to_string(*page.next_after)}});
  }
  return site.Render(pr, "audit", Label(pr.lang, "audit_log"), std::move(values));
}

http::Response Tokens(Site& site, PageRequest& pr, Object values, int status = 200) {
  const auto agencies = AgencyNames(site, pr);
  List rows;
  for (const auto& t : site.uc.access.ListTokens(pr.actor)) {
    auto agency = t.agency_id ? agencies.find(*t.agency_id) : agencies.end();
    rows.push_back(Object{{"id", std::to_string(t.id)},
                          {"label", t.label},
                          {"role", EnumLabel(pr.lang, "role", ToString(t.role))},
                          {"agency", agency != agencies.end() ? agency->second : std::string()},
                          {"created_at", t.created_at},
                          {"revoked", t.revoked}});
  }
  List roles;
  for (std::string_view name : matching::EnumNames<Role>::kNames) {
    roles.push_back(
        Object{{"value", std::string(name)}, {"label", EnumLabel(pr.lang, "role", name)}});
  }
  List agency_options;
  for (const auto& [id, name] : agencies) {
    agency_options.push_back(Object{{"value", std::to_string(id)}, {"label", name}});
  }
  values["rows"] = rows;
  values["has_rows"] = !rows.empty();
  values["roles"] = roles;
  values["agencies"] = agency_options;
  if (pr.query.Has("revoked")) values["notice"] = Label(pr.lang, "token_revoked");
  return site.Render(pr, "tokens", Label(pr.lang, "tokens"), std::move(values), status);
}

http::Response IssueToken(Site& site, PageRequest& pr) {
  FieldErrors errors;
  const auto role = errors.Enum<Role>(pr.form, "role", true);
  const auto agency = errors.Id(pr.form, "agency_id", false);
  std::vector<matching::FieldError> found = errors.Take();
  if (found.empty()) {
    try {
      const auto issued = site.uc.access.IssueToken(*role, agency, pr.form.Get("label"), pr.actor);
      // Shown in this response only; never stored, never in a URL.
      return Tokens(site, pr,
                    Object{{"issued", issued.token}, {"issued_id", std::to_string(issued.id)}});
    } catch (const ValidationError& e) {
      found = e.errors();
    }
  }
  return Tokens(site, pr, FormState(pr.form, found, pr.lang, {"label", "role", "agency_id"}), 422);
}

// ---- agencies ----

// Ward checkboxes {value, label, checked}.
List WardOptions(Site& site, const PageRequest& pr, const std::vector<std::string>& chosen) {
  List out;
  for (const auto& [code, name] : RegionNames(site, pr)) {
    const bool on = std::find(chosen.begin(), chosen.end(), code) != chosen.end();
    out.push_back(Object{{"value", code}, {"label", name}, {"checked", on}});
  }
  return out;
}

http::Response Agencies(Site& site, PageRequest& pr, const Form& form,
                        const std::vector<matching::FieldError>& errors) {
  usecases::RequireRole(pr.actor, usecases::kAdminOnly);
  const auto regions = RegionNames(site, pr);
  List rows;
  for (const auto& a : site.uc.reference.ListAgencies(pr.actor)) {
    std::string wards;
    for (const auto& code : a.regions) {
      auto it = regions.find(code);
      wards += (wards.empty() ? "" : "、") + (it != regions.end() ? it->second : code);
    }
    rows.push_back(Object{{"id", std::to_string(a.id)}, {"name", a.name}, {"wards", wards}});
  }
  Object values = FormState(form, errors, pr.lang, {"name"});
  values["rows"] = rows;
  values["has_rows"] = !rows.empty();
  values["ward_options"] = WardOptions(site, pr, form.All("regions"));
  if (pr.query.Has("saved")) values["notice"] = Label(pr.lang, "saved");
  return site.Render(pr, "agencies", Label(pr.lang, "agencies"), std::move(values),
                     errors.empty() ? 200 : 422);
}

http::Response AgencyForm(Site& site, PageRequest& pr, int64_t id, const Form& form,
                          const std::vector<matching::FieldError>& errors) {
  usecases::RequireRole(pr.actor, usecases::kAdminOnly);
  Object values = FormState(form, errors, pr.lang, {"name"});
  values["id"] = std::to_string(id);
  values["ward_options"] = WardOptions(site, pr, form.All("regions"));
  return site.Render(pr, "agency_form", Label(pr.lang, "edit_agency"), std::move(values),
                     errors.empty() ? 200 : 422);
}

usecases::AgencyChanges AgencyChangesOf(const Form& form) {
  return {form.Get("name"), form.All("regions")};
}

http::Response CreateAgency(Site& site, PageRequest& pr) {
  try {
    site.uc.reference.CreateAgency(AgencyChangesOf(pr.form), pr.actor);
  } catch (const ValidationError& e) {
    return Agencies(site, pr, pr.form, e.errors());
  }
  return Redirect("/admin/agencies?saved=1");
}

http::Response UpdateAgency(Site& site, PageRequest& pr) {
  const int64_t id = PathId(pr, "id", "agency");
  try {
    site.uc.reference.UpdateAgency(id, AgencyChangesOf(pr.form), pr.actor);
  } catch (const ValidationError& e) {
    return AgencyForm(site, pr, id, pr.form, e.errors());
  }
  return Redirect("/admin/agencies?saved=1");
}

// ---- users ----

const std::vector<std::string> kUserFields = {"username", "role", "agency_id"};

http::Response Users(Site& site, PageRequest& pr, const Form& form,
                     const std::vector<matching::FieldError>& errors) {
  const auto users = site.uc.access.ListUsers(pr.actor);
  const auto agencies = AgencyNames(site, pr);
  List rows;
  for (const auto& u : users) {
    auto agency = u.agency_id ? agencies.find(*u.agency_id) : agencies.end();
    rows.push_back(Object{{"username", u.username},
                          {"role", EnumLabel(pr.lang, "role", ToString(u.role))},
                          {"agency", agency != agencies.end() ? agency->second : std::string()},
                          {"disabled", u.disabled}});
  }
  List agency_options;
  for (const auto& [id, name] : agencies) {
    const std::string v = std::to_string(id);
    agency_options.push_back(
        Object{{"value", v}, {"label", name}, {"selected", v == form.Get("agency_id")}});
  }
  Object values = FormState(form, errors, pr.lang, kUserFields);
  values["rows"] = rows;
  values["has_rows"] = !rows.empty();
  values["roles"] = SelectOptions<Role>(pr.lang, "role", form.Get("role"));
  values["agencies"] = agency_options;
  if (pr.query.Has("added")) values["notice"] = Label(pr.lang, "user_added");
  return site.Render(pr, "users", Label(pr.lang, "users"), std::move(values),
                     errors.empty() ? 200 : 422);
}

http::Response AddUser(Site& site, PageRequest& pr) {
  usecases::RequireRole(pr.actor, usecases::kAdminOnly);
  FieldErrors errors;
  const auto role = errors.Enum<Role>(pr.form, "role", true);
  const auto agency = errors.Id(pr.form, "agency_id", false);
  const std::string password = pr.form.Get("password");
  if (!ConstantTimeEquals(password, pr.form.Get("password_again"))) {
    errors.Add("password_again", "must match the password");
  }
  std::vector<matching::FieldError> found = errors.Take();
  if (found.empty()) {
    try {
      site.uc.access.AddUser(pr.form.Get("username"), password, *role, agency, pr.actor);
      return Redirect("/admin/users?added=1");
    } catch (const ValidationError& e) {
      found = e.errors();
    } catch (const ConflictError&) {
      found = {{"username", "is taken"}};
    }
  }
  // The passwords are never sent back.
  return Users(site, pr, pr.form, found);
}

}  // namespace

void AddAdminPages(const AddPage& add, Site& site) {
  add("GET", "/admin/audit", [&site](PageRequest& pr) { return Audit(site, pr); });
  add("GET", "/admin/tokens", [&site](PageRequest& pr) { return Tokens(site, pr, {}); });
  add("POST", "/admin/tokens", [&site](PageRequest& pr) { return IssueToken(site, pr); });
  add("GET", "/admin/agencies",
      [&site](PageRequest& pr) { return Agencies(site, pr, Form(), {}); });
  add("POST", "/admin/agencies", [&site](PageRequest& pr) { return CreateAgency(site, pr); });
  add("GET", "/admin/agencies/{id}/edit", [&site](PageRequest& pr) {
    usecases::RequireRole(pr.actor, usecases::kAdminOnly);
    const int64_t id = PathId(pr, "id", "agency");
    const auto agency = site.uc.reference.GetAgency(id, pr.actor);
    std::vector<std::pair<std::string, std::string>> fields = {{"name", agency.name}};
    for (const auto& code : agency.regions) fields.emplace_back("regions", code);
    return AgencyForm(site, pr, id, Form(std::move(fields)), {});
  });
  add("POST", "/admin/agencies/{id}", [&site](PageRequest& pr) { return UpdateAgency(site, pr); });
  add("GET", "/admin/users", [&site](PageRequest& pr) { return Users(site, pr, Form(), {}); });
  add("POST", "/admin/users", [&site](PageRequest& pr) { return AddUser(site, pr); });
  add("POST", "/admin/tokens/{id}/revoke", [&site](PageRequest& pr) {
    if (pr.form.Get("confirm") != "1") {
      throw ValidationError("confirm", "is required");
    }
    if (!site.uc.access.RevokeToken(PathId(pr, "id", "token"), pr.actor)) {
      throw NotFoundError("active token");
    }
    return Redirect("/admin/tokens?revoked=1");
  });
}

}  // namespace fostermatch::pages
