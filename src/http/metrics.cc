#include "http/metrics.h"

#include <charconv>

#include "base/check.h"

namespace mamon::http {
namespace {

constexpr std::string_view kUnmatchedRoute = "unmatched";

std::string escape_label(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    if (c == '\\') {
      out.append("\\\\");
    } else if (c == '"') {
      out.append("\\\"");
    } else if (c == '\n') {
      out.append("\\n");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// HELP text escapes only backslash and newline.
std::string escape_help(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out.append("\\\\");
    } else if (c == '\n') {
      out.append("\\n");
    } else {
      out.push_back(c);
    }
  }
  return out;
}

// The shortest text that reads back as the same double ("0.0005", not "0.00050000000000000001").
std::string format_double(double v) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed);
  if (result.ec != std::errc()) result = std::to_chars(buffer, buffer + sizeof buffer, v);
  return result.ec == std::errc() ? std::string(buffer, result.ptr) : std::string("NaN");
}

bool is_metric_name(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
              (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

// Series keys hold the label values separated by '\0' (which never appears in them).
std::string make_key(std::initializer_list<std::string_view> parts) {
  std::string key;
  for (auto p : parts) key.append(p).push_back('\0');
  return key;
}

}  // namespace

struct Metrics::RequestSeries {
  std::string route;
  std::string method;
  int status = 0;
  std::atomic<std::int64_t> count{0};
};

struct Metrics::LatencySeries {
  std::string route;
  std::string method;
  std::vector<std::atomic<std::int64_t>> buckets;  // non-cumulative; last one is +Inf
  std::atomic<std::int64_t> sum_us{0};
  std::atomic<std::int64_t> count{0};

  LatencySeries() : buckets(latency_buckets_seconds().size() + 1) {}
};

const std::vector<double>& Metrics::latency_buckets_seconds() {
  static const std::vector<double> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                               0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return kBuckets;
}

Metrics::Metrics() = default;
Metrics::~Metrics() = default;

Metrics::RequestSeries& Metrics::request_series(std::string_view route, std::string_view method,
                                                int status) {
  std::string status_text = std::to_string(status);
  std::string key = make_key({route, method, status_text});
  {
    std::shared_lock lock(series_mutex_);
    if (auto it = requests_.find(key); it != requests_.end()) return *it->second;
  }
  std::unique_lock lock(series_mutex_);
  auto& slot = requests_[key];
  if (!slot) {
    slot = std::make_unique<RequestSeries>();
    slot->route = std::string(route);
    slot->method = std::string(method);
    slot->status = status;
  }
  return *slot;
}

Metrics::LatencySeries& Metrics::latency_series(std::string_view route, std::string_view method) {
  std::string key = make_key({route, method});
  {
    std::shared_lock lock(series_mutex_);
    if (auto it = latencies_.find(key); it != latencies_.end()) return *it->second;
  }
  std::unique_lock lock(series_mutex_);
  auto& slot = latencies_[key];
  if (!slot) {
    slot = std::make_unique<LatencySeries>();
    slot->route = std::string(route);
    slot->method = std::string(method);
  }
  return *slot;
}

void Metrics::observe_request(std::string_view route, Method method, int status,
                              std::int64_t duration_us) {
  if (route.empty()) route = kUnmatchedRoute;
  std::string_view method_text = method_name(method);
  request_series(route, method_text, status).count.fetch_add(1, std::memory_order_relaxed);

  LatencySeries& latency = latency_series(route, method_text);
  if (duration_us < 0) duration_us = 0;
  const auto& bounds = latency_buckets_seconds();
  std::size_t bucket = bounds.size();
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (static_cast<double>(duration_us) <= bounds[i] * 1e6) {
      bucket = i;
      break;
    }
  }
  latency.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
  latency.sum_us.fetch_add(duration_us, std::memory_order_relaxed);
  latency.count.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::register_value(std::string name, std::string help, Type type,
                             std::function<double()> read) {
  MAMON_CHECK_MSG(is_metric_name(name), "invalid Prometheus metric name");
  MAMON_CHECK(read != nullptr);
  std::lock_guard lock(registered_mutex_);
  MAMON_CHECK_MSG(!registered_.contains(name), "metric registered twice");
  registered_.emplace(std::move(name), Registered{std::move(help), type, std::move(read)});
}

MetricCounter& Metrics::register_counter(std::string name, std::string help) {
  auto counter = std::make_unique<MetricCounter>();
  MetricCounter* raw = counter.get();
  register_value(std::move(name), std::move(help), Type::kCounter,
                 [raw] { return static_cast<double>(raw->value()); });
  std::lock_guard lock(registered_mutex_);
  counters_.push_back(std::move(counter));
  return *raw;
}

std::string Metrics::render() const {
  std::string out;
  {
    std::shared_lock lock(series_mutex_);
    out.append("# HELP mamon_http_requests_total HTTP requests by route pattern, method and "
               "status.\n# TYPE mamon_http_requests_total counter\n");
    for (const auto& [key, s] : requests_) {
      out.append("mamon_http_requests_total{route=\"").append(escape_label(s->route));
      out.append("\",method=\"").append(s->method);
      out.append("\",status=\"").append(std::to_string(s->status)).append("\"} ");
      out.append(std::to_string(s->count.load(std::memory_order_relaxed))).push_back('\n');
    }
    out.append("# HELP mamon_http_request_duration_seconds Time from routing to response, by "
               "route pattern and method.\n# TYPE mamon_http_request_duration_seconds "
               "histogram\n");
    const auto& bounds = latency_buckets_seconds();
    for (const auto& [key, s] : latencies_) {
      std::string labels = "route=\"" + escape_label(s->route) + "\",method=\"" + s->method + "\"";
      std::int64_t cumulative = 0;
      for (std::size_t i = 0; i <= bounds.size(); ++i) {
        cumulative += s->buckets[i].load(std::memory_order_relaxed);
        std::string le = i < bounds.size() ? format_double(bounds[i]) : "+Inf";
        out.append("mamon_http_request_duration_seconds_bucket{").append(labels);
        out.append(",le=\"").append(le).append("\"} ").append(std::to_string(cumulative));
        out.push_back('\n');
      }
      out.append("mamon_http_request_duration_seconds_sum{").append(labels).append("} ");
      out.append(format_double(static_cast<double>(s->sum_us.load()) / 1e6)).push_back('\n');
      out.append("mamon_http_request_duration_seconds_count{").append(labels).append("} ");
      out.append(std::to_string(s->count.load())).push_back('\n');
    }
  }
  std::lock_guard lock(registered_mutex_);
  for (const auto& [name, r] : registered_) {
    out.append("# HELP ").append(name).append(" ").append(escape_help(r.help)).push_back('\n');
    out.append("# TYPE ").append(name).append(r.type == Type::kGauge ? " gauge\n" : " counter\n");
    out.append(name).append(" ").append(format_double(r.read())).push_back('\n');
  }
  return out;
}

}  // namespace mamon::http
