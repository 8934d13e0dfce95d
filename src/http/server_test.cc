// The server over a real loopback socket, in-process, with a test route table (no database).
#include "http/server.h"

#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "base/ip_network.h"
#include "http/http_test_client.h"

namespace mamon::http {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::HttpReply;
using testing::HttpTestClient;

const bool kQuietLogs = [] {
  spdlog::set_level(spdlog::level::warn);
  return true;
}();

const RouteOptions kPublic{.auth = Auth::kNone};

// A server on 127.0.0.1:<ephemeral> with a few routes.
class TestServer {
 public:
  explicit TestServer(ServerOptions options = {})
      : cors_("*"), pipeline_(router_, cors_, metrics_) {
    router_.add(
        Method::kGet, "/api/ping",
        [](const Request&) -> Result<Response> {
          return Response::json(200, {{"pong", true}});
        },
        kPublic);
    router_.add(
        Method::kPost, "/api/echo",
        [](const Request& r) -> Result<Response> {
          return Response::json(200, {{"bytes", r.body.size()}});
        },
        kPublic);
    // An upload route with its own, larger body limit (as the website's picture forms).
    router_.add(Method::kPost, "/upload",
                [](const Request& r) -> Result<Response> {
                  return Response::json(200, {{"bytes", r.body.size()}});
                },
                {.auth = Auth::kNone, .body = BodyKind::kAny, .body_bytes_max = 3u << 20});
    router_.add(
        Method::kGet, "/api/query",
        [](const Request& r) -> Result<Response> {
          json q = json::object();
          for (const auto& [k, v] : r.query.entries()) q[k] = v;
          return Response::json(
              200, {{"query", q}, {"path", r.path}, {"ip", r.remote_ip}, {"peer", r.peer_ip}});
        },
        kPublic);
    router_.add(
        Method::kGet, "/api/slow",
        [this](const Request&) -> Result<Response> {
          slow_started_ = true;
          std::this_thread::sleep_for(slow_duration_.load());
          return Response::json(200, {{"slow", "done"}});
        },
        kPublic);
    options.host = "127.0.0.1";
    options.port = 0;
    server_ = std::make_unique<Server>(options, pipeline_);
    Status started = server_->start();
    EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().message);
  }

  std::uint16_t port() const { return server_->port(); }
  Server& server() { return *server_; }
  HttpTestClient client() { return HttpTestClient("127.0.0.1", port()); }

  bool wait_for_slow_start(std::chrono::milliseconds limit = 5s) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!slow_started_ && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(5ms);
    }
    return slow_started_;
  }

  std::atomic<std::chrono::milliseconds> slow_duration_{500ms};

 private:
  Router router_;
  Cors cors_;
  Metrics metrics_;
  Pipeline pipeline_;
  std::atomic<bool> slow_started_{false};
  std::unique_ptr<Server> server_;
};

// A connection from another loopback source address (HttpTestClient's come from 127.0.0.1), for
// the per-address cap. Every operation has a timeout.
class PeerConnection {
 public:
  PeerConnection(const std::string& source, std::uint16_t port) : stream_(ioc_) {
    namespace asio = boost::asio;
    boost::system::error_code ec;
    stream_.socket().open(asio::ip::tcp::v4(), ec);
    if (!ec) stream_.socket().bind({asio::ip::make_address(source), 0}, ec);
    if (ec) {
      error_ = "bind " + source + ": " + ec.message();
      return;
    }
    stream_.expires_after(5s);
    stream_.async_connect({asio::ip::make_address("127.0.0.1"), port},
                          [&](boost::system::error_code e) { ec = e; });
    run();
    if (ec) error_ = "connect: " + ec.message();
  }

  const std::string& error() const { return error_; }

  HttpReply get(const std::string& target) {
    namespace bhttp = boost::beast::http;
    bhttp::request<bhttp::empty_body> message{bhttp::verb::get, target, 11};
    message.set(bhttp::field::host, "x");
    boost::system::error_code ec;
    stream_.expires_after(5s);
    bhttp::async_write(stream_, message, [&](boost::system::error_code e, std::size_t) { ec = e; });
    run();
    if (ec) return HttpReply::failed("write: " + ec.message());
    return read_reply();
  }

  HttpReply read_reply() {
    namespace bhttp = boost::beast::http;
    bhttp::response_parser<bhttp::string_body> parser;
    boost::system::error_code ec;
    stream_.expires_after(5s);
    bhttp::async_read(stream_, buffer_, parser,
                      [&](boost::system::error_code e, std::size_t) { ec = e; });
    run();
    if (ec) return HttpReply::failed("read: " + ec.message());
    HttpReply reply;
    reply.status = static_cast<int>(parser.get().result_int());
    reply.headers["content-type"] = std::string(parser.get()[bhttp::field::content_type]);
    reply.body = parser.get().body();
    reply.keep_alive = parser.get().keep_alive();
    return reply;
  }

 private:
  void run() {
    ioc_.restart();
    ioc_.run();
  }

  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::string error_;
};

bool wait_for_connections(Server& server, int open, std::chrono::milliseconds limit = 3s) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (server.connections_open() != open && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(5ms);
  }
  return server.connections_open() == open;
}

void expect_json_error(const HttpReply& reply, int status, std::string_view code) {
  ASSERT_TRUE(reply.ok()) << reply.error;
  EXPECT_EQ(reply.status, status);
  EXPECT_EQ(reply.header("content-type"), "application/json");
  json body = reply.json();
  ASSERT_FALSE(body.is_discarded()) << reply.body;
  EXPECT_EQ(body["code"], code) << reply.body;
  EXPECT_EQ(body["detail"], body["message"]);
}

TEST(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  TestServer s;
  ASSERT_NE(s.port(), 0);
  HttpTestClient client = s.client();
  ASSERT_TRUE(client.connected());
  for (int i = 0; i < 2; ++i) {
    HttpReply reply = client.request("GET", "/api/ping/");
    ASSERT_TRUE(reply.ok()) << reply.error;
    EXPECT_EQ(reply.status, 200);
    EXPECT_TRUE(reply.keep_alive);
    EXPECT_EQ(reply.json()["pong"], true);
    EXPECT_EQ(reply.header("content-type"), "application/json");
    EXPECT_EQ(reply.header("access-control-allow-origin"), "*");
    EXPECT_EQ(reply.header("x-request-id").size(), 32u);
  }
  EXPECT_EQ(s.server().connections_open(), 1);
}

TEST(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  TestServer s;
  HttpTestClient client = s.client();
  ASSERT_EQ(client.send_raw("GET /api/ping HTTP/1.1\r\nHost: x\r\n\r\n"
                            "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"),
            "");
  EXPECT_EQ(client.read_reply().status, 200);
  EXPECT_EQ(client.read_reply().status, 404);
}

TEST(ServerTest, UnknownPathIs404Json) {
  TestServer s;
  HttpReply reply = s.client().request("GET", "/api/unknown/");
  expect_json_error(reply, 404, "not_found");
  EXPECT_EQ(reply.json()["detail"], "Not found.");
  EXPECT_TRUE(reply.keep_alive);
}

TEST(ServerTest, WrongMethodIs405JsonWithAllow) {
  TestServer s;
  HttpReply reply = s.client().request("DELETE", "/api/ping");
  expect_json_error(reply, 405, "method_not_allowed");
  EXPECT_EQ(reply.header("allow"), "GET, HEAD, OPTIONS");
}

TEST(ServerTest, QueryAndPathAreDecoded) {
  TestServer s;
  HttpReply reply = s.client().request("GET", "/api/query/?search=jan+de%20vries&page=2&flag");
  ASSERT_TRUE(reply.ok()) << reply.error;
  ASSERT_EQ(reply.status, 200);
  json body = reply.json();
  EXPECT_EQ(body["query"]["search"], "jan de vries");
  EXPECT_EQ(body["query"]["page"], "2");
  EXPECT_EQ(body["query"]["flag"], "");
  EXPECT_EQ(body["path"], "/api/query/");
  EXPECT_EQ(body["ip"], "127.0.0.1");
}

TEST(ServerTest, HeadHasHeadersOnly) {
  TestServer s;
  HttpTestClient client = s.client();
  HttpReply head = client.request("HEAD", "/api/ping");
  ASSERT_TRUE(head.ok()) << head.error;
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.body, "");
  EXPECT_EQ(head.header("content-length"), std::to_string(json{{"pong", true}}.dump().size()));
  EXPECT_EQ(client.request("GET", "/api/ping").status, 200);  // the connection is still usable
}

TEST(ServerTest, JsonBodyIsDelivered) {
  TestServer s;
  HttpReply reply = s.client().request("POST", "/api/echo", R"({"a": 1})");
  ASSERT_TRUE(reply.ok()) << reply.error;
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json()["bytes"], 8);
}

TEST(ServerTest, NonJsonBodyIs415) {
  TestServer s;
  HttpReply reply = s.client().request("POST", "/api/echo", "a=b",
                                       {{"Content-Type", "application/x-www-form-urlencoded"}});
  expect_json_error(reply, 415, "unsupported_media_type");
}

TEST(ServerTest, OversizedBodyIs413JsonFromContentLength) {
  TestServer s;
  HttpTestClient client = s.client();
  std::string body(1536 * 1024, 'x');  // 1.5 MiB
  HttpReply reply = client.request("POST", "/api/echo", body);
  expect_json_error(reply, 413, "payload_too_large");
  EXPECT_FALSE(reply.keep_alive);
  EXPECT_TRUE(client.closed_by_peer());
}

TEST(ServerTest, OversizedChunkedBodyIs413Json) {
  TestServer s;
  HttpTestClient client = s.client();
  std::string request =
      "POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  std::string chunk(256 * 1024, 'x');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  for (int i = 0; i < 6; ++i) request += size_line + chunk + "\r\n";  // 1.5 MiB
  request += "0\r\n\r\n";
  // The server answers after 1 MiB and then drains the rest, so the whole write succeeds.
  ASSERT_EQ(client.send_raw(request), "");
  expect_json_error(client.read_reply(), 413, "payload_too_large");
}

TEST(ServerTest, ARouteWithItsOwnBodyLimitTakesMoreWhileOthersKeepTheServers) {
  TestServer s;
  HttpReply big = s.client().request("POST", "/upload", std::string(2u << 20, 'x'),
                                     {{"Content-Type", "application/octet-stream"}});
  ASSERT_TRUE(big.ok()) << big.error;
  EXPECT_EQ(big.status, 200);
  EXPECT_EQ(big.json()["bytes"], 2u << 20);
  // Beyond the route's own limit: 413 from the Content-Length, before the body is read.
  expect_json_error(s.client().request("POST", "/upload", std::string((3u << 20) + 1, 'x'),
                                       {{"Content-Type", "application/octet-stream"}}),
                    413, "payload_too_large");
  // Every other route keeps the server's limit (1 MiB), also with the larger head limit.
  expect_json_error(s.client().request("POST", "/api/echo", std::string(2u << 20, 'x')), 413,
                    "payload_too_large");
}

TEST(ServerTest, ARoutesOwnLimitHoldsForChunkedBodies) {
  TestServer s;
  HttpTestClient client = s.client();
  std::string request =
      "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
      "Transfer-Encoding: chunked\r\n\r\n";
  std::string chunk(512 * 1024, 'x');
  char size_line[32];
  std::snprintf(size_line, sizeof size_line, "%zx\r\n", chunk.size());
  for (int i = 0; i < 8; ++i) request += size_line + chunk + "\r\n";  // 4 MiB
  request += "0\r\n\r\n";
  ASSERT_EQ(client.send_raw(request), "");
  expect_json_error(client.read_reply(), 413, "payload_too_large");
}

TEST(ServerTest, HugeHeadersAre431Json) {
  TestServer s;
  HttpTestClient client = s.client();
  HttpReply reply =
      client.request("GET", "/api/ping", {}, {{"X-Huge", std::string(32 * 1024, 'h')}});
  expect_json_error(reply, 431, "request_header_fields_too_large");
  EXPECT_FALSE(reply.keep_alive);
}

TEST(ServerTest, MalformedRequestIs400Json) {
  TestServer s;
  HttpTestClient client = s.client();
  ASSERT_EQ(client.send_raw("GET /api/ping HTTP/1.1\r\nBad Header\r\n\r\n"), "");
  expect_json_error(client.read_reply(), 400, "bad_request");
}

TEST(ServerTest, PreflightIs204WithCorsHeaders) {
  TestServer s;
  HttpReply reply = s.client().request("OPTIONS", "/api/echo/", {},
                                       {{"Origin", "http://localhost:19006"},
                                        {"Access-Control-Request-Method", "POST"},
                                        {"Access-Control-Request-Headers", "authorization"}});
  ASSERT_TRUE(reply.ok()) << reply.error;
  EXPECT_EQ(reply.status, 204);
  EXPECT_EQ(reply.header("access-control-allow-origin"), "*");
  EXPECT_EQ(reply.header("access-control-allow-methods"), "GET, POST, PUT, PATCH, DELETE");
  EXPECT_EQ(reply.header("access-control-allow-headers"),
            "Authorization, Content-Type, Idempotency-Key");
  EXPECT_EQ(reply.body, "");
}

TEST(ServerTest, RequestIdIsEchoed) {
  TestServer s;
  HttpReply reply = s.client().request("GET", "/api/ping", {}, {{"X-Request-Id", "abc-123"}});
  EXPECT_EQ(reply.header("x-request-id"), "abc-123");
}

TEST(ServerTest, GracefulStopLetsTheSlowRequestFinish) {
  TestServer s;
  HttpReply reply;
  std::thread client_thread([&] { reply = s.client().request("GET", "/api/slow"); });
  ASSERT_TRUE(s.wait_for_slow_start());
  HttpTestClient idle = s.client();  // an idle keep-alive connection must not delay the stop
  ASSERT_EQ(idle.request("GET", "/api/ping").status, 200);
  auto started = std::chrono::steady_clock::now();
  s.server().stop();
  auto stop_took = std::chrono::steady_clock::now() - started;
  client_thread.join();
  ASSERT_TRUE(reply.ok()) << reply.error;
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json()["slow"], "done");
  EXPECT_FALSE(reply.keep_alive);  // Connection: close while stopping
  EXPECT_LT(stop_took, 3s);
  EXPECT_TRUE(idle.closed_by_peer(1s));
  EXPECT_FALSE(s.client().connected());  // no longer accepting
}

TEST(ServerTest, StopIsIdempotent) {
  TestServer s;
  s.server().stop();
  s.server().stop();
  EXPECT_FALSE(s.client().connected());
}

TEST(ServerTest, RequestTimeoutIs503Json) {
  ServerOptions options;
  options.request_timeout = 100ms;
  TestServer s(options);
  s.slow_duration_ = 400ms;
  HttpTestClient client = s.client();
  HttpReply reply = client.request("GET", "/api/slow");
  expect_json_error(reply, 503, "request_timeout");
  EXPECT_FALSE(reply.keep_alive);
}

TEST(ServerTest, ConnectionsBeyondTheLimitGet503) {
  ServerOptions options;
  options.connections_max = 1;
  TestServer s(options);
  HttpTestClient first = s.client();
  ASSERT_EQ(first.request("GET", "/api/ping").status, 200);
  HttpTestClient second = s.client();
  HttpReply refused = second.read_reply();  // answered without a request
  expect_json_error(refused, 503, "too_many_connections");
  EXPECT_EQ(first.request("GET", "/api/ping").status, 200);
}

TEST(ServerTest, OneAddressAtItsCapIsRefusedWhileOthersAreServed) {
  ServerOptions options;
  options.connections_per_address_max = 2;
  TestServer s(options);
  std::vector<std::unique_ptr<PeerConnection>> held;
  for (int i = 0; i < 2; ++i) {
    held.push_back(std::make_unique<PeerConnection>("127.0.0.2", s.port()));
    ASSERT_EQ(held.back()->error(), "");
  }
  ASSERT_TRUE(wait_for_connections(s.server(), 2));
  PeerConnection over("127.0.0.2", s.port());
  ASSERT_EQ(over.error(), "");
  HttpReply refused = over.read_reply();  // answered without a request
  expect_json_error(refused, 503, "too_many_connections");
  EXPECT_FALSE(refused.keep_alive);

  // Another address is served as usual, and the capped one again once it closes a connection.
  HttpTestClient other = s.client();
  EXPECT_EQ(other.request("GET", "/api/ping").status, 200);
  EXPECT_EQ(held[0]->get("/api/ping").status, 200);
  held.pop_back();
  ASSERT_TRUE(wait_for_connections(s.server(), 2));  // held[0] and `other`
  PeerConnection again("127.0.0.2", s.port());
  EXPECT_EQ(again.get("/api/ping").status, 200);
}

TEST(ServerTest, TrustedProxiesAreExemptFromTheAddressCap) {
  ServerOptions options;
  options.connections_per_address_max = 1;
  options.trusted_proxies = parse_ip_network_list("127.0.0.1").value();
  TestServer s(options);
  HttpTestClient first = s.client();
  HttpTestClient second = s.client();
  EXPECT_EQ(first.request("GET", "/api/ping").status, 200);
  EXPECT_EQ(second.request("GET", "/api/ping").status, 200);
}

TEST(ServerTest, XForwardedForNamesTheClientOnlyBehindATrustedProxy) {
  HttpTestClient::Headers forwarded = {{"X-Forwarded-For", "203.0.113.9, 198.51.100.7"}};
  {
    TestServer s;
    json body = s.client().request("GET", "/api/query", {}, forwarded).json();
    EXPECT_EQ(body["ip"], "127.0.0.1");
    EXPECT_EQ(body["peer"], "127.0.0.1");
  }
  ServerOptions options;
  options.trusted_proxies = parse_ip_network_list("127.0.0.0/8").value();
  TestServer s(options);
  json body = s.client().request("GET", "/api/query", {}, forwarded).json();
  EXPECT_EQ(body["ip"], "198.51.100.7");
  EXPECT_EQ(body["peer"], "127.0.0.1");
}

TEST(ServerTest, AStalledHeadIs408Json) {
  ServerOptions options;
  options.header_timeout = 200ms;
  TestServer s(options);
  HttpTestClient client = s.client();
  ASSERT_EQ(client.send_raw("GET /api/ping HTTP/1.1\r\nHost: x\r\nX-Slow: "), "");
  auto started = std::chrono::steady_clock::now();
  HttpReply reply = client.read_reply();
  expect_json_error(reply, 408, "request_timeout");
  EXPECT_FALSE(reply.keep_alive);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  EXPECT_TRUE(client.closed_by_peer());
}

TEST(ServerTest, AStalledChunkedBodyIs408Json) {
  ServerOptions options;
  options.read_timeout = 300ms;
  TestServer s(options);
  HttpTestClient client = s.client();
  ASSERT_EQ(client.send_raw("POST /api/echo HTTP/1.1\r\nHost: x\r\n"
                            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "2\r\n{}\r\n"),
            "");
  HttpReply reply = client.read_reply();
  expect_json_error(reply, 408, "request_timeout");
  EXPECT_FALSE(reply.keep_alive);
}

TEST(ServerTest, TheHeadDeadlineDoesNotCutShortABody) {
  ServerOptions options;
  options.header_timeout = 150ms;
  options.read_timeout = 5s;
  TestServer s(options);
  HttpTestClient client = s.client();
  ASSERT_EQ(client.send_raw("POST /api/echo HTTP/1.1\r\nHost: x\r\n"
                            "Content-Type: application/json\r\nContent-Length: 8\r\n\r\n"),
            "");
  std::this_thread::sleep_for(400ms);
  ASSERT_EQ(client.send_raw(R"({"a": 1})"), "");
  HttpReply reply = client.read_reply();
  ASSERT_TRUE(reply.ok()) << reply.error;
  EXPECT_EQ(reply.status, 200);
  EXPECT_EQ(reply.json()["bytes"], 8);
}

TEST(ServerTest, ANewConnectionThatSendsNothingIsClosedSilently) {
  ServerOptions options;
  options.header_timeout = 100ms;
  TestServer s(options);
  HttpTestClient client = s.client();
  EXPECT_TRUE(client.closed_by_peer(2s));  // false if any byte (an answer) arrived
}

TEST(ServerTest, IdleTimeoutClosesKeepAliveConnections) {
  ServerOptions options;
  options.idle_timeout = 100ms;
  TestServer s(options);
  HttpTestClient client = s.client();
  ASSERT_EQ(client.request("GET", "/api/ping").status, 200);
  EXPECT_TRUE(client.closed_by_peer(2s));
}

TEST(ServerTest, BindFailureIsReported) {
  TestServer s;
  Router router;
  Cors cors("*");
  Metrics metrics;
  Pipeline pipeline(router, cors, metrics);
  ServerOptions options;
  options.host = "127.0.0.1";
  options.port = s.port();  // taken
  Server second(options, pipeline);
  Status started = second.start();
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().code, ErrorCode::kUnavailable);
}

TEST(BindAddressTest, ParsesHostAndPort) {
  auto v4 = parse_bind_address("127.0.0.1:8000");
  ASSERT_TRUE(v4.ok());
  EXPECT_EQ(v4->host, "127.0.0.1");
  EXPECT_EQ(v4->port, 8000);
  auto v6 = parse_bind_address("[::1]:0");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 0);
  for (std::string_view bad :
       {"", "8000", "host:", ":80", "h:99999", "h:8o", "::1:80", "[::1:80"}) {
    EXPECT_FALSE(parse_bind_address(bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace mamon::http
