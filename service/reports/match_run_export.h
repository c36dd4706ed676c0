#pragma once

// Exports of a monthly run: match-run-YYYY-MM.json, one CSV per agency (UTF-8 with BOM, so Excel
// opens the Japanese correctly) and match-run-YYYY-MM.html, a printable report with one section
// per agency and SVG charts.

#include <string>
#include <vector>

#include "service/model/match_run.h"

namespace fostermatch::reports {

// Writes the three kinds of file into `dir` (created if missing); each file is written beside
// its final name and renamed, so a crash never leaves a truncated report. Returns the paths.
// Throws std::runtime_error if a file cannot be written.
std::vector<std::string> WriteMatchRunExports(const model::MonthlyRun& run, const std::string& dir);

// The HTML report alone. Every value is escaped.
std::string MatchRunHtml(const model::MonthlyRun& run);

// One agency's CSV: its proposals and its long-unplaced households. Text cells are quoted, and
// a cell that a spreadsheet would read as a formula is prefixed with an apostrophe (OWASP).
std::string AgencyCsv(const model::MonthlyRun& run, int64_t agency_id);

}  // namespace fostermatch::reports
