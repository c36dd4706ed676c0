// Decoding what a browser sends: urlencoded forms and queries, cookies.

#include <cctype>
#include <charconv>

#include "service/pages/site.h"

namespace fostermatch::pages {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// '+' is a space and %XY a byte; a malformed escape is kept as it is.
std::string Decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 &&
               HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string Encode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

Form Form::Parse(std::string_view text) {
  std::vector<std::pair<std::string, std::string>> fields;
  while (!text.empty()) {
    const size_t amp = text.find('&');
    const std::string_view part = text.substr(0, amp);
    text = amp == std::string_view::npos ? std::string_view() : text.substr(amp + 1);
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    fields.emplace_back(Decode(part.substr(0, eq)),
                        eq == std::string_view::npos ? "" : Decode(part.substr(eq + 1)));
  }
  return Form(std::move(fields));
}

std::string Form::Get(std::string_view name) const {
  for (const auto& [k, v] : fields_) {
    if (k == name) return v;
  }
  return "";
}

std::vector<std::string> Form::All(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : fields_) {
    if (k == name) out.push_back(v);
  }
  return out;
}

bool Form::Has(std::string_view name) const {
  for (const auto& field : fields_) {
    if (field.first == name) return true;
  }
  return false;
}

std::map<std::string, std::string> ParseCookies(const http::Request& r) {
  std::map<std::string, std::string> out;
  const std::string header = r.Header("cookie");
  std::string_view text = header;
  while (!text.empty()) {
    const size_t semi = text.find(';');
    const std::string_view part = Trim(text.substr(0, semi));
    text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
    const size_t eq = part.find('=');
    if (eq == std::string_view::npos) continue;
    // The first of two cookies with one name wins (the most specific path, by RFC 6265 order).
    out.emplace(std::string(Trim(part.substr(0, eq))), std::string(Trim(part.substr(eq + 1))));
  }
  return out;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string QueryString(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (v.empty()) continue;
    if (!out.empty()) out += '&';
    out += Encode(k) + "=" + Encode(v);
  }
  return out;
}

std::optional<int> FieldErrors::Int(const Form& form, const std::string& name, bool required) {
  const std::string raw(Trim(form.Get(name)));
  if (raw.empty()) {
    if (required) Add(name, "is required");
    return std::nullopt;
  }
  int v = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec != std::errc() || end != raw.data() + raw.size()) {
    Add(name, "must be a whole number");
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> FieldErrors::Id(const Form& form, const std::string& name, bool required) {
  const std::string raw(Trim(form.Get(name)));
  if (raw.empty()) {
    if (required) Add(name, "is required");
    return std::nullopt;
  }
  int64_t v = 0;
  auto [end, ec] = std::from_chars(raw.data(), raw.data() + raw.size(), v);
  if (ec != std::errc() || end != raw.data() + raw.size() || v <= 0) {
    Add(name, "must be a whole number");
    return std::nullopt;
  }
  return v;
}

std::optional<matching::Date> FieldErrors::Date(const Form& form, const std::string& name,
                                                bool required) {
  const std::string raw(Trim(form.Get(name)));
  if (raw.empty()) {
    if (required) Add(name, "is required");
    return std::nullopt;
  }
  auto d = matching::Date::Parse(raw);
  if (!d) Add(name, "must be a date YYYY-MM-DD");
  return d;
}

}  // namespace fostermatch::pages
