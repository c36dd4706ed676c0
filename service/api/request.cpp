#include "service/api/request.h"

#include <sodium.h>

#include <charconv>
#include <cstring>

namespace fostermatch::api {

using http::ApiError;
using http::Request;

namespace {

std::optional<int64_t> ParseInt(const std::string& s) {
  int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

int64_t DecodeCursor(const std::string& cursor) {
  std::string plain(cursor.size(), '\0');
  size_t len = 0;
  const ApiError invalid = ApiError::Invalid({{"cursor", "is not a cursor this API returned"}});
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(plain.data()), plain.size(),
                        cursor.c_str(), cursor.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    throw invalid;
  }
  plain.resize(len);
  auto v = plain.starts_with("p:") ? ParseInt(plain.substr(2)) : std::nullopt;
  if (!v || *v < 0) throw invalid;
  return *v;
}

}  // namespace

usecases::Actor ActorOf(const Request& request) {
  if (!request.principal) throw ApiError::Unauthorized();
  const http::Principal& p = *request.principal;
  return {p.actor, p.role, p.role == matching::Role::kAgency ? p.agency_id : std::nullopt};
}

int64_t PathId(const Request& request, const std::string& name, const std::string& what) {
  auto it = request.path_params.find(name);
  const std::string raw = it == request.path_params.end() ? "" : it->second;
  auto id = ParseInt(raw);
  if (!id || *id <= 0) throw ApiError::NotFound(what + " " + raw);
  return *id;
}

int QueryLimit(const Request& request, int fallback, int max) {
  auto raw = request.Query("limit");
  if (!raw) return fallback;
  auto v = ParseInt(*raw);
  if (!v || *v < 1 || *v > max) {
    throw ApiError::Invalid({{"limit", "must be an integer from 1 to " + std::to_string(max)}});
  }
  return static_cast<int>(*v);
}

std::optional<int64_t> QueryInt(const Request& request, const std::string& name) {
  auto raw = request.Query(name);
  if (!raw) return std::nullopt;
  auto v = ParseInt(*raw);
  if (!v) throw ApiError::Invalid({{name, "must be an integer"}});
  return v;
}

std::string EncodeCursor(int64_t position) {
  const std::string plain = "p:" + std::to_string(position);
  std::string out(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()),
                    plain.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

int64_t QueryCursor(const Request& request) {
  auto raw = request.Query("cursor");
  return raw ? DecodeCursor(*raw) : 0;
}

http::Response JsonResponse(std::string body, int status) {
  http::Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

}  // namespace fostermatch::api
