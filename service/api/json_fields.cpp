#include "service/api/json_fields.h"

#include <cmath>

namespace fostermatch::api {

namespace json = boost::json;
using http::ApiError;

json::object ParseJsonBody(const http::Request& request) {
  if (!http::HasMediaType(request, "application/json")) {
    throw ApiError(415, "the body must be application/json");
  }
  boost::system::error_code ec;
  json::value value = json::parse(request.body, ec);
  if (ec)
    throw ApiError(400, "the body is not valid JSON: " + ec.message(), {{"body", ec.message()}});
  if (!value.is_object())
    throw ApiError(400, "the body must be a JSON object", {{"body", "not an object"}});
  return std::move(value.as_object());
}

JsonFields::JsonFields(const json::object& object, std::string prefix)
    : object_(object), prefix_(std::move(prefix)) {}

void JsonFields::Fail(const std::string& name, const std::string& message) {
  errors_.push_back({prefix_ + name, message});
}

void JsonFields::Merge(JsonFields& nested) {
  for (auto& e : nested.errors_) errors_.push_back(std::move(e));
  nested.errors_.clear();
}

void JsonFields::RejectUnknown(std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : object_) {
    if (std::find(allowed.begin(), allowed.end(), std::string_view(key)) == allowed.end()) {
      Fail(std::string(key), "is not a known field");
    }
  }
}

void JsonFields::ThrowIfInvalid() {
  if (!errors_.empty()) throw ApiError::Invalid(errors_);
}

const json::value* JsonFields::Field(const std::string& name, bool required) {
  auto it = object_.find(name);
  if (it == object_.end() || (required && it->value().is_null())) {
    if (required) Fail(name, "is required");
    return nullptr;
  }
  return &it->value();
}

const json::array* JsonFields::Array(const std::string& name, bool required) {
  const json::value* v = Field(name, required);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    Fail(name, "must be an array");
    return nullptr;
  }
  return &v->as_array();
}

std::optional<std::string> JsonFields::String(const std::string& name, bool required,
                                              size_t max_length, size_t min_length) {
  const json::value* v = Field(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    Fail(name, "must be a string");
    return std::nullopt;
  }
  std::string s(v->as_string());
  if (s.size() > max_length) {
    Fail(name, "must be at most " + std::to_string(max_length) + " bytes");
    return std::nullopt;
  }
  if (s.size() < min_length) {
    Fail(name, min_length == 1 ? "must not be empty"
                               : "must be at least " + std::to_string(min_length) + " bytes");
    return std::nullopt;
  }
  return s;
}

std::optional<int64_t> JsonFields::Int(const std::string& name, bool required, int64_t min,
                                       int64_t max) {
  const json::value* v = Field(name, required);
  if (v == nullptr) return std::nullopt;
  std::optional<int64_t> n;
  if (v->is_int64()) n = v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<uint64_t>(INT64_MAX)) {
    n = static_cast<int64_t>(v->as_uint64());
  }
  if (v->is_double() && std::floor(v->as_double()) == v->as_double() &&
      std::abs(v->as_double()) < 9e15) {
    n = static_cast<int64_t>(v->as_double());
  }
  if (!n || *n < min || *n > max) {
    Fail(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    return std::nullopt;
  }
  return n;
}

std::optional<double> JsonFields::Number(const std::string& name, bool required, double min,
                                         double max) {
  const json::value* v = Field(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number() || !std::isfinite(v->to_number<double>()) || v->to_number<double>() < min ||
      v->to_number<double>() > max) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "must be a number from %g to %g", min, max);
    Fail(name, buf);
    return std::nullopt;
  }
  return v->to_number<double>();
}

std::optional<bool> JsonFields::Bool(const std::string& name, bool required) {
  const json::value* v = Field(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_bool()) {
    Fail(name, "must be true or false");
    return std::nullopt;
  }
  return v->as_bool();
}

std::optional<matching::Date> JsonFields::Date(const std::string& name, bool required) {
  auto s = String(name, required, 32);
  if (!s) return std::nullopt;
  auto d = matching::Date::Parse(*s);
  if (!d) Fail(name, "must be a date YYYY-MM-DD");
  return d;
}

std::optional<std::vector<int64_t>> JsonFields::IdList(const std::string& name, bool required) {
  const json::array* items = Array(name, required);
  if (items == nullptr) return std::nullopt;
  std::vector<int64_t> out;
  for (const auto& item : *items) {
    if (!item.is_int64() || item.as_int64() <= 0) {
      Fail(name, "every item must be a positive integer id");
      return std::nullopt;
    }
    out.push_back(item.as_int64());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

const json::object* JsonFields::Object(const std::string& name, bool required) {
  const json::value* v = Field(name, required);
  if (v == nullptr) return nullptr;
  if (!v->is_object()) {
    Fail(name, "must be an object");
    return nullptr;
  }
  return &v->as_object();
}

}  // namespace fostermatch::api
