// Prometheus metrics for GET /metrics (text exposition format 0.0.4):
//   mamon_http_requests_total{route,method,status}              counter
//   mamon_http_request_duration_seconds{route,method}           histogram
// plus values the application registers (DB pool connections, purchases, ...).
//
// Labels use the route *pattern* ("/api/products/{id}"), never the raw path, so the number of
// series stays bounded; requests that matched no route are labelled route="unmatched".
//
// Thread-safe. Recording takes a shared lock and a few relaxed atomic increments; only the first
// request of a new series takes the exclusive lock.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "http/request.h"

namespace mamon::http {

inline constexpr std::string_view kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

// A counter the application increments itself (e.g. purchases). Thread-safe.
class MetricCounter {
 public:
  void increment(std::int64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  std::int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<std::int64_t> value_{0};
};

class Metrics {
 public:
  enum class Type { kGauge, kCounter };

  // Upper bounds of the latency histogram buckets, in seconds (+Inf is implied).
  static const std::vector<double>& latency_buckets_seconds();

  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  // Records one finished request. `route` is the matched pattern ("" → "unmatched").
  void observe_request(std::string_view route, Method method, int status,
                       std::int64_t duration_us);

  // Registers a value read when /metrics is scraped (called on the scraping thread; must be
  // thread-safe and quick). `name` must be a valid Prometheus name ([a-zA-Z_:][a-zA-Z0-9_:]*) and
  // not registered before (CHECK).
  void register_value(std::string name, std::string help, Type type, std::function<double()> read);

  // Registers and returns a counter the application increments. The reference stays valid for
  // the lifetime of this Metrics. Same naming rules (CHECK).
  MetricCounter& register_counter(std::string name, std::string help);

  // Everything in Prometheus text format, series sorted for stable output.
  std::string render() const;

 private:
  struct RequestSeries;
  struct LatencySeries;
  struct Registered {
    std::string help;
    Type type;
    std::function<double()> read;
  };

  RequestSeries& request_series(std::string_view route, std::string_view method, int status);
  LatencySeries& latency_series(std::string_view route, std::string_view method);

  mutable std::shared_mutex series_mutex_;
  std::map<std::string, std::unique_ptr<RequestSeries>, std::less<>> requests_;
  std::map<std::string, std::unique_ptr<LatencySeries>, std::less<>> latencies_;

  mutable std::mutex registered_mutex_;
  std::map<std::string, Registered> registered_;
  std::vector<std::unique_ptr<MetricCounter>> counters_;
};

}  // namespace mamon::http
