// The dashboard: counts (registrations and renewal trainings due within 90 days among them), the
// placement rate by ward and by month of the stored runs as inline SVG charts, long-unplaced
// households by agency and the needs waiting longest.

#include <algorithm>
#include <cstdio>

#include "service/pages/site.h"

namespace fostermatch::pages {

namespace {

constexpr int kChartBarWidth = 320;  // px for a rate of 100%
constexpr int kChartRowHeight = 26;
constexpr int kChartLabelWidth = 110;

// One bar per ward; numbers only (positions and sizes), the words stay escaped text.
Object RateChart(const model::Statistics& stats, Lang lang) {
  List rows;
  int y = 0;
  for (const auto& r : stats.by_region) {
    const int width = static_cast<int>(r.tally.rate * kChartBarWidth + 0.5);
    rows.push_back(Object{{"label", lang == Lang::kJa ? r.name_ja : r.name_en},
                          {"y", std::to_string(y)},
                          {"text_y", std::to_string(y + 17)},
                          {"bar_x", std::to_string(kChartLabelWidth)},
                          {"width", std::to_string(width)},
                          {"value_x", std::to_string(kChartLabelWidth + width + 6)},
                          {"pct", Percent(r.tally.rate)},
                          {"placed", std::to_string(r.tally.placed)},
                          {"registered", std::to_string(r.tally.registered)}});
    y += kChartRowHeight;
  }
  return Object{{"rows", rows},
                {"height", std::to_string(std::max(y, kChartRowHeight))},
                {"width", std::to_string(kChartLabelWidth + kChartBarWidth + 70)}};
}

constexpr int kMonthChartMonths = 12;
constexpr int kMonthChartHeight = 160;  // px for a rate of 100%
constexpr int kMonthChartBarWidth = 32;
constexpr int kMonthChartStep = 60;
constexpr int kMonthChartTop = 18;  // room for the value above a bar

// The placement rate of each stored monthly run (the last 12, oldest first) as vertical bars;
// numbers only in the SVG's attributes, the words stay escaped text.
Object MonthChart(std::vector<model::RunListItem> runs) {
  if (runs.size() > kMonthChartMonths) runs.resize(kMonthChartMonths);  // newest first
  std::reverse(runs.begin(), runs.end());
  List rows;
  int x = 0;
  const int base = kMonthChartTop + kMonthChartHeight;
  for (const auto& run : runs) {
    const double rate = std::clamp(run.placement_rate, 0.0, 1.0);
    const int height = static_cast<int>(rate * kMonthChartHeight + 0.5);
    rows.push_back(Object{{"month", run.month},
                          {"x", std::to_string(x)},
                          {"y", std::to_string(base - height)},
                          {"height", std::to_string(height)},
                          {"bar_width", std::to_string(kMonthChartBarWidth)},
                          {"text_x", std::to_string(x + kMonthChartBarWidth / 2)},
                          {"value_y", std::to_string(base - height - 4)},
                          {"label_y", std::to_string(base + 16)},
                          {"pct", Percent(run.placement_rate)}});
    x += kMonthChartStep;
  }
  return Object{{"rows", rows},
                {"width", std::to_string(std::max(x, kMonthChartStep))},
                {"height", std::to_string(base + 24)}};
}

http::Response Dashboard(Site& site, PageRequest& pr) {
  const auto o = site.uc.dashboard.Get(pr.actor);
  const auto regions = RegionNames(site, pr);
  List agencies;
  for (const auto& a : o.by_agency) {
    agencies.push_back(Object{
        {"name", a.name},
        {"long_unplaced", std::to_string(a.long_unplaced)},
        {"households", std::to_string(a.households)},
        {"link", "/admin/foster-parents?" + QueryString({{"agency", std::to_string(a.agency_id)},
                                                         {"long_unplaced", "1"}})}});
  }
  List waiting;
  for (const auto& w : o.waiting_longest) {
    const auto& n = w.need;
    auto region = regions.find(n.region);
    waiting.push_back(Object{{"id", std::to_string(n.id)},
                             {"case_ref", n.case_ref},
                             {"region", region != regions.end() ? region->second : n.region},
                             {"earliest_start", n.earliest_start.ToString()},
                             {"days", std::to_string(std::max(0, w.days_waiting))},
                             {"urgency", Label(pr.lang, "urgency_" + std::to_string(n.urgency))},
                             {"status", EnumLabel(pr.lang, "nstatus", ToString(n.status))}});
  }
  const auto& h = o.statistics.households;
  Object values{
      {"today", o.today.ToString()},
      {"registered", std::to_string(h.registered)},
      {"placed", std::to_string(h.placed)},
      {"rate", Percent(o.statistics.placement_rate)},
      {"long_unplaced", std::to_string(o.long_unplaced)},
      {"open_needs", std::to_string(o.open_needs)},
      {"proposed_needs", std::to_string(o.proposed_needs)},
      {"chart", RateChart(o.statistics, pr.lang)},
      {"expiring_90", std::to_string(o.statistics.registrations_expiring_within_90_days)},
      {"renewal_due_90", std::to_string(o.statistics.renewal_training_due_within_90_days)},
      {"agencies", agencies},
      {"waiting", waiting},
      {"has_waiting", !waiting.empty()},
  };
  const auto runs = site.uc.match_runs.List(pr.actor);
  values["has_runs"] = !runs.empty();
  values["month_chart"] = MonthChart(runs);
  return site.Render(pr, "dashboard", Label(pr.lang, "dashboard"), std::move(values));
}

}  // namespace

void AddDashboardPages(const AddPage& add, Site& site) {
  add("GET", "/admin", [&site](PageRequest& pr) { return Dashboard(site, pr); });
}

}  // namespace fostermatch::pages
