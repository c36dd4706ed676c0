// The dashboard: counts, the placement rate by ward as an inline SVG chart, long-unplaced
// households by agency and the needs waiting longest.

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
      {"agencies", agencies},
      {"waiting", waiting},
      {"has_waiting", !waiting.empty()},
  };
  return site.Render(pr, "dashboard", Label(pr.lang, "dashboard"), std::move(values));
}

}  // namespace

void AddDashboardPages(const AddPage& add, Site& site) {
  add("GET", "/admin", [&site](PageRequest& pr) { return Dashboard(site, pr); });
}

}  // namespace fostermatch::pages
