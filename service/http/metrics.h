#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "service/http/message.h"

namespace fostermatch::http {

// Request counters and latency histograms in the Prometheus text format. Thread-safe: the server
// records every response it writes (Record, lock-free); the handler wrapper below records each
// handled request under its route pattern (RecordRoute, one short lock); /metrics renders them.
class Metrics final {
 public:
  static constexpr std::array<double, 9> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,  0.1,    0.5,   1.0};
  // Every response, the server's own refusals (408, 413, 503…) included; `seconds` from the
  // request's first byte to the response.
  void Record(int status, double seconds);
  // A response from the handler: `route` is the matched pattern ("/api/v1/needs/{id}") or ""
  // when none matched, so a series exists per route, never per record or per probed path.
  void RecordRoute(const std::string& method, const std::string& route, int status, double seconds);
  void ConnectionOpened() { ++connections_; }
  void ConnectionClosed() { --connections_; }
  std::string Render() const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size() + 1> buckets{};  // not cumulative; last: +Inf
    double sum = 0;
    void Add(double seconds);
  };
  struct RouteSeries {
    std::map<int, uint64_t> by_status;
    Histogram latency;
  };
  std::string RenderRoutes() const;

  std::array<std::atomic<uint64_t>, 5> by_class_{};                   // 1xx … 5xx
  std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets_{};  // last: +Inf
  std::atomic<uint64_t> micros_total_{0};
  std::atomic<int64_t> connections_{0};
  mutable std::mutex routes_mu_;
  std::map<std::pair<std::string, std::string>, RouteSeries> routes_;  // by (method, route)
};

// Wraps a request handler so that each of its responses is counted in `metrics` under the
// request's route (Request::route, set by the Router) with the handler's own time. `metrics`
// must outlive the returned handler.
std::function<Response(Request&)> CountByRoute(Metrics& metrics,
                                               std::function<Response(Request&)> handler);

}  // namespace fostermatch::http
