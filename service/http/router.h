#pragma once

#include <functional>
#include <string>
#include <vector>

#include "service/http/message.h"
#include "service/http/request_class.h"

namespace fostermatch::http {

using Handler = std::function<Response(Request&)>;

// Maps (method, path pattern) to a handler. Patterns are literal segments and "{name}"
// placeholders ("/api/v1/needs/{id}/candidates"); a placeholder matches one non-empty segment.
class Router final {
 public:
  void Add(std::string method, std::string pattern, Handler handler,
           RequestClass request_class = RequestClass::kLight);

  // Fills request.path_params and calls the handler. Throws ApiError 404 for an unknown path
  // and 405 (with the allowed methods in the detail) for a known path with another method.
  Response Dispatch(Request& request) const;

  // The class of the route `request` (method and path) would be dispatched to; kLight when no
  // route matches (its answer, 404 or 405, is cheap).
  RequestClass ClassOf(const Request& request) const;

  struct Route {
    std::string method;
    std::string pattern;
    RequestClass request_class = RequestClass::kLight;
  };
  // Every registered route, in registration order (for the OpenAPI consistency test).
  std::vector<Route> Routes() const;

 private:
  struct Entry {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
    RequestClass request_class;
  };
  std::vector<Entry> entries_;
};

}  // namespace fostermatch::http
