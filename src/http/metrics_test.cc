#include "http/metrics.h"

#include <gtest/gtest.h>

#include <thread>

namespace mamon::http {
namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST(MetricsTest, CountsRequestsByRouteMethodAndStatus) {
  Metrics m;
  m.observe_request("/api/products/{id}", Method::kGet, 200, 800);
  m.observe_request("/api/products/{id}", Method::kGet, 200, 900);
  m.observe_request("/api/products/{id}", Method::kGet, 404, 100);
  m.observe_request("", Method::kPost, 404, 100);
  std::string text = m.render();
  EXPECT_TRUE(contains(text, "# TYPE mamon_http_requests_total counter\n"));
  EXPECT_TRUE(contains(
      text, "mamon_http_requests_total{route=\"/api/products/{id}\",method=\"GET\",status=\"200\"} 2\n"));
  EXPECT_TRUE(contains(
      text, "mamon_http_requests_total{route=\"/api/products/{id}\",method=\"GET\",status=\"404\"} 1\n"));
  EXPECT_TRUE(contains(
      text, "mamon_http_requests_total{route=\"unmatched\",method=\"POST\",status=\"404\"} 1\n"));
}

TEST(MetricsTest, LatencyHistogramIsCumulative) {
  Metrics m;
  m.observe_request("/r", Method::kGet, 200, 400);        // <= 0.5 ms
  m.observe_request("/r", Method::kGet, 200, 3'000);      // <= 5 ms
  m.observe_request("/r", Method::kGet, 200, 60'000'000); // +Inf
  std::string text = m.render();
  std::string labels = "route=\"/r\",method=\"GET\"";
  EXPECT_TRUE(contains(text, "# TYPE mamon_http_request_duration_seconds histogram\n"));
  EXPECT_TRUE(contains(text, "mamon_http_request_duration_seconds_bucket{" + labels +
                                 ",le=\"0.0005\"} 1\n"))
      << text;
  EXPECT_TRUE(contains(text, "mamon_http_request_duration_seconds_bucket{" + labels +
                                 ",le=\"0.001\"} 1\n"));
  EXPECT_TRUE(contains(text, "mamon_http_request_duration_seconds_bucket{" + labels +
                                 ",le=\"10\"} 2\n"));
  EXPECT_TRUE(contains(text, "mamon_http_request_duration_seconds_bucket{" + labels +
                                 ",le=\"+Inf\"} 3\n"));
  EXPECT_TRUE(contains(text, "mamon_http_request_duration_seconds_count{" + labels + "} 3\n"));
  EXPECT_TRUE(contains(text, "mamon_http_request_duration_seconds_sum{" + labels + "} 60.0034"));
}

TEST(MetricsTest, RegisteredValuesAreReadAtScrapeTime) {
  Metrics m;
  int in_use = 1;
  m.register_value("mamon_db_connections_in_use", "Connections in use.", Metrics::Type::kGauge,
                   [&in_use] { return double(in_use); });
  MetricCounter& purchases = m.register_counter("mamon_purchases_total", "Purchases made.");
  purchases.increment();
  purchases.increment(2);
  in_use = 4;
  std::string text = m.render();
  EXPECT_TRUE(contains(text, "# HELP mamon_db_connections_in_use Connections in use.\n"
                             "# TYPE mamon_db_connections_in_use gauge\n"
                             "mamon_db_connections_in_use 4\n"));
  EXPECT_TRUE(contains(text, "# TYPE mamon_purchases_total counter\nmamon_purchases_total 3\n"));
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Metrics m;
  m.observe_request("/a\"b\\c\nd", Method::kGet, 200, 1);
  EXPECT_TRUE(contains(m.render(), "route=\"/a\\\"b\\\\c\\nd\""));
}

TEST(MetricsDeathTest, BadOrDuplicateNamesAreProgrammerErrors) {
  Metrics m;
  m.register_value("ok_name", "", Metrics::Type::kGauge, [] { return 0.0; });
  EXPECT_DEATH(m.register_value("ok_name", "", Metrics::Type::kGauge, [] { return 0.0; }),
               "twice");
  EXPECT_DEATH(m.register_value("9bad", "", Metrics::Type::kGauge, [] { return 0.0; }), "name");
}

TEST(MetricsTest, ConcurrentRecordingLosesNothing) {
  Metrics m;
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&m, t] {
      for (int i = 0; i < kPerThread; ++i) {
        m.observe_request(i % 2 ? "/a" : "/b", Method::kGet, 200 + t % 2, i);
      }
    });
  }
  for (auto& t : threads) t.join();
  std::string text = m.render();
  EXPECT_TRUE(contains(text, "mamon_http_request_duration_seconds_count{route=\"/a\",method=\"GET\"} " +
                                 std::to_string(kThreads * kPerThread / 2) + "\n"));
  EXPECT_TRUE(contains(text, "mamon_http_requests_total{route=\"/b\",method=\"GET\",status=\"201\"} " +
                                 std::to_string(kThreads / 2 * kPerThread / 2) + "\n"));
}

}  // namespace
}  // namespace mamon::http
