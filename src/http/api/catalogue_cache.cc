#include "http/api/catalogue_cache.h"

#include <nlohmann/json.hpp>

#include "http/api/json_products.h"
#include "http/headers.h"
#include "service/idempotency.h"

namespace mamon::http::api {
namespace {

std::size_t index_of(service::ProductFilter filter) {
  return filter == service::ProductFilter::kActive ? 0 : 1;
}

std::shared_ptr<const CatalogueBody> body_of(const nlohmann::json& value) {
  auto body = std::make_shared<CatalogueBody>();
  body->json = value.dump();
  body->etag = "\"c" + service::sha256_hex(body->json).substr(0, 32) + "\"";
  return body;
}

std::string_view without_weak_prefix(std::string_view tag) {
  if (tag.starts_with("W/")) tag.remove_prefix(2);
  return tag;
}

}  // namespace

CatalogueCache::CatalogueCache(storage::Database& database, const std::string& public_url,
                               std::chrono::milliseconds check_interval)
    : database_(database), public_url_(public_url), check_interval_(check_interval) {}

bool CatalogueCache::fresh_locked(Clock::time_point now) const {
  return current_ != nullptr && checked_generation_ == generation_ &&
         now - checked_at_ < check_interval_;
}

bool CatalogueCache::servable_locked(Clock::time_point now) const {
  if (fresh_locked(now)) return true;
  return current_ != nullptr && checking_ && checked_generation_ == generation_;
}

std::shared_ptr<const CatalogueBody> CatalogueCache::peek(Kind kind,
                                                          service::ProductFilter filter) const {
  std::lock_guard lock(mutex_);
  if (!servable_locked(Clock::now())) return nullptr;
  return current_->bodies[static_cast<std::size_t>(kind)][index_of(filter)];
}

void CatalogueCache::invalidate() {
  std::lock_guard lock(mutex_);
  ++generation_;
}

std::shared_ptr<const CatalogueCache::Bodies> CatalogueCache::build(
    const service::CatalogueSnapshot& snapshot, std::string_view public_url) {
  auto bodies = std::make_shared<Bodies>();
  bodies->version = snapshot.version;
  for (auto filter : {service::ProductFilter::kActive, service::ProductFilter::kInactive}) {
    nlohmann::json products = nlohmann::json::array();
    for (const auto& product : service::filter_products(snapshot.products, filter)) {
      products.push_back(product_to_json(product, public_url));
    }
    nlohmann::json categories = nlohmann::json::array();
    for (const auto& category : service::filter_categories(snapshot.categories, filter)) {
      categories.push_back(category_to_json(category, public_url));
    }
    bodies->bodies[static_cast<std::size_t>(Kind::kProducts)][index_of(filter)] = body_of(products);
    bodies->bodies[static_cast<std::size_t>(Kind::kCategories)][index_of(filter)] =
        body_of(categories);
  }
  return bodies;
}

Result<std::shared_ptr<const CatalogueBody>> CatalogueCache::get(Kind kind,
                                                                 service::ProductFilter filter) {
  auto pick = [&](const Bodies& bodies) {
    return bodies.bodies[static_cast<std::size_t>(kind)][index_of(filter)];
  };
  std::uint64_t generation = 0;
  std::shared_ptr<const Bodies> current;
  {
    std::lock_guard lock(mutex_);
    if (servable_locked(Clock::now())) return pick(*current_);
    generation = generation_;
    current = current_;
    checking_ = true;
  }
  // Stale or unknown: confirm the version (one tiny read), rebuild only when it moved.
  const Clock::time_point asked_at = Clock::now();
  Result<std::shared_ptr<const Bodies>> confirmed = confirm(current);
  std::lock_guard lock(mutex_);
  checking_ = false;
  if (!confirmed.ok()) return confirmed.error();
  current = std::move(*confirmed);
  // Another thread may have installed a newer snapshot meanwhile; versions only grow.
  if (current_ == nullptr || current_->version <= current->version) {
    current_ = current;
    checked_at_ = asked_at;
    checked_generation_ = generation;
  }
  return pick(*current);
}

Result<std::shared_ptr<const CatalogueCache::Bodies>> CatalogueCache::confirm(
    std::shared_ptr<const Bodies> current) const {
  MAMON_TRY(std::int64_t version, service::catalogue_version(database_));
  if (current != nullptr && current->version == version) return current;
  MAMON_TRY(service::CatalogueSnapshot snapshot, service::read_catalogue(database_));
  return build(snapshot, public_url_);
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (trim_blanks(if_none_match) == "*") return true;
  const std::string_view wanted = without_weak_prefix(etag);
  while (!if_none_match.empty()) {
    auto comma = if_none_match.find(',');
    std::string_view tag = trim_blanks(if_none_match.substr(0, comma));
    if (without_weak_prefix(tag) == wanted) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace mamon::http::api
