// Private to server.cc and server_connection.cc: the Beast/Asio types behind Server. Nothing
// outside src/http/server*.cc includes this header (it pulls in Beast and Asio).
#pragma once

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

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
  Connection(ServerCore& server, tcp::socket socket);

  asio::any_io_executor executor() { return stream_.get_executor(); }

  // The connection's coroutine; ends when the connection is closed.
  asio::awaitable<void> run();

  // Shutdown: closes the connection if it is waiting for a next request (on the strand).
  void close_if_idle();
  // After the grace period: closes the connection whatever it is doing (on the strand).
  void force_close();

 private:
  struct Job;

  // Reads and answers one request; false when the connection must close afterwards.
  asio::awaitable<bool> serve_one();
  // Runs the pipeline on the worker pool; nullopt if it did not finish within request_timeout
  // (or the connection was force-closed meanwhile).
  asio::awaitable<std::optional<Response>> run_on_worker(Request request);
  // Writes `response` (HEAD: headers only); false on a write error.
  asio::awaitable<bool> write(Response response, unsigned version, bool keep_alive, bool head);
  // Answers a request that cannot be handled (431/413/400/503) and closes the connection after
  // draining what the client still sends, so the client can read the answer.
  asio::awaitable<void> reject(Request& request, Response response, unsigned version,
                               std::int64_t elapsed_us);
  asio::awaitable<void> lingering_close();

  ServerCore& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string remote_ip_;
  bool idle_ = true;
  bool closed_ = false;
  std::shared_ptr<Job> job_;  // the request being handled, if any
};

// Everything behind Server (see server.h for the contract).
class ServerCore {
 public:
  ServerCore(ServerOptions options, const Pipeline& pipeline);
  virtual ~ServerCore();

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
  asio::awaitable<void> refuse_connection(tcp::socket socket);
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
  std::atomic<bool> started_{false};
  std::atomic<bool> stopping_{false};
  std::atomic<int> connections_{0};
  std::atomic<int> in_flight_{0};
  std::once_flag join_once_;
  std::mutex connections_mutex_;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> live_connections_;
};

}  // namespace mamon::http::detail
