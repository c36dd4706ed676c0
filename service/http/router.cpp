#include "service/http/router.h"

#include "service/http/problem.h"

namespace fostermatch::http {
namespace {

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    if (end > start) out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool Matches(const std::vector<std::string>& pattern, const std::vector<std::string>& path,
             std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const std::string& p = pattern[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      found[p.substr(1, p.size() - 2)] = path[i];
    } else if (p != path[i]) {
      return false;
    }
  }
  if (params != nullptr) *params = std::move(found);
  return true;
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler,
                 RequestClass request_class) {
  std::vector<std::string> segments = SplitPath(pattern);
  entries_.push_back({std::move(method), std::move(pattern), std::move(segments),
                      std::move(handler), request_class});
}

RequestClass Router::ClassOf(const Request& request) const {
  const std::vector<std::string> path = SplitPath(request.path);
  for (const Entry& e : entries_) {
    if (e.method == request.method && Matches(e.segments, path, nullptr)) return e.request_class;
  }
  return RequestClass::kLight;
}

Response Router::Dispatch(Request& request) const {
  const std::vector<std::string> path = SplitPath(request.path);
  std::string allowed;
  for (const Entry& e : entries_) {
    if (!Matches(e.segments, path, nullptr)) continue;
    if (e.method == request.method) {
      Matches(e.segments, path, &request.path_params);
      request.route = e.pattern;
      return e.handler(request);
    }
    allowed += (allowed.empty() ? "" : ", ") + e.method;
  }
  if (allowed.empty()) throw ApiError::NotFound("resource " + request.path);
  throw ApiError(405, "method " + request.method + " is not allowed here; allowed: " + allowed);
}

std::vector<Router::Route> Router::Routes() const {
  std::vector<Route> out;
  for (const Entry& e : entries_) out.push_back({e.method, e.pattern, e.request_class});
  return out;
}

}  // namespace fostermatch::http
