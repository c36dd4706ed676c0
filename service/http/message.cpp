#include "service/http/message.h"

#include <cctype>

namespace fostermatch::http {

std::optional<std::string> Request::Query(const std::string& name) const {
  for (const auto& [key, value] : query) {
    if (key == name) return value;
  }
  return std::nullopt;
}

std::string Request::Header(const std::string& name) const {
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : it->second;
}

bool HasMediaType(const Request& request, std::string_view media_type) {
  auto it = request.headers.find("content-type");
  if (it == request.headers.end()) return false;
  std::string_view type(it->second);
  type = type.substr(0, type.find(';'));
  // Optional whitespace around the media type (RFC 9110 section 5.6.3).
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  if (type.size() != media_type.size()) return false;
  for (size_t i = 0; i < type.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(type[i])) !=
        std::tolower(static_cast<unsigned char>(media_type[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace fostermatch::http
