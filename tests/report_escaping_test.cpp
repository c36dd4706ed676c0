// The monthly run's exports treat every value as data: HTML escaped, spreadsheet formulas
// neutralised.

#include <gtest/gtest.h>

#include <string>

#include "service/reports/match_run_export.h"

namespace fostermatch {
namespace {

const std::string kHostile = "<script>alert(1)</script>&\"'";
const std::string kHostileEscaped = "&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;";

model::MonthlyRun HostileRun() {
  model::MonthlyRun run;
  run.month = "2026-11";
  run.agencies = {{1, kHostile}};
  model::Proposal p;
  p.need_id = 7;
  p.case_ref = kHostile;
  p.foster_parent_id = 3;
  p.agency_id = 1;
  p.household_name = kHostile;
  p.region = kHostile;
  p.score = 50;
  run.proposals.push_back(p);
  model::LongUnplacedItem item;
  item.foster_parent_id = 4;
  item.agency_id = 1;
  item.household_name = kHostile;
  item.region = kHostile;
  item.months_unplaced = 30;
  item.readiness.missing.push_back({true, kHostile, kHostile});
  item.next_step = {"x", kHostile, kHostile};
  run.long_unplaced["1"] = {item};
  return run;
}

TEST(ReportEscaping, TheHtmlReportEscapesEveryValueFromTheRecords) {
  const std::string html = reports::MatchRunHtml(HostileRun());
  EXPECT_EQ(html.find("<script"), std::string::npos) << "a household name ran as a script";
  EXPECT_EQ(html.find(kHostile), std::string::npos);
  EXPECT_NE(html.find(kHostileEscaped), std::string::npos);
  // Agency name, case reference, household (twice), region, gap and next step: all escaped.
  size_t escaped = 0;
  for (size_t at = html.find(kHostileEscaped); at != std::string::npos;
       at = html.find(kHostileEscaped, at + 1)) {
    ++escaped;
  }
  EXPECT_GE(escaped, 6u);
}

TEST(ReportEscaping, CsvCellsThatASpreadsheetWouldRunAsFormulasAreNeutralised) {
  for (const std::string start : {"=", "+", "-", "@"}) {
    model::MonthlyRun run = HostileRun();
    const std::string formula = start + "HYPERLINK(\"http://evil\",\"x\")";
    run.proposals[0].case_ref = formula;
    run.proposals[0].household_name = formula;
    run.long_unplaced["1"][0].household_name = formula;
    const std::string csv = reports::AgencyCsv(run, 1);
    EXPECT_EQ(csv.find("\"" + start + "HYPERLINK"), std::string::npos)
        << "a cell starting with " << start << " was left as a formula:\n"
        << csv;
    EXPECT_EQ(csv.find("," + start + "HYPERLINK"), std::string::npos) << csv;
    EXPECT_NE(csv.find("\"'" + start + "HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\""),
              std::string::npos)
        << "quoted, with an apostrophe before the formula:\n"
        << csv;
  }
}

}  // namespace
}  // namespace fostermatch
