#include "service/http/problem.h"

#include <boost/json.hpp>

#include "matching/text.h"

namespace fostermatch::http {
namespace {

// A problem's detail and each field error's name and message are cut to this many bytes.
constexpr size_t kMaxQuotedBytes = 1000;

}  // namespace

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
  // Details and field errors may quote the request (a path, a key, a CSV value): made valid
  // UTF-8 and cut short here, the one place every problem passes, so a body is always valid
  // JSON whatever bytes the client sent.
  body["detail"] = matching::ToValidUtf8(error.what(), kMaxQuotedBytes);
  if (!error.errors().empty()) {
    boost::json::array errors;
    for (const FieldError& e : error.errors()) {
      errors.push_back({{"field", matching::ToValidUtf8(e.field, kMaxQuotedBytes)},
                        {"message", matching::ToValidUtf8(e.message, kMaxQuotedBytes)}});
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
