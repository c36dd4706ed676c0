#include "service/http/metrics.h"

#include <cstdio>

namespace fostermatch::http {

void Metrics::Record(int status, double seconds) {
  const int cls = status / 100;
  if (cls >= 1 && cls <= 5) ++by_class_[static_cast<size_t>(cls - 1)];
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  ++buckets_[b];
  micros_total_ += static_cast<uint64_t>(seconds * 1e6);
}

std::string Metrics::Render() const {
  std::string out;
  char line[160];
  out += "# HELP fostermatch_http_responses_total HTTP responses by status class.\n";
  out += "# TYPE fostermatch_http_responses_total counter\n";
  uint64_t count = 0;
  for (size_t i = 0; i < by_class_.size(); ++i) {
    std::snprintf(line, sizeof line, "fostermatch_http_responses_total{code=\"%zuxx\"} %llu\n",
                  i + 1, static_cast<unsigned long long>(by_class_[i].load()));
    out += line;
  }
  out += "# HELP fostermatch_http_request_duration_seconds Time from request header to response.\n";
  out += "# TYPE fostermatch_http_request_duration_seconds histogram\n";
  for (size_t b = 0; b <= kBuckets.size(); ++b) {
    count += buckets_[b].load();
    if (b < kBuckets.size()) {
      std::snprintf(line, sizeof line,
                    "fostermatch_http_request_duration_seconds_bucket{le=\"%g\"} %llu\n",
                    kBuckets[b], static_cast<unsigned long long>(count));
    } else {
      std::snprintf(line, sizeof line,
                    "fostermatch_http_request_duration_seconds_bucket{le=\"+Inf\"} %llu\n",
                    static_cast<unsigned long long>(count));
    }
    out += line;
  }
  std::snprintf(line, sizeof line, "fostermatch_http_request_duration_seconds_sum %.6f\n",
                static_cast<double>(micros_total_.load()) / 1e6);
  out += line;
  std::snprintf(line, sizeof line, "fostermatch_http_request_duration_seconds_count %llu\n",
                static_cast<unsigned long long>(count));
  out += line;
  out += "# HELP fostermatch_http_connections Open client connections.\n";
  out += "# TYPE fostermatch_http_connections gauge\n";
  std::snprintf(line, sizeof line, "fostermatch_http_connections %lld\n",
                static_cast<long long>(connections_.load()));
  out += line;
  return out;
}

}  // namespace fostermatch::http
