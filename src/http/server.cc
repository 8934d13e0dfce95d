// The Beast/Asio side of the server. The per-connection protocol lives in server_connection.cc;
// this file owns the threads, the acceptor and the shutdown sequence.
#include "http/server.h"

#include <spdlog/spdlog.h>

#include <charconv>

#include "http/server_internal.h"

namespace mamon::http {

using namespace std::chrono_literals;

Result<BindAddress> parse_bind_address(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) {
    return make_error(ErrorCode::kInvalidInput,
                      "bind address must look like HOST:PORT, e.g. 127.0.0.1:8000");
  }
  std::string_view host = text.substr(0, colon);
  std::string_view port_text = text.substr(colon + 1);
  if (host.front() == '[') {
    if (host.back() != ']' || host.size() < 3) {
      return make_error(ErrorCode::kInvalidInput, "IPv6 bind addresses look like [::1]:8000");
    }
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    return make_error(ErrorCode::kInvalidInput, "write IPv6 bind addresses as [addr]:port");
  }
  unsigned port = 0;
  auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    return make_error(ErrorCode::kInvalidInput, "bind port must be a number from 0 to 65535");
  }
  return BindAddress{std::string(host), static_cast<std::uint16_t>(port)};
}

namespace detail {

ServerCore::ServerCore(ServerOptions options, const Pipeline& pipeline)
    : options_(std::move(options)),
      pipeline_(pipeline),
      pool_(static_cast<std::size_t>(std::max(1, options_.worker_threads))),
      acceptor_strand_(asio::make_strand(ioc_)),
      acceptor_(acceptor_strand_) {}

ServerCore::~ServerCore() {
  begin_shutdown();
  join();
}

Status ServerCore::listen() {
  boost::system::error_code ec;
  std::string host = options_.host == "localhost" ? "127.0.0.1" : options_.host;
  auto address = asio::ip::make_address(host, ec);
  if (ec) {
    return make_error(ErrorCode::kInvalidInput, "bind host is not an IP address: " + options_.host);
  }
  tcp::endpoint endpoint(address, options_.port);
  auto fail = [&](const char* what) {
    return make_error(ErrorCode::kUnavailable, std::string("cannot ") + what + " " + options_.host +
                                                   ":" + std::to_string(options_.port) + ": " +
                                                   ec.message());
  };
  if (acceptor_.open(endpoint.protocol(), ec); ec) return fail("open a socket for");
  if (acceptor_.set_option(asio::socket_base::reuse_address(true), ec); ec) return fail("set up");
  if (acceptor_.bind(endpoint, ec); ec) return fail("bind");
  if (acceptor_.listen(asio::socket_base::max_listen_connections, ec); ec) return fail("listen on");
  port_ = acceptor_.local_endpoint(ec).port();
  listening_ = true;
  return ok_status();
}

Status ServerCore::start() {
  if (!listening_) MAMON_RETURN_IF_ERROR(listen());
  started_ = true;

  asio::co_spawn(acceptor_strand_, accept_loop(), [](std::exception_ptr e) {
    if (e) spdlog::critical("the accept loop died: {}", describe(e));
  });
  int io_threads = std::max(1, options_.io_threads);
  for (int i = 0; i < io_threads; ++i) {
    io_threads_.emplace_back([this] { run_io(); });
  }
  return ok_status();
}

void ServerCore::run_io() {
  for (;;) {
    try {
      ioc_.run();
      return;
    } catch (const std::exception& e) {  // a handler threw: log and keep serving
      spdlog::error("io thread: unhandled exception: {}", e.what());
    }
  }
}

asio::awaitable<void> ServerCore::accept_loop() {
  asio::steady_timer backoff(acceptor_strand_);
  while (!stopping_.load()) {
    // Each connection runs on its own strand, so that several I/O threads never touch one
    // connection at once; with a single I/O thread (the default) that is already true, and the
    // plain executor spares the strand's bookkeeping on every operation.
    asio::any_io_executor connection_executor = options_.io_threads > 1
                                         ? asio::any_io_executor(asio::make_strand(ioc_))
                                         : asio::any_io_executor(ioc_.get_executor());
    auto [ec, socket] = co_await acceptor_.async_accept(connection_executor, kAsTuple);
    if (ec) {
      if (stopping_.load() || ec == asio::error::operation_aborted) break;
      // Out of file descriptors and the like: wait instead of spinning.
      spdlog::warn("accept failed: {}", ec.message());
      backoff.expires_after(50ms);
      co_await backoff.async_wait(kAsTuple);
      continue;
    }
    if (connections_.load() >= options_.connections_max) {
      log_refusal(std::to_string(options_.connections_max) + " connections open");
      auto executor = socket.get_executor();
      asio::co_spawn(
          executor,
          refuse_connection(std::move(socket), "The server has too many connections; retry."),
          asio::detached);
      continue;
    }
    std::optional<IpAddress> peer;
    boost::system::error_code peer_ec;
    auto endpoint = socket.remote_endpoint(peer_ec);
    if (!peer_ec) peer = parse_ip_address(endpoint.address().to_string());
    // The per-address cap; "" (not counted) for trusted proxies and an unknown peer.
    std::string capped_as;
    if (peer && !contains_address(options_.trusted_proxies, *peer)) {
      capped_as = peer->to_string();
      if (!reserve_address_slot(capped_as)) {
        log_refusal(capped_as + " has " + std::to_string(options_.connections_per_address_max) +
                    " connections open");
        auto executor = socket.get_executor();
        asio::co_spawn(
            executor,
            refuse_connection(std::move(socket), "Too many connections from your address; retry."),
            asio::detached);
        continue;
      }
    }
    connections_.fetch_add(1);
    auto connection = std::make_shared<Connection>(*this, std::move(socket), peer);
    {
      std::lock_guard lock(connections_mutex_);
      live_connections_.emplace(connection.get(), connection);
    }
    asio::co_spawn(connection->executor(), connection->run(),
                   [this, connection, capped_as](std::exception_ptr e) {
                     if (e) spdlog::error("connection ended by exception: {}", describe(e));
                     {
                       std::lock_guard lock(connections_mutex_);
                       live_connections_.erase(connection.get());
                     }
                     if (!capped_as.empty()) release_address_slot(capped_as);
                     connections_.fetch_sub(1);
                   });
  }
}

bool ServerCore::reserve_address_slot(const std::string& peer) {
  std::lock_guard lock(connections_mutex_);
  int& open = connections_per_address_[peer];
  if (open >= options_.connections_per_address_max) {
    if (open == 0) connections_per_address_.erase(peer);
    return false;
  }
  ++open;
  return true;
}

void ServerCore::release_address_slot(const std::string& peer) {
  std::lock_guard lock(connections_mutex_);
  auto it = connections_per_address_.find(peer);
  if (it != connections_per_address_.end() && --it->second <= 0) {
    connections_per_address_.erase(it);
  }
}

// At most one line a second: a flood of refused connections must not flood the log too.
void ServerCore::log_refusal(const std::string& why) {
  auto now_s = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::steady_clock::now().time_since_epoch())
                   .count();
  auto last = refusals_logged_at_s_.load();
  if (now_s != last && refusals_logged_at_s_.compare_exchange_strong(last, now_s)) {
    spdlog::warn("refused a connection: {}", why);
  }
}

// Over a connection limit: say so in JSON and close, without reading the request.
asio::awaitable<void> ServerCore::refuse_connection(tcp::socket socket, std::string detail) {
  beast::tcp_stream stream(std::move(socket));
  Response response = Response::error_envelope(503, "too_many_connections", detail);
  bhttp::response<bhttp::string_body> message{bhttp::status::service_unavailable, 11};
  message.set(bhttp::field::content_type, kJsonContentType);
  message.keep_alive(false);
  message.body() = response.body;
  message.prepare_payload();
  stream.expires_after(1s);
  co_await bhttp::async_write(stream, message, kAsTuple);
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
  stream.close();
}

std::vector<std::shared_ptr<Connection>> ServerCore::snapshot_connections() {
  std::vector<std::shared_ptr<Connection>> out;
  std::lock_guard lock(connections_mutex_);
  for (auto& [raw, weak] : live_connections_) {
    if (auto c = weak.lock()) out.push_back(std::move(c));
  }
  return out;
}

void ServerCore::begin_shutdown() {
  if (!started_ || stopping_.exchange(true)) return;
  asio::co_spawn(acceptor_strand_, shutdown_sequence(), [](std::exception_ptr e) {
    if (e) spdlog::error("shutdown sequence failed: {}", describe(e));
  });
}

asio::awaitable<void> ServerCore::shutdown_sequence() {
  boost::system::error_code ignored;
  acceptor_.close(ignored);
  for (auto& c : snapshot_connections()) {
    asio::post(c->executor(), [c] { c->close_if_idle(); });
  }
  asio::steady_timer timer(acceptor_strand_);
  co_await wait_for_connections(timer, options_.shutdown_grace);
  if (connections_.load() > 0) {
    spdlog::warn("shutdown: closing {} connection(s) still busy after the grace period",
                 connections_.load());
    for (auto& c : snapshot_connections()) {
      asio::post(c->executor(), [c] { c->force_close(); });
    }
    co_await wait_for_connections(timer, 1s);
  }
  ioc_.stop();
}

asio::awaitable<void> ServerCore::wait_for_connections(asio::steady_timer& timer,
                                                       std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (connections_.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(10ms);
    co_await timer.async_wait(kAsTuple);
  }
}

void ServerCore::install_signal_handler() {
  signals_.emplace(ioc_, SIGINT, SIGTERM);
  signals_->async_wait([this](boost::system::error_code ec, int signal_number) {
    if (ec) return;
    spdlog::info("received signal {}: shutting down (grace {} ms)", signal_number,
                 options_.shutdown_grace.count());
    begin_shutdown();
  });
}

void ServerCore::join() {
  std::call_once(join_once_, [this] {
    for (auto& t : io_threads_) t.join();
    // Handlers that outlived their request (timeouts) finish here; nothing posts to them anymore.
    pool_.join();
  });
}

std::string describe(const std::exception_ptr& e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return ex.what();
  } catch (...) {
    return "non-standard exception";
  }
}

}  // namespace detail

class Server::Impl : public detail::ServerCore {
 public:
  using ServerCore::ServerCore;
};

Server::Server(ServerOptions options, const Pipeline& pipeline)
    : impl_(std::make_unique<Impl>(std::move(options), pipeline)) {}

Server::~Server() = default;

Status Server::listen() {
  return impl_->listen();
}
Status Server::start() {
  return impl_->start();
}
std::uint16_t Server::port() const {
  return impl_->port();
}

void Server::run_until_signal() {
  impl_->install_signal_handler();
  impl_->join();
}

void Server::stop() {
  impl_->begin_shutdown();
  impl_->join();
}

int Server::connections_open() const {
  return impl_->connections_open();
}
int Server::requests_in_flight() const {
  return impl_->requests_in_flight();
}

}  // namespace mamon::http
