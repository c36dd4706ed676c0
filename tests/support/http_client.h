#pragma once

#include <boost/json.hpp>
#include <map>
#include <string>

namespace fostermatch::testing {

struct HttpResult {
  int status = 0;
  // Lower-case names; a header sent more than once (Set-Cookie) has its values one a line.
  std::map<std::string, std::string> headers;
  std::string body;
  boost::json::value Json() const { return boost::json::parse(body); }
};

// A blocking HTTP/1.1 client over a real loopback socket, kept alive between requests.
class HttpClient final {
 public:
  explicit HttpClient(uint16_t port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // `headers` are added as given ("Cookie", …).
  HttpResult Request(const std::string& method, const std::string& target,
                     const std::string& token = "", const std::string& body = "",
                     const std::string& content_type = "application/json",
                     const std::map<std::string, std::string>& headers = {});
  HttpResult Get(const std::string& target, const std::string& token = "") {
    return Request("GET", target, token);
  }

 private:
  struct Impl;
  Impl* impl_;
};

}  // namespace fostermatch::testing
