#include "tests/support/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace fostermatch::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;

struct HttpClient::Impl {
  asio::io_context ioc;
  beast::tcp_stream stream{ioc};
  beast::flat_buffer buffer;
  uint16_t port;
  bool connected = false;

  void Connect() {
    stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    connected = true;
  }
};

HttpClient::HttpClient(uint16_t port) : impl_(new Impl) { impl_->port = port; }

HttpClient::~HttpClient() {
  beast::error_code ec;
  impl_->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  delete impl_;
}

HttpResult HttpClient::Request(const std::string& method, const std::string& target,
                               const std::string& token, const std::string& body,
                               const std::string& content_type,
                               const std::map<std::string, std::string>& headers) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (!impl_->connected) impl_->Connect();
    bhttp::request<bhttp::string_body> req(bhttp::string_to_verb(method), target, 11);
    req.set(bhttp::field::host, "127.0.0.1");
    if (!token.empty()) req.set(bhttp::field::authorization, "Bearer " + token);
    for (const auto& [name, value] : headers) req.set(name, value);
    if (!body.empty() || method == "POST" || method == "PATCH") {
      req.set(bhttp::field::content_type, content_type);
      req.body() = body;
    }
    req.prepare_payload();
    beast::error_code ec;
    bhttp::write(impl_->stream, req, ec);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(256 << 20);
    if (!ec) bhttp::read(impl_->stream, impl_->buffer, parser, ec);
    if (ec) {
      // The server may have closed an idle keep-alive connection: reconnect once.
      impl_->stream.close();
      impl_->connected = false;
      impl_->buffer.clear();
      if (attempt == 0) continue;
      throw beast::system_error(ec);
    }
    auto res = parser.release();
    HttpResult out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string& value = out.headers[name];
      value += (value.empty() ? "" : "\n") + std::string(f.value());
    }
    out.body = res.body();
    if (!res.keep_alive()) {
      impl_->stream.close();
      impl_->connected = false;
    }
    return out;
  }
  return {};
}

}  // namespace fostermatch::testing
