#include "service/api/json_fields.h"

#include <boost/json/basic_parser_impl.hpp>
#include <cmath>

#include "matching/text.h"
#include "matching/validation.h"

namespace fostermatch::api {

namespace json = boost::json;
using http::ApiError;

namespace {

// Bodies nest at most this deep (ours nest 3 levels): deeper input is refused before any of it
// is built, so a "[[[[…" body costs no recursion.
constexpr size_t kMaxJsonDepth = 16;
// A duplicate key is quoted back cut to this many bytes.
constexpr size_t kMaxQuotedKey = 100;

// A basic_parser handler that builds nothing and finds the first key repeated within one
// object ({"a": 1, "a": 2}), which json::parse would silently resolve to the last value.
class DuplicateKeyFinder {
 public:
  static constexpr size_t max_object_size = size_t(-1);
  static constexpr size_t max_array_size = size_t(-1);
  static constexpr size_t max_key_size = size_t(-1);
  static constexpr size_t max_string_size = size_t(-1);

  // The dotted path of the first repeated key ("accepts.age_min"), if any.
  const std::optional<std::string>& duplicate() const { return duplicate_; }

  bool on_document_begin(boost::system::error_code&) { return true; }
  bool on_document_end(boost::system::error_code&) { return true; }
  bool on_array_begin(boost::system::error_code&) {
    frames_.emplace_back();
    return true;
  }
  bool on_array_end(size_t, boost::system::error_code&) { return Pop(); }
  bool on_object_begin(boost::system::error_code&) {
    frames_.emplace_back();
    return true;
  }
  bool on_object_end(size_t, boost::system::error_code&) { return Pop(); }
  bool on_string_part(json::string_view, size_t, boost::system::error_code&) { return true; }
  bool on_string(json::string_view, size_t, boost::system::error_code&) { return true; }
  bool on_key_part(json::string_view s, size_t, boost::system::error_code&) {
    key_.append(s.data(), s.size());
    return true;
  }
  bool on_key(json::string_view s, size_t, boost::system::error_code& ec) {
    key_.append(s.data(), s.size());
    Frame& frame = frames_.back();
    if (!frame.keys.insert(key_).second) {
      std::string path;
      for (const Frame& f : frames_) {
        if (&f != &frame && !f.current.empty()) path += f.current + ".";
      }
      duplicate_ = path + key_;
      ec = json::error::syntax;  // stops the parser; duplicate() says why
      return false;
    }
    frame.current = std::move(key_);
    key_.clear();
    return true;
  }
  bool on_number_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_int64(int64_t, json::string_view, boost::system::error_code&) { return true; }
  bool on_uint64(uint64_t, json::string_view, boost::system::error_code&) { return true; }
  bool on_double(double, json::string_view, boost::system::error_code&) { return true; }
  bool on_bool(bool, boost::system::error_code&) { return true; }
  bool on_null(boost::system::error_code&) { return true; }
  bool on_comment_part(json::string_view, boost::system::error_code&) { return true; }
  bool on_comment(json::string_view, boost::system::error_code&) { return true; }

 private:
  struct Frame {
    std::set<std::string> keys;
    std::string current;  // the key being read in this object (for the path)
  };
  bool Pop() {
    frames_.pop_back();
    return true;
  }
  std::vector<Frame> frames_;
  std::string key_;
  std::optional<std::string> duplicate_;
};

json::parse_options BodyParseOptions() {
  json::parse_options options;
  options.max_depth = kMaxJsonDepth;
  return options;  // strict otherwise: no comments, no trailing commas, valid UTF-8 only
}

// A parser error as a client can act on it; never quotes the body (it may not be UTF-8).
ApiError ParseFailure(const boost::system::error_code& ec) {
  if (ec == json::error::too_deep) {
    const std::string message =
        "is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep";
    return ApiError(400, "the body " + message, {{"body", message}});
  }
  return ApiError(400, "the body is not valid JSON: " + ec.message(), {{"body", ec.message()}});
}

}  // namespace

json::object ParseJsonBody(const http::Request& request) {
  if (!http::HasMediaType(request, "application/json")) {
    throw ApiError(415, "the body must be application/json");
  }
  return ParseJsonObject(request.body);
}

json::object ParseJsonObject(std::string_view body) {
  const json::parse_options options = BodyParseOptions();
  // First pass: syntax, depth, UTF-8 and repeated keys, building nothing.
  json::basic_parser<DuplicateKeyFinder> checker(options);
  boost::system::error_code ec;
  checker.write_some(false, body.data(), body.size(), ec);
  if (const auto& key = checker.handler().duplicate()) {
    throw ApiError::Invalid(
        {{matching::ToValidUtf8(*key, kMaxQuotedKey), "appears more than once in the object"}});
  }
  if (ec) throw ParseFailure(ec);
  json::value value = json::parse(body, ec, {}, options);
  if (ec) throw ParseFailure(ec);
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
  // NUL and other controls are never text a record needs, and PostgreSQL refuses NUL outright.
  if (matching::HasControlCharacters(s)) {
    Fail(name,
         "must not contain control characters (NUL, escape, …); tab and line breaks are "
         "allowed");
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
  if (!d) Fail(name, matching::DateRangeMessage());
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
