// Rendering: one layout around one page template; every value goes through mustache's {{ }}
// escaping (the templates never use triple braces), so escaping happens in one place.

#include "service/pages/site.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdio>
#include <stdexcept>

#include "service/errors.h"

namespace fostermatch::pages {

using matching::Role;

namespace {

std::string Template(std::string_view page) {
  const std::string_view text = PageAsset("templates/" + std::string(page) + ".mustache");
  if (text.empty()) throw std::logic_error("no page template " + std::string(page));
  return std::string(text);
}

}  // namespace

http::Response Site::Render(const PageRequest& pr, std::string_view page, const std::string& title,
                            Object values, int status) const {
  Object& root = values;
  root["t"] = Labels(pr.lang);
  root["title"] = title;
  root["lang"] = std::string(pr.lang == Lang::kJa ? "ja" : "en");
  root["csrf"] = pr.csrf;
  root["signed_in"] = pr.signed_in;
  root["back"] = pr.http.path + (pr.http.method == "GET" && !pr.http.query.empty()
                                     ? "?" + QueryString(pr.http.query)
                                     : std::string());
  if (pr.signed_in) {
    const Role role = pr.actor.role;
    root["user"] = pr.actor.name.substr(pr.actor.name.find(':') + 1);
    root["role_label"] = EnumLabel(pr.lang, "role", matching::ToString(role));
    root["can_casework"] = usecases::kCasework.Has(role);
    root["can_center"] = usecases::kCenter.Has(role);
    root["is_admin"] = role == Role::kAdmin;
  }
  // An empty string is true in a mustache section: drop it so {{#notice}} means "has a notice".
  std::erase_if(root, [](const auto& entry) {
    return entry.second.is_string() && entry.second.string_value().empty();
  });
  const std::string other = pr.lang == Lang::kJa ? "en" : "ja";
  root["lang_link"] =
      "/admin/lang?" +
      QueryString({{"to", other},
                   {"back", root["back"].is_string() ? root["back"].string_value() : "/admin"}});
  const std::string content = Template(page);
  root["content"] = Data(mustache::partial([content] { return content; }));
  mustache::mustache layout(Template("layout"));
  Data data(root);
  std::string html = layout.render(data);
  if (!layout.is_valid()) throw std::logic_error("template error: " + layout.error_message());
  http::Response r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.body = std::move(html);
  return r;
}

http::Response Redirect(const std::string& location) {
  http::Response r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.headers.emplace_back("Location", location);
  return r;
}

Object FormState(const Form& form, const std::vector<matching::FieldError>& errors, Lang lang,
                 const std::vector<std::string>& fields) {
  auto key = [](std::string name) {
    for (char& c : name) c = c == '.' ? '_' : c;
    return name;
  };
  Object v, e;
  for (const auto& f : fields) v[key(f)] = form.Get(f);
  List summary;
  for (const auto& err : errors) {
    const std::string k = key(err.field);
    const std::string message = FieldMessage(lang, err);
    // One message per field on the field; all of them in the summary.
    if (!e.contains(k)) e[k] = message;
    summary.push_back(Object{{"field", k}, {"label", Label(lang, k)}, {"message", message}});
  }
  Object out;
  out["v"] = v;
  out["e"] = e;
  out["errors"] = summary;
  out["has_errors"] = !errors.empty();
  return out;
}

std::vector<std::string> Names(const std::vector<std::string_view>& names) {
  return {names.begin(), names.end()};
}

int64_t PathId(const PageRequest& pr, const std::string& name, const std::string& what) {
  const auto it = pr.http.path_params.find(name);
  int64_t id = 0;
  if (it != pr.http.path_params.end()) {
    const std::string& s = it->second;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec == std::errc() && end == s.data() + s.size() && id > 0) return id;
  }
  throw NotFoundError(what);
}

std::map<std::string, std::string> RegionNames(Site& site, const PageRequest& pr) {
  std::map<std::string, std::string> out;
  for (const auto& r : site.uc.reference.ListRegions(pr.actor)) {
    out[r.code] = pr.lang == Lang::kJa ? r.name_ja : r.name_en;
  }
  return out;
}

std::map<int64_t, std::string> AgencyNames(Site& site, const PageRequest& pr) {
  std::map<int64_t, std::string> out;
  for (const auto& a : site.uc.reference.ListAgencies(pr.actor)) out[a.id] = a.name;
  return out;
}

std::string Percent(double ratio) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", ratio * 100);
  return buf;
}

}  // namespace fostermatch::pages
