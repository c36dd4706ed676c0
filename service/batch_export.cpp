#include "service/batch_export.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <fstream>
#include <stdexcept>

namespace fostermatch {

namespace json = boost::json;

namespace {

// A JSON value as display text: strings as they are, scores with two decimals.
std::string Str(const json::value& v) {
  if (v.is_string()) return std::string(v.as_string());
  if (v.is_null()) return "";
  if (v.is_double()) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f", v.as_double());
    return buf;
  }
  return json::serialize(v);
}

std::string Html(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Percent(double rate) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", rate * 100);
  return buf;
}

// A horizontal bar chart: one labelled bar per item, values 0..max.
std::string BarChart(const std::string& title, const std::vector<std::pair<std::string, double>>& bars,
                     double max, bool percent) {
  constexpr int kLabel = 130, kBar = 300, kRow = 22;
  const int height = static_cast<int>(bars.size()) * kRow + 30;
  std::string svg = "<svg role=\"img\" aria-label=\"" + Html(title) + "\" width=\"" +
                    std::to_string(kLabel + kBar + 70) + "\" height=\"" + std::to_string(height) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\"><title>" + Html(title) + "</title>";
  int y = 20;
  for (const auto& [label, value] : bars) {
    const int w = max > 0 ? static_cast<int>(kBar * value / max) : 0;
    char text[32];
    if (percent) {
      std::snprintf(text, sizeof text, "%.1f%%", value * 100);
    } else {
      std::snprintf(text, sizeof text, "%g", value);
    }
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 13) + "\" font-size=\"12\">" + Html(label) + "</text>";
    svg += "<rect x=\"" + std::to_string(kLabel) + "\" y=\"" + std::to_string(y) + "\" width=\"" +
           std::to_string(std::max(w, 1)) + "\" height=\"16\" fill=\"#3a7ca5\"/>";
    svg += "<text x=\"" + std::to_string(kLabel + w + 6) + "\" y=\"" + std::to_string(y + 13) +
           "\" font-size=\"12\">" + text + "</text>";
    y += kRow;
  }
  return svg + "</svg>";
}

const json::array& Array(const json::object& o, const char* key) {
  static const json::array kEmpty;
  const json::value* v = o.if_contains(key);
  return v && v->is_array() ? v->as_array() : kEmpty;
}

}  // namespace

std::string MatchRunHtml(const json::object& run) {
  const std::string month = Str(run.at("month"));
  const json::object& stats = run.at("statistics").as_object();
  const json::object& summary = run.at("summary").as_object();
  std::string h;
  h += "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>月次マッチング報告 " +
       Html(month) + "</title><style>"
       "body{font-family:'Noto Sans CJK JP','Hiragino Sans',sans-serif;margin:24px;color:#222}"
       "h1{font-size:22px}h2{font-size:18px;border-bottom:2px solid #3a7ca5;padding-bottom:4px;margin-top:32px}"
       "table{border-collapse:collapse;margin:8px 0;font-size:13px}th,td{border:1px solid #bbb;padding:4px 8px;text-align:left}"
       "th{background:#eef4f8}.kpi{display:inline-block;margin:0 24px 12px 0}.kpi b{font-size:20px;display:block}"
       "section{page-break-before:always}</style></head><body>";
  h += "<h1>月次マッチング報告 " + Html(month) + " <small>(Monthly matching report)</small></h1>";
  h += "<div class=\"kpi\">委託率 (placement rate)<b>" + Percent(stats.at("placement_rate").to_number<double>()) + "</b></div>";
  h += "<div class=\"kpi\">未委託ニーズ (open needs)<b>" + Str(summary.at("open_needs")) + "</b></div>";
  h += "<div class=\"kpi\">提案 (proposals)<b>" + Str(summary.at("proposals")) + "</b></div>";
  h += "<div class=\"kpi\">候補なし (unassigned)<b>" + Str(summary.at("unassigned")) + "</b></div>";
  std::vector<std::pair<std::string, double>> by_region;
  std::map<std::string, std::string> region_name;
  for (const auto& r : Array(stats, "by_region")) {
    by_region.push_back({Str(r.at("name_ja")), r.at("rate").to_number<double>()});
    region_name[Str(r.at("code"))] = Str(r.at("name_ja"));
  }
  auto region = [&](const json::value& code) {
    auto it = region_name.find(Str(code));
    return it == region_name.end() ? Str(code) : it->second;
  };
  h += "<h2>区別の委託率 (placement rate by region)</h2>" + BarChart("区別の委託率", by_region, 1.0, true);

  const json::object& long_unplaced = run.at("long_unplaced").as_object();
  for (const auto& agency : Array(run, "agencies")) {
    const std::string id = Str(agency.at("id"));
    h += "<section><h2>" + Html(Str(agency.at("name"))) + "</h2>";
    h += "<h3>今月の提案 (proposals)</h3><table><tr><th>ニーズ</th><th>ケース番号</th><th>里親世帯</th><th>区</th><th>スコア</th></tr>";
    for (const auto& p : Array(run, "proposals")) {
      if (Str(p.at("agency_id")) != id) continue;
      h += "<tr><td>" + Str(p.at("need_id")) + "</td><td>" + Html(Str(p.at("case_ref"))) + "</td><td>" +
           Html(Str(p.at("household_name"))) + "</td><td>" + Html(region(p.at("region"))) + "</td><td>" +
           Str(p.at("score")) + "</td></tr>";
    }
    h += "</table>";
    std::vector<std::pair<std::string, double>> months = {
        {"12–23か月", 0}, {"24–35か月", 0}, {"36–59か月", 0}, {"60か月以上", 0}};
    std::string rows;
    if (const auto* entries = long_unplaced.if_contains(id)) {
      for (const auto& e : entries->as_array()) {
        const int64_t m = e.at("months_unplaced").as_int64();
        months[m < 24 ? 0 : m < 36 ? 1 : m < 60 ? 2 : 3].second += 1;
        std::string missing;
        for (const auto& g : Array(e.as_object(), "missing")) missing += Html(Str(g.at("ja"))) + "<br>";
        rows += "<tr><td>" + Html(Str(e.at("household_name"))) + "（" + Html(region(e.at("region"))) +
                "）</td><td>" + Str(e.at("months_unplaced")) +
                "</td><td>" + Str(e.at("readiness_score")) + "</td><td>" + missing + "</td><td>" +
                Html(Str(e.at("next_step").at("ja"))) + "</td></tr>";
      }
    }
    double max_count = 0;
    for (const auto& m : months) max_count = std::max(max_count, m.second);
    h += "<h3>長期未委託里親 (long-unplaced households)</h3>" +
         BarChart("未委託期間の分布", months, max_count, false);
    h += "<table><tr><th>世帯</th><th>未委託月数</th><th>準備度</th><th>不足事項</th><th>次の一手</th></tr>" + rows + "</table></section>";
  }
  return h + "</body></html>";
}

std::vector<std::string> WriteMatchRunExports(const json::object& run, const std::string& dir) {
  std::filesystem::create_directories(dir);
  const std::string month = Str(run.at("month"));
  const std::filesystem::path base = std::filesystem::path(dir) / ("match-run-" + month);
  std::vector<std::string> written;
  auto write = [&](const std::filesystem::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path.string());
    written.push_back(path.string());
  };
  write(base.string() + ".json", json::serialize(run));
  const json::object& long_unplaced = run.at("long_unplaced").as_object();
  for (const auto& agency : Array(run, "agencies")) {
    const std::string id = Str(agency.at("id"));
    std::string csv = "\xEF\xBB\xBF";  // BOM: Excel then reads UTF-8
    csv += "区分,ニーズID,ケース番号,里親ID,世帯名,区,スコア,未委託月数,準備度,不足事項,次の一手\r\n";
    for (const auto& p : Array(run, "proposals")) {
      if (Str(p.at("agency_id")) != id) continue;
      csv += "提案," + Str(p.at("need_id")) + "," + CsvField(Str(p.at("case_ref"))) + "," +
             Str(p.at("foster_parent_id")) + "," + CsvField(Str(p.at("household_name"))) + "," +
             Str(p.at("region")) + "," + Str(p.at("score")) + ",,,,\r\n";
    }
    if (const auto* entries = long_unplaced.if_contains(id)) {
      for (const auto& e : entries->as_array()) {
        std::string missing;
        for (const auto& g : Array(e.as_object(), "missing")) missing += (missing.empty() ? "" : " / ") + Str(g.at("ja"));
        csv += "長期未委託,,," + Str(e.at("foster_parent_id")) + "," + CsvField(Str(e.at("household_name"))) + "," +
               Str(e.at("region")) + ",," + Str(e.at("months_unplaced")) + "," + Str(e.at("readiness_score")) +
               "," + CsvField(missing) + "," + CsvField(Str(e.at("next_step").at("ja"))) + "\r\n";
      }
    }
    write(base.string() + "-agency-" + id + ".csv", csv);
  }
  write(base.string() + ".html", MatchRunHtml(run));
  return written;
}

}  // namespace fostermatch
