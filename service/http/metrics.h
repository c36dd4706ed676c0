#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string>

namespace fostermatch::http {

// Request counters and a latency histogram in the Prometheus text format. Thread-safe and
// lock-free: the server records every response; /metrics renders them.
class Metrics final {
 public:
  static constexpr std::array<double, 9> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025,
                                                     0.05,  0.1,    0.5,   1.0};
  void Record(int status, double seconds);
  void ConnectionOpened() { ++connections_; }
  void ConnectionClosed() { --connections_; }
  std::string Render() const;

 private:
  std::array<std::atomic<uint64_t>, 5> by_class_{};                   // 1xx … 5xx
  std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets_{};  // last: +Inf
  std::atomic<uint64_t> micros_total_{0};
  std::atomic<int64_t> connections_{0};
};

}  // namespace fostermatch::http
