// A request's bytes as the server reads them: Beast's parser with the server's header and body
// limits, the framing rules, then the transport-free Request (target, path, query, headers)
// routed against the API.

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>

#include "service/http/request_head.h"
#include "service/http/server.h"
#include "tests/fuzz/fuzz_support.h"

using namespace fostermatch;
namespace bhttp = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(http::ServerLimits::kDefaultHeaderLimit);
  parser.body_limit(http::ServerLimits::kDefaultBodyLimit);
  parser.eager(true);
  boost::asio::const_buffer in(data, size);
  boost::system::error_code ec;
  while (in.size() > 0 && !parser.is_done()) {
    const size_t used = parser.put(in, ec);
    if (ec || used == 0) break;
    in += used;
  }
  if (!parser.is_header_done()) return 0;
  if (auto problem = http::FramingProblem(parser.get())) {
    fuzz::CheckProblem(http::ApiError(400, *problem));
    return 0;
  }
  http::Request request;
  try {
    request = http::RequestHead(parser.get(), true);
  } catch (const http::ApiError& e) {
    fuzz::CheckProblem(e);
    return 0;
  }
  for (const auto& [name, value] : request.headers) {
    for (char c : name) fuzz::Require(!(c >= 'A' && c <= 'Z'), "header name not lower-cased");
  }
  fuzz::Require(request.path.find('/') == 0 || request.path.empty(), "path without a slash",
                request.path);
  try {
    fuzz::ApiRouter().Dispatch(request);
  } catch (const http::ApiError& e) {
    fuzz::CheckProblem(e);
  }
  return 0;
}
