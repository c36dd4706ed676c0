#include "service/reports/match_run_export.h"

#include <boost/json.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

#include "service/model/json_text.h"

namespace fostermatch::reports {

namespace {

std::string Html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A quoted text cell; a leading = + - @ tab or CR would make a spreadsheet run it as a formula.
std::string CsvText(const std::string& s) {
  std::string out = "\"";
  if (!s.empty() && std::string_view("=+-@\t\r").find(s.front()) != std::string_view::npos) {
    out += '\'';
  }
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Fixed(double v, const char* format) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string Score(double v) { return Fixed(v, "%.2f"); }
std::string Percent(double rate) { return Fixed(rate * 100, "%.1f%%"); }

// A horizontal bar chart: one labelled bar per item, values 0..max.
std::string BarChart(const std::string& title,
                     const std::vector<std::pair<std::string, double>>& bars, double max,
                     bool percent) {
  constexpr int kLabel = 130, kBar = 300, kRow = 22;
  const int height = static_cast<int>(bars.size()) * kRow + 30;
  std::string svg = "<svg role=\"img\" aria-label=\"" + Html(title) + "\" width=\"" +
                    std::to_string(kLabel + kBar + 70) + "\" height=\"" + std::to_string(height) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\"><title>" + Html(title) + "</title>";
  int y = 20;
  for (const auto& [label, value] : bars) {
    const int w = max > 0 ? static_cast<int>(kBar * value / max) : 0;
    const std::string text = percent ? Percent(value) : Fixed(value, "%g");
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 13) + "\" font-size=\"12\">" + Html(label) +
           "</text>";
    svg += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(std::max(w, 1)) + "\" height=\"16\" fill=\"#3a7ca5\"/>";
    svg += "<text x=\"" + std::to_string(kLabel + w + 6) + "\" y=\"" + std::to_string(y + 13) +
           "\" font-size=\"12\">" + text + "</text>";
    y += kRow;
  }
  return svg + "</svg>";
}

const std::vector<model::LongUnplacedItem>& LongUnplacedOf(const model::MonthlyRun& run,
                                                           int64_t agency_id) {
  static const std::vector<model::LongUnplacedItem> kNone;
  auto it = run.long_unplaced.find(std::to_string(agency_id));
  return it == run.long_unplaced.end() ? kNone : it->second;
}

constexpr const char* kStyle =
    "body{font-family:'Noto Sans CJK JP','Hiragino Sans',sans-serif;margin:24px;color:#222}"
    "h1{font-size:22px}h2{font-size:18px;border-bottom:2px solid #3a7ca5;padding-bottom:4px;"
    "margin-top:32px}table{border-collapse:collapse;margin:8px 0;font-size:13px}"
    "th,td{border:1px solid #bbb;padding:4px 8px;text-align:left}th{background:#eef4f8}"
    ".kpi{display:inline-block;margin:0 24px 12px 0}.kpi b{font-size:20px;display:block}"
    "section{page-break-before:always}";

std::string Header(const model::MonthlyRun& run) {
  const std::string month = Html(run.month);
  std::string h =
      "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>"
      "月次マッチング報告 " +
      month + "</title><style>" + kStyle + "</style></head><body>";
  h += "<h1>月次マッチング報告 " + month + " <small>(Monthly matching report)</small></h1>";
  auto kpi = [&](const char* label, const std::string& value) {
    h += std::string("<div class=\"kpi\">") + label + "<b>" + value + "</b></div>";
  };
  kpi("委託率 (placement rate)", Percent(run.statistics.placement_rate));
  kpi("未委託ニーズ (open needs)", std::to_string(run.summary.open_needs));
  kpi("提案 (proposals)", std::to_string(run.summary.proposals));
  kpi("候補なし (unassigned)", std::to_string(run.summary.unassigned));
  std::vector<std::pair<std::string, double>> by_region;
  for (const auto& r : run.statistics.by_region) by_region.push_back({r.name_ja, r.tally.rate});
  return h + "<h2>区別の委託率 (placement rate by region)</h2>" +
         BarChart("区別の委託率", by_region, 1.0, true);
}

std::string AgencySection(const model::MonthlyRun& run, const model::AgencyRef& agency,
                          const std::map<std::string, std::string>& region_name) {
  auto region = [&](const std::string& code) {
    auto it = region_name.find(code);
    return Html(it == region_name.end() ? code : it->second);
  };
  std::string h = "<section><h2>" + Html(agency.name) +
                  "</h2><h3>今月の提案 (proposals)</h3>"
                  "<table><tr><th>ニーズ</th><th>ケース番号</th><th>里親世帯</th><th>区</th>"
                  "<th>スコア</th></tr>";
  for (const auto& p : run.proposals) {
    if (p.agency_id != agency.id) continue;
    h += "<tr><td>" + std::to_string(p.need_id) + "</td><td>" + Html(p.case_ref) + "</td><td>" +
         Html(p.household_name) + "</td><td>" + region(p.region) + "</td><td>" + Score(p.score) +
         "</td></tr>";
  }
  h += "</table>";
  std::vector<std::pair<std::string, double>> months = {
      {"12–23か月", 0}, {"24–35か月", 0}, {"36–59か月", 0}, {"60か月以上", 0}};
  std::string rows;
  for (const auto& e : LongUnplacedOf(run, agency.id)) {
    const int m = e.months_unplaced;
    months[m < 24 ? 0 : m < 36 ? 1 : m < 60 ? 2 : 3].second += 1;
    std::string missing;
    for (const auto& g : e.readiness.missing) missing += Html(g.ja) + "<br>";
    rows += "<tr><td>" + Html(e.household_name) + "（" + region(e.region) + "）</td><td>" +
            std::to_string(m) + "</td><td>" + std::to_string(e.readiness.score) + "</td><td>" +
            missing + "</td><td>" + Html(e.next_step.ja) + "</td></tr>";
  }
  double max_count = 0;
  for (const auto& m : months) max_count = std::max(max_count, m.second);
  h += "<h3>長期未委託里親 (long-unplaced households)</h3>" +
       BarChart("未委託期間の分布", months, max_count, false);
  return h +
         "<table><tr><th>世帯</th><th>未委託月数</th><th>準備度</th><th>不足事項</th>"
         "<th>次の一手</th></tr>" +
         rows + "</table></section>";
}

void WriteAtomically(const std::filesystem::path& path, const std::string& content) {
  const std::filesystem::path partial = path.string() + ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) throw std::runtime_error("cannot write " + partial.string());
  }
  std::filesystem::rename(partial, path);
}

}  // namespace

std::string MatchRunHtml(const model::MonthlyRun& run) {
  std::map<std::string, std::string> region_name;
  for (const auto& r : run.statistics.by_region) region_name[r.code] = r.name_ja;
  std::string h = Header(run);
  for (const auto& agency : run.agencies) h += AgencySection(run, agency, region_name);
  return h + "</body></html>";
}

std::string AgencyCsv(const model::MonthlyRun& run, int64_t agency_id) {
  std::string csv = "\xEF\xBB\xBF";  // BOM: Excel then reads UTF-8
  csv += "区分,ニーズID,ケース番号,里親ID,世帯名,区,スコア,未委託月数,準備度,不足事項,次の一手\r\n";
  for (const auto& p : run.proposals) {
    if (p.agency_id != agency_id) continue;
    csv += CsvText("提案") + "," + std::to_string(p.need_id) + "," + CsvText(p.case_ref) + "," +
           std::to_string(p.foster_parent_id) + "," + CsvText(p.household_name) + "," +
           CsvText(p.region) + "," + Score(p.score) + ",,,,\r\n";
  }
  for (const auto& e : LongUnplacedOf(run, agency_id)) {
    std::string missing;
    for (const auto& g : e.readiness.missing) missing += (missing.empty() ? "" : " / ") + g.ja;
    csv += CsvText("長期未委託") + ",,," + std::to_string(e.foster_parent_id) + "," +
           CsvText(e.household_name) + "," + CsvText(e.region) + ",," +
           std::to_string(e.months_unplaced) + "," + std::to_string(e.readiness.score) + "," +
           CsvText(missing) + "," + CsvText(e.next_step.ja) + "\r\n";
  }
  return csv;
}

std::vector<std::string> WriteMatchRunExports(const model::MonthlyRun& run,
                                              const std::string& dir) {
  std::filesystem::create_directories(dir);
  const std::string base = (std::filesystem::path(dir) / ("match-run-" + run.month)).string();
  std::vector<std::string> written;
  auto write = [&](const std::string& path, const std::string& content) {
    WriteAtomically(path, content);
    written.push_back(path);
  };
  write(base + ".json", model::ToJsonText(boost::json::value_from(run)));
  for (const auto& agency : run.agencies) {
    write(base + "-agency-" + std::to_string(agency.id) + ".csv", AgencyCsv(run, agency.id));
  }
  write(base + ".html", MatchRunHtml(run));
  return written;
}

}  // namespace fostermatch::reports
