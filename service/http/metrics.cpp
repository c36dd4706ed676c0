#include "service/http/metrics.h"

#include <chrono>
#include <cstdio>

namespace fostermatch::http {
namespace {

// Every request that matched no route shares one series: probes of random paths must not grow
// the metrics without bound.
constexpr const char* kUnmatchedRoute = "unmatched";

std::string Format(const char* format, auto... values) {
  char line[320];
  std::snprintf(line, sizeof line, format, values...);
  return line;
}

// One histogram's _bucket, _sum and _count lines; `labels` is "" or `name="value",…` plus a comma.
std::string RenderHistogram(const char* name, const std::string& labels,
                            const std::array<uint64_t, Metrics::kBuckets.size() + 1>& buckets,
                            double sum) {
  std::string out;
  uint64_t count = 0;
  for (size_t b = 0; b < buckets.size(); ++b) {
    count += buckets[b];
    const std::string le =
        b < Metrics::kBuckets.size() ? Format("%g", Metrics::kBuckets[b]) : "+Inf";
    out += Format("%s_bucket{%sle=\"%s\"} %llu\n", name, labels.c_str(), le.c_str(),
                  static_cast<unsigned long long>(count));
  }
  const std::string braces = labels.empty() ? "" : "{" + labels.substr(0, labels.size() - 1) + "}";
  out += Format("%s_sum%s %.6f\n", name, braces.c_str(), sum);
  out += Format("%s_count%s %llu\n", name, braces.c_str(), static_cast<unsigned long long>(count));
  return out;
}

size_t BucketOf(double seconds) {
  size_t b = 0;
  while (b < Metrics::kBuckets.size() && seconds > Metrics::kBuckets[b]) ++b;
  return b;
}

}  // namespace

void Metrics::Histogram::Add(double seconds) {
  ++buckets[BucketOf(seconds)];
  sum += seconds;
}

void Metrics::Record(int status, double seconds) {
  const int cls = status / 100;
  if (cls >= 1 && cls <= 5) ++by_class_[static_cast<size_t>(cls - 1)];
  ++buckets_[BucketOf(seconds)];
  micros_total_ += static_cast<uint64_t>(seconds * 1e6);
}

void Metrics::RecordRoute(const std::string& method, const std::string& route, int status,
                          double seconds) {
  // An unmatched request's method is the client's choice too: one series for all of them.
  std::pair<std::string, std::string> key =
      route.empty() ? std::pair<std::string, std::string>{"-", kUnmatchedRoute}
                    : std::pair{method, route};
  std::lock_guard lock(routes_mu_);
  RouteSeries& series = routes_[std::move(key)];
  ++series.by_status[status];
  series.latency.Add(seconds);
}

std::string Metrics::RenderRoutes() const {
  std::string counts =
      "# HELP fostermatch_http_requests_total Handled requests by method, route pattern and "
      "status.\n# TYPE fostermatch_http_requests_total counter\n";
  std::string latency =
      "# HELP fostermatch_http_route_duration_seconds Handler time by method and route "
      "pattern.\n# TYPE fostermatch_http_route_duration_seconds histogram\n";
  std::lock_guard lock(routes_mu_);
  for (const auto& [key, series] : routes_) {
    const std::string labels = "method=\"" + key.first + "\",route=\"" + key.second + "\",";
    for (const auto& [status, n] : series.by_status) {
      counts += Format("fostermatch_http_requests_total{%sstatus=\"%d\"} %llu\n", labels.c_str(),
                       status, static_cast<unsigned long long>(n));
    }
    latency += RenderHistogram("fostermatch_http_route_duration_seconds", labels,
                               series.latency.buckets, series.latency.sum);
  }
  return counts + latency;
}

std::string Metrics::Render() const {
  std::string out;
  out += "# HELP fostermatch_http_responses_total HTTP responses by status class.\n";
  out += "# TYPE fostermatch_http_responses_total counter\n";
  for (size_t i = 0; i < by_class_.size(); ++i) {
    out += Format("fostermatch_http_responses_total{code=\"%zuxx\"} %llu\n", i + 1,
                  static_cast<unsigned long long>(by_class_[i].load()));
  }
  std::array<uint64_t, kBuckets.size() + 1> buckets{};
  for (size_t b = 0; b < buckets.size(); ++b) buckets[b] = buckets_[b].load();
  out += "# HELP fostermatch_http_request_duration_seconds Time from request header to response.\n";
  out += "# TYPE fostermatch_http_request_duration_seconds histogram\n";
  out += RenderHistogram("fostermatch_http_request_duration_seconds", "", buckets,
                         static_cast<double>(micros_total_.load()) / 1e6);
  out += "# HELP fostermatch_http_connections Open client connections.\n";
  out += "# TYPE fostermatch_http_connections gauge\n";
  out += Format("fostermatch_http_connections %lld\n", static_cast<long long>(connections_.load()));
  return out + RenderRoutes();
}

std::function<Response(Request&)> CountByRoute(Metrics& metrics,
                                               std::function<Response(Request&)> handler) {
  return [&metrics, handler = std::move(handler)](Request& request) {
    const auto started = std::chrono::steady_clock::now();
    Response response = handler(request);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    metrics.RecordRoute(request.method, request.route, response.status, elapsed.count());
    return response;
  };
}

}  // namespace fostermatch::http
