#include "service/transactions.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

namespace mamon::service::detail {

void transaction_retry_backoff(int attempt) {
  thread_local std::minstd_rand random(static_cast<unsigned>(
      std::hash<std::thread::id>()(std::this_thread::get_id()) ^
      static_cast<std::size_t>(std::chrono::steady_clock::now().time_since_epoch().count())));
  const int ceiling_ms = 1 << std::min(attempt, 6);
  std::uniform_int_distribution<int> pick(0, ceiling_ms);
  std::this_thread::sleep_for(std::chrono::milliseconds(pick(random)));
}

}  // namespace mamon::service::detail
