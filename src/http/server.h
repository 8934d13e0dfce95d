// The HTTP/1.1 server: Boost.Beast over Asio with C++20 coroutines. Beast and Asio stay inside
// server.cc; everything else sees Request/Response and the Pipeline.
//
// Threads: `io_threads` run the io_context (accept, parse, write; each connection on its own
// strand); every complete request is handed to a fixed pool of `worker_threads` that runs
// Pipeline::handle(), because handlers block on the database and argon2; the response hops back
// to the connection's strand to be written.
//
// Limits (base/limits.h, overridable for tests):
//   header bytes     > header_bytes_max → 431 JSON, connection closed
//   body bytes       Content-Length or chunked data > body_bytes_max (or the route's own limit,
//                    RouteOptions::body_bytes_max: uploads) → 413 JSON, closed
//   connections      at connections_max, a new connection gets 503 JSON and is closed
//   per address      at connections_per_address_max from one peer address, that address's new
//                    connection gets 503 JSON and is closed; other addresses are still served.
//                    Peers in trusted_proxies are exempt (behind a proxy every peer is the proxy)
//   header_timeout   for a new connection to send its first byte (else closed silently), and to
//                    receive a request's head once its first byte arrived (else 408 JSON, closed)
//   read_timeout     to receive one whole request once its first byte arrived (else 408 JSON,
//                    closed), and to write a response
//   idle_timeout     between requests on a keep-alive connection (then closed silently)
//   request_timeout  for the handler; on expiry the client gets 503 JSON and the connection is
//                    closed (the handler itself cannot be interrupted and finishes unobserved)
//   shutdown_grace   in-flight requests get this long to finish after stop()/SIGTERM
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/ip_network.h"
#include "base/limits.h"
#include "base/result.h"
#include "http/pipeline.h"

namespace mamon::http {

struct ServerOptions {
  std::string host = "127.0.0.1";  // an IPv4/IPv6 literal or "localhost"
  std::uint16_t port = 8000;       // 0: an ephemeral port, see Server::port()
  int io_threads = 1;
  int worker_threads = 2;
  std::size_t header_bytes_max = limits::kHttpHeaderBytesMax;
  std::size_t body_bytes_max = limits::kHttpBodyBytesMax;
  int connections_max = limits::kHttpConnectionsMax;
  int connections_per_address_max = limits::kHttpConnectionsPerAddressMax;
  std::chrono::milliseconds header_timeout{limits::kHttpHeaderTimeoutSeconds * 1000};
  std::chrono::milliseconds read_timeout{limits::kHttpReadTimeoutSeconds * 1000};
  std::chrono::milliseconds idle_timeout{limits::kHttpIdleTimeoutSeconds * 1000};
  std::chrono::milliseconds request_timeout{limits::kHttpRequestTimeoutSeconds * 1000};
  std::chrono::milliseconds shutdown_grace{limits::kShutdownGraceSeconds * 1000};
  // TRUSTED_PROXIES: their X-Forwarded-For names the client (Request::remote_ip), and they are
  // exempt from connections_per_address_max.
  std::vector<IpNetwork> trusted_proxies;
};

// "HOST:PORT" ("127.0.0.1:8000", "0.0.0.0:80", "[::1]:8000", "localhost:8000").
// Error kInvalidInput with the reason.
struct BindAddress {
  std::string host;
  std::uint16_t port = 0;
};
Result<BindAddress> parse_bind_address(std::string_view text);

class Server {
 public:
  // `pipeline` must outlive the server.
  Server(ServerOptions options, const Pipeline& pipeline);
  // Stops (gracefully) if still running.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens without serving yet: connections wait in the backlog until start(). Lets
  // the caller learn port() (with port 0) before any request runs. Error kUnavailable if the
  // address cannot be bound (in use, not local, permission); kInvalidInput if the host is not an
  // IP address. Call at most once, before start().
  Status listen();

  // listen() unless done, then starts the io and worker threads; returns once connections are
  // accepted. Errors as listen(). Call once.
  Status start();

  // The bound port (useful with port 0). Valid after a successful listen() or start().
  std::uint16_t port() const;

  // Blocks until SIGTERM or SIGINT (or stop() from another thread), then shuts down gracefully:
  // stop accepting, close idle keep-alive connections, let in-flight requests finish within
  // shutdown_grace, close the rest. Returns when every thread has been joined.
  void run_until_signal();

  // The same graceful shutdown, from any thread; idempotent; returns when it is complete.
  void stop();

  // For gauges: connections open now, requests being handled now.
  int connections_open() const;
  int requests_in_flight() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace mamon::http
