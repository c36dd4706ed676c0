#pragma once

#include <boost/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "matching/date.h"
#include "matching/domain.h"
#include "service/http/message.h"
#include "service/http/problem.h"

namespace fostermatch::api {

// Parses a request body as a JSON object; ApiError 415 if the content type is not JSON, 400 if
// the body is not a JSON object (malformed, invalid UTF-8, nested more than 16 levels), 422
// naming the key if a key repeats within one object.
boost::json::object ParseJsonBody(const http::Request& request);
// The same for a body already known to be JSON (the part of ParseJsonBody the fuzzer drives).
boost::json::object ParseJsonObject(std::string_view body);

// Reads typed fields from a JSON object, collecting one FieldError per bad field instead of
// stopping at the first, so a client learns everything that is wrong at once. A field that is
// absent yields nullopt (and an error if `required`); a field of the wrong type or out of range
// yields nullopt and an error naming it. Unknown fields are errors too (they are typos).
class JsonFields final {
 public:
  JsonFields(const boost::json::object& object, std::string prefix = "");

  bool Has(const std::string& name) const { return object_.contains(name); }
  std::optional<std::string> String(const std::string& name, bool required, size_t max_length,
                                    size_t min_length = 0);
  std::optional<int64_t> Int(const std::string& name, bool required, int64_t min, int64_t max);
  std::optional<double> Number(const std::string& name, bool required, double min, double max);
  std::optional<bool> Bool(const std::string& name, bool required);
  std::optional<matching::Date> Date(const std::string& name, bool required);
  std::optional<std::vector<int64_t>> IdList(const std::string& name, bool required);
  // A nested object, read with its own JsonFields (errors are prefixed "name.").
  const boost::json::object* Object(const std::string& name, bool required);

  template <typename E>
  std::optional<E> Enum(const std::string& name, bool required) {
    auto text = String(name, required, 64);
    if (!text) return std::nullopt;
    auto value = matching::ParseEnum<E>(*text);
    if (!value) Fail(name, "must be one of " + matching::AllowedValues<E>());
    return value;
  }
  // Returns false when absent or invalid; otherwise sets *out (nullopt for JSON null).
  template <typename E>
  bool NullableEnum(const std::string& name, std::optional<E>* out) {
    if (!Has(name)) return false;
    if (object_.at(name).is_null()) {
      out->reset();
      return true;
    }
    auto v = Enum<E>(name, true);
    if (v) *out = *v;
    return v.has_value();
  }
  template <typename E>
  std::optional<matching::EnumSet<E>> EnumList(const std::string& name, bool required) {
    const boost::json::array* items = Array(name, required);
    if (items == nullptr) return std::nullopt;
    matching::EnumSet<E> out;
    for (const auto& item : *items) {
      const auto* s = item.if_string();
      auto v = s ? matching::ParseEnum<E>(std::string_view(*s)) : std::nullopt;
      if (!v) {
        Fail(name, "every item must be one of " + matching::AllowedValues<E>());
        return std::nullopt;
      }
      out.Add(*v);
    }
    return out;
  }

  // Records an error for a field (for checks across fields). `name` is relative to the prefix.
  void Fail(const std::string& name, const std::string& message);
  // Errors found so far, including those of nested readers merged in with Merge().
  std::vector<http::FieldError>& errors() { return errors_; }
  void Merge(JsonFields& nested);
  // Flags fields not in `allowed`; call after reading.
  void RejectUnknown(std::initializer_list<std::string_view> allowed);
  // Throws ApiError 422 with every error, if any.
  void ThrowIfInvalid();

 private:
  const boost::json::value* Field(const std::string& name, bool required);
  const boost::json::array* Array(const std::string& name, bool required);
  const boost::json::object& object_;
  std::string prefix_;
  std::vector<http::FieldError> errors_;
};

}  // namespace fostermatch::api
