#pragma once

// JSON text with numbers as people write them: 69.05 and 0.35, not Boost.JSON's 6.905E1 and
// 3.5E-1. Doubles are written in their shortest form that reads back exactly, and keep a
// decimal point (1.0) so that a typed client still sees a number with a fraction.

#include <boost/json.hpp>
#include <charconv>
#include <cmath>
#include <string>

namespace fostermatch::model {

inline void AppendJsonText(const boost::json::value& v, std::string& out) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto& [key, item] : v.get_object()) {
        if (!first) out += ',';
        first = false;
        out += boost::json::serialize(boost::json::string_view(key));
        out += ':';
        AppendJsonText(item, out);
      }
      out += '}';
      return;
    }
    case boost::json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& item : v.get_array()) {
        if (!first) out += ',';
        first = false;
        AppendJsonText(item, out);
      }
      out += ']';
      return;
    }
    case boost::json::kind::double_: {
      const double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";  // JSON has no infinity or NaN
        return;
      }
      char buf[32];
      const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
      std::string text(buf, end);
      if (text.find_first_of(".e") == std::string::npos) text += ".0";
      out += text;
      return;
    }
    default:
      out += boost::json::serialize(v);
  }
}

inline std::string ToJsonText(const boost::json::value& v) {
  std::string out;
  AppendJsonText(v, out);
  return out;
}

}  // namespace fostermatch::model
