// One HTTP/1.1 connection: keep-alive request loop, limits, the hop to the worker pool and back.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <chrono>
#include <tuple>

#include "http/client_address.h"
#include "http/middleware/access_log.h"
#include "http/middleware/body_checks.h"
#include "http/middleware/request_id.h"
#include "http/server_internal.h"

namespace mamon::http::detail {
namespace {

using namespace std::chrono_literals;

// The first read of a request; Beast reads the rest as needed.
constexpr std::size_t kFirstReadBytes = 4096;
// After an error answer, what the client still sends is read and dropped for at most this long
// and this much, so that closing does not reset the connection before the client has read the
// answer (a close with unread data sends RST, which discards the client's receive buffer).
constexpr auto kLingerTime = 2s;
constexpr std::size_t kLingerBytesMax = 8u << 20;

bool is_protocol_error(const boost::system::error_code& ec) {
  if (ec.category() != bhttp::make_error_code(bhttp::error::bad_method).category()) return false;
  return ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
         ec != bhttp::error::need_more && ec != bhttp::error::need_buffer;
}

std::string_view view(boost::beast::string_view s) {
  return {s.data(), s.size()};
}

std::int64_t micros_since(std::chrono::steady_clock::time_point started) {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                               started)
      .count();
}

// Request line and header fields → Request (without the addresses). nullopt if the target is not
// an origin-form URL.
std::optional<Request> make_request(const bhttp::request<bhttp::string_body>& message) {
  auto url = boost::urls::parse_origin_form(view(message.target()));
  if (!url) return std::nullopt;
  Request request;
  request.method = parse_method(view(message.method_string()));
  request.path = url->path();
  if (request.path.empty()) request.path = "/";
  if (url->has_query()) {
    request.query_string = std::string(url->encoded_query());
    for (auto param : url->params(boost::urls::encoding_opts(/*space_as_plus=*/true))) {
      request.query.add(std::string(param.key), param.has_value ? std::string(param.value) : "");
    }
  }
  for (const auto& field : message) {
    request.headers.add(view(field.name_string()), view(field.value()));
  }
  return request;
}

// What a late answer (timeout) needs: no body, only the headers the pipeline's finish() reads.
Request summary_of(const Request& request) {
  Request summary;
  summary.method = request.method;
  summary.path = request.path;
  summary.query_string = request.query_string;
  summary.remote_ip = request.remote_ip;
  summary.peer_ip = request.peer_ip;
  summary.request_id = request.request_id;
  if (auto origin = request.headers.get("Origin")) summary.headers.add("Origin", *origin);
  return summary;
}

bool is_safe_header(std::string_view name, std::string_view value) {
  auto clean = [](std::string_view s) {
    // A loop: string_view::find_first_of calls memchr once per character (seen in profiles).
    return std::none_of(s.begin(), s.end(),
                        [](char c) { return c == '\r' || c == '\n' || c == '\0'; });
  };
  if (name.empty() || !clean(name) || !clean(value)) return false;
  // The server owns framing and connection management.
  return !iequals(name, "Content-Length") && !iequals(name, "Transfer-Encoding") &&
         !iequals(name, "Connection");
}

template <typename Message>
void copy_headers(const Response& response, Message& message) {
  for (const auto& [name, value] : response.headers.entries()) {
    if (is_safe_header(name, value)) {
      message.insert(name, value);
    } else {
      spdlog::error("dropped an unsafe response header \"{}\"", escape_for_log(name));
    }
  }
}

}  // namespace

struct Connection::Job {
  Job(Request r, asio::any_io_executor executor) : request(std::move(r)), done(executor) {}
  Request request;
  std::optional<Response> response;  // set on the connection's strand
  asio::steady_timer done;           // cancelled when the response is in; expires on timeout
};

Connection::Connection(ServerCore& server, tcp::socket socket, std::optional<IpAddress> peer)
    : server_(server),
      stream_(std::move(socket)),
      deadline_(stream_.get_executor()),
      peer_(peer),
      peer_ip_(peer ? peer->to_string() : ""),
      peer_trusted_(peer && contains_address(server.options().trusted_proxies, *peer)) {}

std::string Connection::client_ip(const Headers& headers) const {
  if (!peer_trusted_) return peer_ip_;
  std::vector<std::string_view> forwarded_for;
  for (const auto& [name, value] : headers.entries()) {
    if (iequals(name, "X-Forwarded-For")) forwarded_for.push_back(value);
  }
  return client_address(*peer_, forwarded_for, server_.options().trusted_proxies);
}

void Connection::arm_deadline(TimePoint at) {
  stream_.expires_never();
  deadline_expired_ = false;
  const std::uint64_t generation = ++deadline_generation_;
  deadline_.expires_at(at);
  deadline_.async_wait([weak = weak_from_this(), generation](boost::system::error_code ec) {
    auto self = weak.lock();
    if (ec || !self || self->deadline_generation_ != generation || self->closed_) return;
    self->deadline_expired_ = true;
    boost::system::error_code ignored;
    self->stream_.socket().cancel(ignored);
  });
}

void Connection::disarm_deadline() {
  ++deadline_generation_;
  deadline_.cancel();
}

asio::awaitable<void> Connection::run() {
  const ServerOptions& options = server_.options();
  bool first = true;
  while (!server_.stopping() && !closed_) {
    idle_ = true;
    if (buffer_.size() == 0) {
      // Waiting for the next request: the idle timeout (keep-alive) or, on a new connection,
      // the header timeout. Nothing received yet, so expiry closes silently.
      stream_.expires_after(first ? options.header_timeout : options.idle_timeout);
      auto [ec, n] = co_await stream_.async_read_some(buffer_.prepare(kFirstReadBytes), kAsTuple);
      if (ec) break;
      buffer_.commit(n);
    }
    idle_ = false;
    first = false;
    if (!co_await serve_one()) break;
  }
  if (!closed_) {
    closed_ = true;
    boost::system::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }
}

asio::awaitable<bool> Connection::serve_one() {
  const ServerOptions& options = server_.options();
  const auto started = std::chrono::steady_clock::now();
  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(options.header_bytes_max));
  // The largest limit of any route while the head is read; the route's own once it is known.
  parser.body_limit(server_.pipeline().largest_body_bytes_max(options.body_bytes_max));
  std::optional<Request> request = co_await read_request(parser, started);
  if (!request) co_return false;  // answered and closed, or the client went away
  const unsigned version = parser.get().version();
  bool keep_alive = parser.get().keep_alive();
  const bool head = request->method == Method::kHead;

  // The fast path: an answer from memory (caches) is written straight from this I/O thread,
  // without the two hops to a worker and back (issue 7, item 13); else a worker handles it.
  std::optional<Response> response = server_.pipeline().handle_from_memory(*request);
  if (!response) {
    Request summary = summary_of(*request);
    response = co_await run_on_worker(std::move(*request));
    if (!response) {
      if (closed_) co_return false;  // force-closed at shutdown
      spdlog::warn("request_id={} {} {} exceeded the request time limit of {} ms",
                   summary.request_id, method_name(summary.method), summary.path,
                   options.request_timeout.count());
      co_await reject(
          summary,
          Response::error_envelope(503, "request_timeout", "The request took too long; try again."),
          version, micros_since(started));
      co_return false;
    }
  }
  keep_alive = keep_alive && !server_.stopping();
  const bool written = co_await write(std::move(*response), version, keep_alive, head);
  const bool serve_next = written && keep_alive;
  co_return serve_next;
}

asio::awaitable<std::optional<Request>> Connection::read_request(
    bhttp::request_parser<bhttp::string_body>& parser, TimePoint started) {
  const ServerOptions& options = server_.options();
  Request partial;  // what is known before the request line is parsed
  partial.method = Method::kOther;
  partial.peer_ip = peer_ip_;
  partial.remote_ip = peer_ip_;

  arm_deadline(started + std::min(options.header_timeout, options.read_timeout));
  auto [header_ec, header_n] =
      co_await bhttp::async_read_header(stream_, buffer_, parser, kAsTuple);
  disarm_deadline();
  if (header_ec) {
    if (header_ec == bhttp::error::body_limit) {
      // Beast checks Content-Length against the body limit as soon as the header is parsed.
      Request request = make_request(parser.get()).value_or(partial);
      request.peer_ip = peer_ip_;
      request.remote_ip = client_ip(request.headers);
      co_await reject(request, payload_too_large_response(), parser.get().version(),
                      micros_since(started));
    } else {
      co_await reject_read_error(partial, header_ec, 11, micros_since(started));
    }
    co_return std::nullopt;
  }

  auto& message = parser.get();
  const unsigned version = message.version();
  std::optional<Request> parsed = make_request(message);
  if (!parsed) {
    partial.method = parse_method(view(message.method_string()));
    co_await reject(partial,
                    Response::error_envelope(400, "bad_request", "Malformed request target."),
                    version, micros_since(started));
    co_return std::nullopt;
  }
  Request request = std::move(*parsed);
  request.peer_ip = peer_ip_;
  request.remote_ip = client_ip(request.headers);
  request.request_id = accept_or_make_request_id(request.headers.get(kRequestIdHeader));

  const std::size_t body_bytes_max =
      server_.pipeline().body_bytes_max_for(request.method, request.path, options.body_bytes_max);
  if (auto length = parser.content_length(); length && *length > body_bytes_max) {
    co_await reject(request, payload_too_large_response(), version, micros_since(started));
    co_return std::nullopt;
  }
  parser.body_limit(body_bytes_max);  // a chunked body is counted as it arrives
  if (!parser.is_done()) {
    arm_deadline(started + options.read_timeout);
    boost::system::error_code body_ec;
    if (iequals(request.headers.value_or_empty("Expect"), "100-continue")) {
      bhttp::response<bhttp::empty_body> proceed{bhttp::status::continue_, version};
      std::tie(body_ec, std::ignore) = co_await bhttp::async_write(stream_, proceed, kAsTuple);
    }
    if (!body_ec) {
      std::tie(body_ec, std::ignore) =
          co_await bhttp::async_read(stream_, buffer_, parser, kAsTuple);
    }
    disarm_deadline();
    if (body_ec) {
      co_await reject_read_error(request, body_ec, version, micros_since(started));
      co_return std::nullopt;
    }
  }
  request.body = std::move(message.body());
  co_return request;
}

asio::awaitable<void> Connection::reject_read_error(Request& request,
                                                    const boost::system::error_code& ec,
                                                    unsigned version, std::int64_t elapsed_us) {
  if (closed_) co_return;  // force-closed at shutdown
  if (deadline_expired_) {
    co_await reject(
        request,
        Response::error_envelope(408, "request_timeout", "The request was not received in time."),
        version, elapsed_us);
  } else if (ec == bhttp::error::body_limit) {
    co_await reject(request, payload_too_large_response(), version, elapsed_us);
  } else if (ec == bhttp::error::header_limit) {
    co_await reject(request,
                    Response::error_envelope(431, "request_header_fields_too_large",
                                             "Request header fields are too large."),
                    version, elapsed_us);
  } else if (is_protocol_error(ec)) {
    co_await reject(request,
                    Response::error_envelope(400, "bad_request", "Malformed HTTP request."),
                    version, elapsed_us);
  }
  // End of stream, reset: nobody to answer.
}

asio::awaitable<std::optional<Response>> Connection::run_on_worker(Request request) {
  auto job = std::make_shared<Job>(std::move(request), executor());
  job->done.expires_after(server_.options().request_timeout);
  job_ = job;
  server_.in_flight().fetch_add(1);
  asio::post(server_.pool(), [job, &core = server_] {
    std::optional<Response> response;
    try {
      response = core.pipeline().handle(job->request);
    } catch (const std::exception& e) {  // Pipeline::handle does not throw; bad_alloc aside
      spdlog::error("request_id={} pipeline failed: {}", job->request.request_id, e.what());
      response = Response::error_envelope(500, "internal_error", "internal error");
    }
    core.in_flight().fetch_sub(1);
    asio::post(job->done.get_executor(), [job, response = std::move(response)]() mutable {
      job->response = std::move(response);
      job->done.cancel();
    });
  });
  co_await job->done.async_wait(kAsTuple);
  job_.reset();
  co_return std::move(job->response);
}

asio::awaitable<bool> Connection::write(Response response, unsigned version, bool keep_alive,
                                        bool head) {
  stream_.expires_after(server_.options().read_timeout);
  if (head) {
    bhttp::response<bhttp::empty_body> message;
    message.version(version);
    message.result(static_cast<unsigned>(response.status));
    copy_headers(response, message);
    message.keep_alive(keep_alive);
    message.content_length(response.body.size());
    auto [ec, n] = co_await bhttp::async_write(stream_, message, kAsTuple);
    co_return !ec;
  }
  bhttp::response<bhttp::string_body> message;
  message.version(version);
  message.result(static_cast<unsigned>(response.status));
  copy_headers(response, message);
  message.keep_alive(keep_alive);
  message.body() = std::move(response.body);
  message.prepare_payload();
  auto [ec, n] = co_await bhttp::async_write(stream_, message, kAsTuple);
  co_return !ec;
}

asio::awaitable<void> Connection::reject(Request& request, Response response, unsigned version,
                                         std::int64_t elapsed_us) {
  Response finished = server_.pipeline().finish(request, std::move(response), elapsed_us);
  if (co_await write(std::move(finished), version, /*keep_alive=*/false, /*head=*/false)) {
    co_await lingering_close();
  }
  closed_ = true;
  stream_.close();
}

asio::awaitable<void> Connection::lingering_close() {
  boost::system::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream_.expires_after(kLingerTime);
  std::vector<char> scratch(16 * 1024);
  std::size_t drained = 0;
  while (drained < kLingerBytesMax) {
    auto [ec, n] = co_await stream_.async_read_some(asio::buffer(scratch), kAsTuple);
    if (ec) break;
    drained += n;
  }
}

void Connection::close_if_idle() {
  // Waiting for a next request: cancel the read; run() sees the server stopping and closes.
  if (idle_ && !closed_) stream_.cancel();
}

void Connection::force_close() {
  if (closed_) return;
  closed_ = true;
  if (job_) job_->done.cancel();
  boost::system::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream_.close();
}

}  // namespace mamon::http::detail
