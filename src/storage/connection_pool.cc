#include "storage/connection_pool.h"

#include <chrono>
#include <utility>

namespace mamon::storage {

ConnectionPool::ConnectionPool(int size_max, int wait_ms, Opener opener)
    : size_max_(size_max), wait_ms_(wait_ms), opener_(std::move(opener)) {
  MAMON_CHECK(size_max_ >= 1);
  MAMON_CHECK(wait_ms_ >= 0);
  MAMON_CHECK(opener_ != nullptr);
}

ConnectionPool::~ConnectionPool() {
  std::lock_guard lock(mutex_);
  // A Lease outliving its pool would return its connection into freed memory.
  MAMON_CHECK_MSG(in_use_ == 0, "a Transaction outlived its Database");
}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      connection_(std::move(other.connection_)),
      reused_(other.reused_),
      discard_(other.discard_) {}

ConnectionPool::Lease& ConnectionPool::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    release();
    pool_ = std::exchange(other.pool_, nullptr);
    connection_ = std::move(other.connection_);
    reused_ = other.reused_;
    discard_ = other.discard_;
  }
  return *this;
}

void ConnectionPool::Lease::release() {
  if (pool_ == nullptr) return;
  std::exchange(pool_, nullptr)->give_back(std::move(connection_), discard_);
}

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(wait_ms_);
  std::unique_lock lock(mutex_);
  for (;;) {
    if (!idle_.empty()) {
      std::unique_ptr<PooledConnection> connection = std::move(idle_.back());
      idle_.pop_back();
      ++in_use_;
      return Lease(this, std::move(connection), /*reused=*/true);
    }
    if (open_ < size_max_) {
      // Reserve the slot, then connect without the lock so other threads are not held up.
      ++open_;
      ++in_use_;
      lock.unlock();
      Result<std::unique_ptr<PooledConnection>> opened = opener_();
      if (!opened.ok()) {
        give_back(nullptr, /*discard=*/true);
        return std::move(opened).error();
      }
      return Lease(this, std::move(opened).value(), /*reused=*/false);
    }
    if (returned_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= size_max_) {
      return make_error(ErrorCode::kUnavailable, "database pool exhausted");
    }
  }
}

void ConnectionPool::give_back(std::unique_ptr<PooledConnection> connection, bool discard) {
  {
    std::lock_guard lock(mutex_);
    MAMON_CHECK(in_use_ > 0);
    --in_use_;
    if (discard) {
      --open_;
    } else {
      idle_.push_back(std::move(connection));
    }
  }
  returned_.notify_one();
  // A discarded connection is closed here, outside the lock: closing may talk to the server.
  connection.reset();
}

Database::PoolStats ConnectionPool::stats() const {
  std::lock_guard lock(mutex_);
  return Database::PoolStats{.open = open_, .in_use = in_use_, .size_max = size_max_};
}

}  // namespace mamon::storage
