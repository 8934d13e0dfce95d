// Always-on assertions for programmer errors and broken invariants (TigerBeetle style: they stay on
// in production, because continuing with corrupt money state is worse than stopping).
#pragma once

namespace mamon::detail {
[[noreturn]] void check_failed(const char* expr, const char* file, int line, const char* message);
}  // namespace mamon::detail

#define MAMON_CHECK(cond) \
  ((cond) ? (void)0 : ::mamon::detail::check_failed(#cond, __FILE__, __LINE__, ""))
#define MAMON_CHECK_MSG(cond, msg) \
  ((cond) ? (void)0 : ::mamon::detail::check_failed(#cond, __FILE__, __LINE__, (msg)))
