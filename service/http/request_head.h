#pragma once

// How the server reads a request's head: Beast's parsed header to the transport-free Request,
// and the framing rules it enforces. Declared here so the fuzzer can drive them without a socket.

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <optional>
#include <string>

#include "service/http/message.h"

namespace fostermatch::http {

// The Request for a parsed header (body still empty): method, percent-decoded path (an encoded
// "/" stays "%2F"), decoded query, lower-cased header names. Throws ApiError 400 for a target
// that is not an origin-form path.
Request RequestHead(const boost::beast::http::request<boost::beast::http::string_body>& header,
                    bool loopback);

// What is wrong with the header's framing (RFC 9112 section 6: Transfer-Encoding other than a
// lone chunked, both it and Content-Length, repeated singleton fields), or nullopt.
std::optional<std::string> FramingProblem(
    const boost::beast::http::request<boost::beast::http::string_body>& header);

}  // namespace fostermatch::http
