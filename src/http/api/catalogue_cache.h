// The catalogue as serialised answers (issue 7, item 12): GET /api/products/ and
// /api/categories/ are read by every tablet all evening and change a few times a year, so their
// JSON bodies are built once per catalogue version and served from memory with an ETag.
//
// Freshness: the database's catalogue version (raised by triggers on every change, migration
// 0004) is re-read at most once per limits::kCatalogueVersionCheckMs; a change on this instance
// calls invalidate(), which forces that re-read on the next request. So a change made here shows
// at once, one made by another instance or the CLI within the check interval (plus the few
// milliseconds of the check itself: while one thread confirms the version, the others keep
// serving the current bodies instead of all asking the database at once).
//
// Thread-safe: one instance serves every worker and I/O thread.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "base/limits.h"
#include "base/result.h"
#include "service/products_service.h"
#include "storage/database.h"

namespace mamon::http::api {

// One serialised list.
struct CatalogueBody {
  std::string json;  // the response body
  std::string etag;  // a strong entity tag ("\"c…\""), from the body's content
};

class CatalogueCache {
 public:
  enum class Kind { kProducts = 0, kCategories = 1 };

  // `database` and `public_url` must outlive the cache; `public_url` (read at each rebuild: serve
  // settles its default only once the port is bound) goes into the bodies' image URLs.
  CatalogueCache(storage::Database& database, const std::string& public_url,
                 std::chrono::milliseconds check_interval =
                     std::chrono::milliseconds(limits::kCatalogueVersionCheckMs));

  // The body for `kind` and `filter`, rebuilt first when the catalogue changed. May read the
  // database (call it on a worker thread). Error kUnavailable when the database failed.
  Result<std::shared_ptr<const CatalogueBody>> get(Kind kind, service::ProductFilter filter);

  // The body if it is known to be fresh without asking the database (checked within the
  // interval and not invalidated since), else null. Never blocks on I/O: the server's
  // in-memory fast path uses it on an I/O thread.
  std::shared_ptr<const CatalogueBody> peek(Kind kind, service::ProductFilter filter) const;

  // The catalogue changed on this instance: the next get() re-reads the version.
  void invalidate();

 private:
  using Clock = std::chrono::steady_clock;
  struct Bodies {
    std::int64_t version = 0;
    // [kind][filter]
    std::array<std::array<std::shared_ptr<const CatalogueBody>, 2>, 2> bodies{};
  };

  bool fresh_locked(Clock::time_point now) const;
  // Fresh, or being confirmed by another thread (and not invalidated since).
  bool servable_locked(Clock::time_point now) const;
  // `current` if the database's version is still its version, else bodies rebuilt from a new
  // snapshot. Reads the database.
  Result<std::shared_ptr<const Bodies>> confirm(std::shared_ptr<const Bodies> current) const;
  // Builds every body from one snapshot of the catalogue.
  static std::shared_ptr<const Bodies> build(const service::CatalogueSnapshot& snapshot,
                                             std::string_view public_url);

  storage::Database& database_;
  const std::string& public_url_;
  const std::chrono::milliseconds check_interval_;

  mutable std::mutex mutex_;
  std::shared_ptr<const Bodies> current_;  // null until the first get()
  Clock::time_point checked_at_{};         // when current_'s version was last confirmed
  // invalidate() raises generation_; current_ is fresh only if it was confirmed under the
  // generation in force now (a confirmation that raced with a local change does not count).
  std::uint64_t generation_ = 1;
  std::uint64_t checked_generation_ = 0;
  bool checking_ = false;  // a thread is confirming the version of current_ now
};

// True if an If-None-Match header value (a list of entity tags, or "*") names `etag`, comparing
// weakly (a W/ prefix is ignored), as RFC 9110 §13.1.2 asks for GET.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace mamon::http::api
