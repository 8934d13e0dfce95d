// A bounded pool of database connections, shared by the SQLite and PostgreSQL backends.
//
// acquire() hands out a Lease: exclusive use of one connection until the Lease is destroyed, when
// the connection goes back to the pool (or is closed, if the holder called discard()). The pool
// opens connections lazily, never more than `size_max` at once; when all are in use, acquire()
// waits up to `wait_ms` for one to come back, then fails with kUnavailable. Idle connections are
// reused last-in first-out, so a quiet server keeps using the same warm connection (and its
// prepared-statement cache).
//
// Thread-safety: acquire(), stats() and Lease destruction may be called from any thread. A Lease
// itself is used by one thread at a time. The pool must outlive every Lease (CHECKed).
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "base/result.h"
#include "storage/database.h"

namespace mamon::storage {

// A backend's connection. Closing it is the destructor's job.
class PooledConnection {
 public:
  virtual ~PooledConnection() = default;
};

class ConnectionPool {
 public:
  // Opens one new connection; called without the pool's lock held (connecting may take a while).
  // Its error is returned by acquire() as is.
  using Opener = std::function<Result<std::unique_ptr<PooledConnection>>()>;

  // size_max >= 1, wait_ms >= 0 (CHECKed; open_database validates user input before this).
  ConnectionPool(int size_max, int wait_ms, Opener opener);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  class Lease {
   public:
    Lease() = default;
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    ~Lease() { release(); }

    bool valid() const { return connection_ != nullptr; }
    // The leased connection as the backend's type (the pool only ever holds the type its
    // Opener makes).
    template <typename T>
    T& connection_as() const {
      MAMON_CHECK(valid());
      return static_cast<T&>(*connection_);
    }
    // True when the connection was idle in the pool before (it may have gone stale since, e.g. a
    // server restart); false when it was opened for this lease.
    bool reused() const { return reused_; }
    // Closes the connection on release instead of returning it: for broken connections or ones
    // left in an unknown state.
    void discard() { discard_ = true; }
    // Gives the connection back now (or closes it if discarded). Idempotent.
    void release();

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<PooledConnection> connection, bool reused)
        : pool_(pool), connection_(std::move(connection)), reused_(reused) {}

    ConnectionPool* pool_ = nullptr;
    std::unique_ptr<PooledConnection> connection_;
    bool reused_ = false;
    bool discard_ = false;
  };

  // A free connection, a newly opened one (while fewer than size_max are open) or, after waiting
  // up to wait_ms, kUnavailable "database pool exhausted". An Opener failure is returned as is
  // and frees its slot.
  Result<Lease> acquire();

  Database::PoolStats stats() const;

 private:
  void give_back(std::unique_ptr<PooledConnection> connection, bool discard);

  const int size_max_;
  const int wait_ms_;
  const Opener opener_;

  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<PooledConnection>> idle_;  // guarded by mutex_
  int open_ = 0;    // idle + in use + being opened; guarded by mutex_
  int in_use_ = 0;  // leased out or being opened; guarded by mutex_
};

}  // namespace mamon::storage
