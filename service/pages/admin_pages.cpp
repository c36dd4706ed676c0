// The admin's pages: the audit log with filters, and API tokens (issued once, revoked).

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

}  // namespace

void AddAdminPages(const AddPage& add, Site& site) {
  add("GET", "/admin/audit", [&site](PageRequest& pr) { return Audit(site, pr); });
  add("GET", "/admin/tokens", [&site](PageRequest& pr) { return Tokens(site, pr, {}); });
  add("POST", "/admin/tokens", [&site](PageRequest& pr) { return IssueToken(site, pr); });
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
