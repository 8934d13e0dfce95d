// Private to server.cc and server_connection.cc: the Beast/Asio types behind Server. Nothing
// outside src/http/server*.cc includes this header (it pulls in Beast and Asio).
#pragma once

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "base/ip_network.h"
#include "http/server.h"

namespace mamon::http::detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;

// Completion token: operations return (error_code, results...) instead of throwing.
inline constexpr auto kAsTuple = asio::as_tuple(asio::use_awaitable);

std::string describe(const std::exception_ptr& e);

class ServerCore;

// One client connection: reads requests one after another (keep-alive), hands each to the
// worker pool and writes the answers. Every member is used only on the connection's strand.
class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `peer`: the socket's remote address, if it could be read.
  Connection(ServerCore& server, tcp::socket socket, std::optional<IpAddress> peer);

  asio::any_io_executor executor() { return stream_.get_executor(); }

  // The connection's coroutine; ends when the connection is closed.
  asio::awaitable<void> run();

  // Shutdown: closes the connection if it is waiting for a next request (on the strand).
  void close_if_idle();
  // After the grace period: closes the connection whatever it is doing (on the strand).
  void force_close();

 private:
  struct Job;

  using TimePoint = std::chrono::steady_clock::time_point;

  // Reads and answers one request; false when the connection must close afterwards.
  asio::awaitable<bool> serve_one();
  // Reads the rest of a request whose first bytes are in buffer_: the head within
  // header_timeout and the whole request within read_timeout of `started`. nullopt when the
  // connection must close: the request was answered (400/408/413/431) or the client went away.
  asio::awaitable<std::optional<Request>> read_request(
      bhttp::request_parser<bhttp::string_body>& parser, TimePoint started);
  // The client address of a request from this peer (http/client_address.h).
  std::string client_ip(const Headers& headers) const;
  // Cancels the socket's pending operations at `at` and sets deadline_expired_. An own timer
  // rather than tcp_stream's expiry, which closes the socket: a stalled client still gets its
  // 408. disarm_deadline() before the next use of the stream's own expiry.
  void arm_deadline(TimePoint at);
  void disarm_deadline();
  // Runs the pipeline on the worker pool; nullopt if it did not finish within request_timeout
  // (or the connection was force-closed meanwhile).
  asio::awaitable<std::optional<Response>> run_on_worker(Request request);
  // Writes `response` (HEAD: headers only); false on a write error.
  asio::awaitable<bool> write(Response response, unsigned version, bool keep_alive, bool head);
  // Answers a request that cannot be handled (431/413/400/503) and closes the connection after
  // draining what the client still sends, so the client can read the answer.
  asio::awaitable<void> reject(Request& request, Response response, unsigned version,
                               std::int64_t elapsed_us);
  // A request that cannot be read as a whole: the closing answer for read error `ec`, if any.
  asio::awaitable<void> reject_read_error(Request& request, const boost::system::error_code& ec,
                                          unsigned version, std::int64_t elapsed_us);
  asio::awaitable<void> lingering_close();

  ServerCore& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  asio::steady_timer deadline_;
  std::uint64_t deadline_generation_ = 0;
  bool deadline_expired_ = false;
  std::optional<IpAddress> peer_;
  std::string peer_ip_;        // peer_ as text, "" if unknown
  bool peer_trusted_ = false;  // peer_ is one of trusted_proxies
  bool idle_ = true;
  bool closed_ = false;
  std::shared_ptr<Job> job_;  // the request being handled, if any
};

// Everything behind Server (see server.h for the contract).
class ServerCore {
 public:
  ServerCore(ServerOptions options, const Pipeline& pipeline);
  virtual ~ServerCore();

  Status listen();
  Status start();
  std::uint16_t port() const { return port_; }
  void begin_shutdown();
  void install_signal_handler();
  void join();

  int connections_open() const { return connections_.load(); }
  int requests_in_flight() const { return in_flight_.load(); }

  const ServerOptions& options() const { return options_; }
  const Pipeline& pipeline() const { return pipeline_; }
  asio::thread_pool& pool() { return pool_; }
  bool stopping() const { return stopping_.load(); }
  std::atomic<int>& in_flight() { return in_flight_; }

 private:
  void run_io();
  asio::awaitable<void> accept_loop();
  // Over a connection limit: says so (503 JSON `too_many_connections`) and closes.
  asio::awaitable<void> refuse_connection(tcp::socket socket, std::string detail);
  void log_refusal(const std::string& why);
  // The per-address count: false (and nothing counted) if `peer` is at the cap.
  bool reserve_address_slot(const std::string& peer);
  void release_address_slot(const std::string& peer);
  asio::awaitable<void> shutdown_sequence();
  asio::awaitable<void> wait_for_connections(asio::steady_timer& timer,
                                             std::chrono::milliseconds limit);
  std::vector<std::shared_ptr<Connection>> snapshot_connections();

  const ServerOptions options_;
  const Pipeline& pipeline_;
  // Declaration order is destruction order reversed: the pool and every I/O object go before
  // the io_context they use.
  asio::io_context ioc_;
  asio::thread_pool pool_;
  asio::strand<asio::io_context::executor_type> acceptor_strand_;
  tcp::acceptor acceptor_;
  std::optional<asio::signal_set> signals_;
  std::vector<std::thread> io_threads_;

  std::uint16_t port_ = 0;
  bool listening_ = false;
  std::atomic<bool> started_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> in_flight_{0};
  std::once_flag join_once_;
  std::mutex connections_mutex_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> live_connections_;
  std::unordered_map<std::string, int> connections_per_address_;  // under connections_mutex_
  std::atomic<std::int64_t> refusals_logged_at_s_{0};
};

}  // namespace mamon::http::detail
