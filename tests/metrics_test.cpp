// Metrics: series by route pattern and status, histograms in the Prometheus text format.

#include "service/http/metrics.h"

#include <gtest/gtest.h>

#include "service/http/router.h"

namespace fostermatch::http {
namespace {

TEST(Metrics, CountsByRoutePatternNotByPath) {
  Metrics metrics;
  Router router;
  router.Add("GET", "/api/v1/needs/{id}", [](Request&) {
    return Response{200, "text/plain", "", {}, {}};
  });
  auto handler = CountByRoute(metrics, [&router](Request& r) { return router.Dispatch(r); });
  for (const char* path : {"/api/v1/needs/1", "/api/v1/needs/2"}) {
    Request r;
    r.method = "GET";
    r.path = path;
    EXPECT_EQ(handler(r).status, 200);
  }
  const std::string text = metrics.Render();
  EXPECT_NE(text.find("fostermatch_http_requests_total{method=\"GET\",route=\"/api/v1/needs/"
                      "{id}\",status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("fostermatch_http_route_duration_seconds_count{method=\"GET\",route=\"/api/"
                      "v1/needs/{id}\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("/api/v1/needs/1"), std::string::npos);
}

TEST(Metrics, PutsEveryUnmatchedRequestInOneSeries) {
  Metrics metrics;
  metrics.RecordRoute("PROPFIND", "", 404, 0.001);
  metrics.RecordRoute("GET", "", 404, 0.001);
  const std::string text = metrics.Render();
  EXPECT_NE(text.find("{method=\"-\",route=\"unmatched\",status=\"404\"} 2\n"), std::string::npos)
      << text;
  EXPECT_EQ(text.find("PROPFIND"), std::string::npos);
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  Metrics metrics;
  metrics.RecordRoute("GET", "/healthz", 200, 0.0005);
  metrics.RecordRoute("GET", "/healthz", 200, 0.2);
  metrics.RecordRoute("GET", "/healthz", 200, 5.0);
  const std::string text = metrics.Render();
  const std::string labels = "{method=\"GET\",route=\"/healthz\",";
  EXPECT_NE(text.find("_bucket" + labels + "le=\"0.001\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("_bucket" + labels + "le=\"0.5\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("_bucket" + labels + "le=\"1\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("_bucket" + labels + "le=\"+Inf\"} 3\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace fostermatch::http
