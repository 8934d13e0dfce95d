// GET /healthz and GET /metrics over the router, with a fake database.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/routes.h"

namespace mamon::http {
namespace {

using nlohmann::json;

class FakeTransaction final : public storage::Transaction {
 public:
  explicit FakeTransaction(bool query_ok) : query_ok_(query_ok) {}
  Result<storage::QueryResult> query(std::string_view sql,
                                     std::span<const storage::Param>) override {
    if (!query_ok_) return make_error(ErrorCode::kUnavailable, "server closed the connection");
    EXPECT_EQ(sql, "SELECT 1");
    storage::QueryResult result;
    result.rows.emplace_back(std::vector<storage::Row::Cell>{std::int64_t{1}});
    return result;
  }
  Status commit() override { return ok_status(); }
  storage::Backend backend() const override { return storage::Backend::kSqlite; }

 private:
  bool query_ok_;
};

class FakeDatabase final : public storage::Database {
 public:
  enum class Mode { kHealthy, kCannotBegin, kQueryFails };
  Mode mode = Mode::kHealthy;

  Result<std::unique_ptr<storage::Transaction>> begin(storage::TxMode) override {
    if (mode == Mode::kCannotBegin) return make_error(ErrorCode::kUnavailable, "pool exhausted");
    return std::unique_ptr<storage::Transaction>(
        std::make_unique<FakeTransaction>(mode == Mode::kHealthy));
  }
  storage::Backend backend() const override { return storage::Backend::kSqlite; }
  PoolStats pool_stats() const override { return PoolStats{1, 0, 4}; }
};

class NoAuthenticator final : public Authenticator {
 public:
  Result<Principal> authenticate(std::string_view, std::string_view) const override {
    return make_error(ErrorCode::kUnauthenticated, "no");
  }
};

class SystemRoutesTest : public ::testing::Test {
 protected:
  SystemRoutesTest()
      : clock_(0),
        router_(&authenticator_),
        context_{config_, database_, clock_, metrics_, authenticator_} {
    register_system_routes(router_, context_);
    register_api_routes(router_, context_);
  }

  Response get(std::string path) {
    Request r;
    r.path = std::move(path);
    return router_.dispatch(r);
  }

  Config config_;
  FakeDatabase database_;
  FakeClock clock_;
  Metrics metrics_;
  NoAuthenticator authenticator_;
  Router router_;
  AppContext context_;
};

TEST_F(SystemRoutesTest, HealthzIsOkWhenTheDatabaseAnswers) {
  Response r = get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(json::parse(r.body), (json{{"status", "ok"}, {"database", "ok"}}));
}

TEST_F(SystemRoutesTest, HealthzIsDegradedWhenTheDatabaseFails) {
  for (auto mode : {FakeDatabase::Mode::kCannotBegin, FakeDatabase::Mode::kQueryFails}) {
    database_.mode = mode;
    Response r = get("/healthz/");
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(json::parse(r.body), (json{{"status", "degraded"}, {"database", "unavailable"}}));
  }
}

TEST_F(SystemRoutesTest, MetricsArePrometheusTextWithoutAuthentication) {
  metrics_.observe_request("/healthz", Method::kGet, 200, 10);
  Response r = get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.value_or_empty("Content-Type"), kPrometheusContentType);
  EXPECT_NE(r.body.find("mamon_http_requests_total{route=\"/healthz\""), std::string::npos);
}

}  // namespace
}  // namespace mamon::http
