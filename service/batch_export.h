#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace fostermatch {

// Writes a match run (as MatchRunJson returns it) into `dir`: match-run-YYYY-MM.json, one CSV per
// agency (UTF-8 with BOM, so Excel opens the Japanese correctly) and match-run-YYYY-MM.html, a
// printable report with one section per agency and SVG charts. Returns the paths written.
// Throws std::runtime_error if a file cannot be written.
std::vector<std::string> WriteMatchRunExports(const boost::json::object& run, const std::string& dir);

// The HTML report alone.
std::string MatchRunHtml(const boost::json::object& run);

}  // namespace fostermatch
