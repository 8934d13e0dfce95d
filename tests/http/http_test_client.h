// A small blocking HTTP/1.1 client for tests that talk to a real socket (the in-process server
// tests beside src/http/server.cc, and black-box tests against the `mamon` binary). One
// connection per client, so keep-alive can be observed; every operation has a timeout, so a
// broken server fails the test instead of hanging it. Not thread-safe: one thread per client.
//
//   mamon::testing::HttpTestClient client("127.0.0.1", port);
//   auto reply = client.request("GET", "/healthz");
//   EXPECT_EQ(reply.status, 200);
//   EXPECT_EQ(reply.json()["status"], "ok");
#pragma once

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace mamon::testing {

struct HttpReply {
  std::string error;  // empty on success, else what went wrong (connect, write, read, timeout)
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  bool keep_alive = false;

  bool ok() const { return error.empty(); }
  std::string header(const std::string& lower_case_name) const {
    auto it = headers.find(lower_case_name);
    return it == headers.end() ? std::string() : it->second;
  }
  bool has_header(const std::string& lower_case_name) const {
    return headers.contains(lower_case_name);
  }
  // The body as JSON; a discarded value (is_discarded()) if it is not JSON.
  nlohmann::json json() const { return nlohmann::json::parse(body, nullptr, false); }

  static HttpReply failed(std::string what) {
    HttpReply reply;
    reply.error = std::move(what);
    return reply;
  }
};

class HttpTestClient {
 public:
  using Headers = std::vector<std::pair<std::string, std::string>>;

  HttpTestClient(std::string host, std::uint16_t port,
                 std::chrono::milliseconds timeout = std::chrono::seconds(10))
      : host_(std::move(host)), port_(port), timeout_(timeout), stream_(ioc_) {
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(host_, ec);
    if (ec) {
      connect_error_ = "bad host " + host_;
      return;
    }
    stream_.expires_after(timeout_);
    stream_.async_connect(boost::asio::ip::tcp::endpoint(address, port_),
                          [&](boost::system::error_code e) { ec = e; });
    run();
    if (ec) connect_error_ = "connect: " + ec.message();
  }

  bool connected() const { return connect_error_.empty(); }

  // Sends one request (Host, Content-Length and, for a body, Content-Type: application/json
  // unless given) and reads the reply.
  HttpReply request(std::string_view method, std::string_view target, std::string body = {},
                    const Headers& headers = {}) {
    namespace http = boost::beast::http;
    http::request<http::string_body> message;
    message.method_string(std::string(method));
    message.target(std::string(target));
    message.version(11);
    message.set(http::field::host, host_ + ":" + std::to_string(port_));
    bool has_type = false;
    for (const auto& [name, value] : headers) {
      message.insert(name, value);
      if (boost::beast::iequals(name, "Content-Type")) has_type = true;
    }
    if (!body.empty() && !has_type) message.set(http::field::content_type, "application/json");
    message.body() = std::move(body);
    message.prepare_payload();
    if (auto e = write_message(message); !e.empty()) return HttpReply::failed(e);
    return read_reply(method == "HEAD");
  }

  // Sends bytes as they are (hand-made or malformed requests). Returns "" or the error.
  std::string send_raw(std::string_view bytes) {
    if (!connect_error_.empty()) return connect_error_;
    boost::system::error_code ec;
    stream_.expires_after(timeout_);
    boost::asio::async_write(stream_, boost::asio::buffer(bytes.data(), bytes.size()),
                             [&](boost::system::error_code e, std::size_t) { ec = e; });
    run();
    return ec ? "write: " + ec.message() : std::string();
  }

  // Reads one response. `head`: the request was HEAD (no body follows the header).
  HttpReply read_reply(bool head = false) {
    namespace http = boost::beast::http;
    if (!connect_error_.empty()) return HttpReply::failed(connect_error_);
    http::response_parser<http::string_body> parser;
    parser.body_limit(64u << 20);
    parser.skip(head);
    boost::system::error_code ec;
    stream_.expires_after(timeout_);
    http::async_read(stream_, buffer_, parser,
                     [&](boost::system::error_code e, std::size_t) { ec = e; });
    run();
    if (ec) return HttpReply::failed("read: " + ec.message());
    HttpReply reply;
    auto& message = parser.get();
    reply.status = static_cast<int>(message.result_int());
    for (const auto& field : message) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      reply.headers[name] = std::string(field.value());
    }
    reply.body = std::move(message.body());
    reply.keep_alive = message.keep_alive();
    return reply;
  }

  // True if the server closes the connection (EOF or reset) within `wait`.
  bool closed_by_peer(std::chrono::milliseconds wait = std::chrono::seconds(3)) {
    if (buffer_.size() > 0) return false;
    char byte;
    boost::system::error_code ec;
    stream_.expires_after(wait);
    stream_.async_read_some(boost::asio::buffer(&byte, 1),
                            [&](boost::system::error_code e, std::size_t) { ec = e; });
    run();
    return ec && ec != boost::beast::error::timeout;
  }

 private:
  template <typename Message>
  std::string write_message(Message& message) {
    if (!connect_error_.empty()) return connect_error_;
    boost::system::error_code ec;
    stream_.expires_after(timeout_);
    boost::beast::http::async_write(stream_, message,
                                    [&](boost::system::error_code e, std::size_t) { ec = e; });
    run();
    return ec ? "write: " + ec.message() : std::string();
  }

  void run() {
    ioc_.restart();
    ioc_.run();
  }

  std::string host_;
  std::uint16_t port_;
  std::chrono::milliseconds timeout_;
  boost::asio::io_context ioc_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::string connect_error_;
};

}  // namespace mamon::testing
