// Pagination of list use cases (API.md: ?page=N&page_size=M, total in X-Total-Count).
#pragma once

#include <cstdint>
#include <vector>

#include "base/limits.h"
#include "base/result.h"

namespace mamon::service {

struct PageRequest {
  std::int64_t page = 1;  // 1-based
  std::int64_t page_size = limits::kPageSizeDefault;
};

template <typename T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;  // items over all pages
};

// page >= 1 and 1 <= page_size <= limits::kPageSizeMax, and the offset fits.
// Error kInvalidInput (field "page" or "page_size").
inline Status validate_page_request(const PageRequest& request) {
  if (request.page_size < 1 || request.page_size > limits::kPageSizeMax) {
    return make_error(ErrorCode::kInvalidInput, "page_size must be between 1 and 500.",
                      "page_size");
  }
  // 10^9 pages of 500 keeps the offset far inside int64.
  if (request.page < 1 || request.page > 1'000'000'000) {
    return make_error(ErrorCode::kInvalidInput, "page must be 1 or more.", "page");
  }
  return ok_status();
}

inline std::int64_t page_offset(const PageRequest& request) {
  return (request.page - 1) * request.page_size;
}

}  // namespace mamon::service
