#include "http/pipeline.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace mamon::http {
namespace {

using nlohmann::json;

class PipelineTest : public ::testing::Test {
 protected:
  PipelineTest() : cors_("*"), pipeline_(router_, cors_, metrics_) {
    router_.add(
        Method::kGet, "/ok",
        [](const Request&) -> Result<Response> { return Response::json(200, {{"ok", true}}); },
        {.auth = Auth::kNone});
    router_.add(
        Method::kGet, "/throws",
        [](const Request&) -> Result<Response> { throw std::runtime_error("boom: internals"); },
        {.auth = Auth::kNone});
    router_.add(
        Method::kGet, "/empty", [](const Request&) -> Result<Response> { return Response{}; },
        {.auth = Auth::kNone});
  }

  Response handle(Method method, std::string path) {
    Request r;
    r.method = method;
    r.path = std::move(path);
    r.headers.set("Origin", "https://app.example.org");
    return pipeline_.handle(r);
  }

  Router router_;
  Cors cors_;
  Metrics metrics_;
  Pipeline pipeline_;
};

TEST_F(PipelineTest, DecoratesResponses) {
  Response r = handle(Method::kGet, "/ok");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.headers.value_or_empty("Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(r.headers.value_or_empty("X-Request-Id").size(), 32u);
  EXPECT_EQ(r.headers.value_or_empty("Content-Type"), "application/json");
}

TEST_F(PipelineTest, KeepsTheClientsRequestId) {
  Request r;
  r.path = "/ok";
  r.headers.set("X-Request-Id", "client-chosen-1");
  EXPECT_EQ(pipeline_.handle(r).headers.value_or_empty("X-Request-Id"), "client-chosen-1");
  EXPECT_EQ(r.request_id, "client-chosen-1");
}

TEST_F(PipelineTest, PreflightIsAnsweredBeforeRouting) {
  for (std::string path : {"/ok", "/does/not/exist"}) {
    Response r = handle(Method::kOptions, path);
    EXPECT_EQ(r.status, 204) << path;
    EXPECT_EQ(r.headers.value_or_empty("Access-Control-Allow-Methods"),
              "GET, POST, PUT, PATCH, DELETE");
    EXPECT_TRUE(r.body.empty());
    EXPECT_FALSE(r.headers.contains("Content-Type"));
  }
}

TEST_F(PipelineTest, ExceptionsBecome500WithoutDetails) {
  Response r = handle(Method::kGet, "/throws");
  EXPECT_EQ(r.status, 500);
  json body = json::parse(r.body);
  EXPECT_EQ(body["detail"], "internal error");
  EXPECT_EQ(body["code"], "internal_error");
  EXPECT_EQ(r.body.find("boom"), std::string::npos);
}

TEST_F(PipelineTest, EveryResponseHasAJsonBody) {
  Response r = handle(Method::kGet, "/empty");
  EXPECT_EQ(r.body, "{}");
  EXPECT_EQ(r.headers.value_or_empty("Content-Type"), "application/json");
  EXPECT_EQ(json::parse(handle(Method::kGet, "/nope").body)["code"], "not_found");
  EXPECT_EQ(json::parse(handle(Method::kDelete, "/ok").body)["code"], "method_not_allowed");
}

TEST_F(PipelineTest, FinishDecoratesEarlyAnswers) {
  Request partial;
  partial.method = Method::kOther;
  Response r = pipeline_.finish(partial, Response::error_envelope(431, "x", "y"), 5);
  EXPECT_EQ(r.status, 431);
  EXPECT_FALSE(r.headers.value_or_empty("X-Request-Id").empty());
  EXPECT_EQ(r.headers.value_or_empty("Access-Control-Allow-Origin"), "*");
}

TEST_F(PipelineTest, RecordsMetricsByRoutePattern) {
  handle(Method::kGet, "/ok");
  handle(Method::kGet, "/ok/");
  handle(Method::kGet, "/unknown/1");
  std::string text = metrics_.render();
  EXPECT_NE(text.find(R"(mamon_http_requests_total{route="/ok",method="GET",status="200"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(mamon_http_requests_total{route="unmatched",method="GET",status="404"} 1)"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace mamon::http
