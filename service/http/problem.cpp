#include "service/http/problem.h"

#include <boost/json.hpp>

namespace fostermatch::http {

const char* StatusTitle(int status) {
  switch (status) {
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Error";
  }
}

Response ProblemResponse(const ApiError& error) {
  boost::json::object body;
  body["type"] = "about:blank";
  body["title"] = StatusTitle(error.status());
  body["status"] = error.status();
  body["detail"] = error.what();
  if (!error.errors().empty()) {
    boost::json::array errors;
    for (const FieldError& e : error.errors()) {
      errors.push_back({{"field", e.field}, {"message", e.message}});
    }
    body["errors"] = std::move(errors);
  }
  Response r;
  r.status = error.status();
  r.content_type = "application/problem+json";
  r.body = boost::json::serialize(body);
  return r;
}

}  // namespace fostermatch::http
