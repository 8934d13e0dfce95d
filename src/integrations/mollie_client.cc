#include "integrations/mollie_client.h"

#include <nlohmann/json.hpp>

#include "base/limits.h"
#include "integrations/http_client.h"

namespace mamon::integrations {
namespace {

Error unreadable(std::string_view what) {
  return make_error(ErrorCode::kUnavailable,
                    "Mollie's answer cannot be read: " + std::string(what) + ".");
}

// The string at `key` of object `j`, if it is one.
const std::string* string_at(const nlohmann::json& j, const char* key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  if (it == j.end() || !it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

OutgoingRequest base_request(const std::string& key) {
  OutgoingRequest r;
  r.headers = {"Authorization: Bearer " + key, "Accept: application/json"};
  r.connect_timeout_seconds = limits::kMollieConnectTimeoutSeconds;
  r.timeout_seconds = limits::kMollieRequestTimeoutSeconds;
  r.response_bytes_max = limits::kMollieResponseBytesMax;
  return r;
}

}  // namespace

MollieClient::MollieClient(std::string api_url, std::string api_key)
    : api_url_(std::move(api_url)), api_key_(std::move(api_key)) {
  while (!api_url_.empty() && api_url_.back() == '/') api_url_.pop_back();
}

std::string mollie_create_payment_body(const service::MolliePaymentRequest& request) {
  nlohmann::json body = {
      {"amount", {{"currency", "EUR"}, {"value", request.amount.to_string()}}},
      {"description", request.description},
      {"redirectUrl", request.redirect_url},
      {"webhookUrl", request.webhook_url},
      {"metadata", {{"identifier", request.identifier}}},
  };
  return body.dump();
}

Result<service::MolliePaymentState> parse_mollie_payment(std::string_view json_text) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return unreadable("not a JSON object");
  service::MolliePaymentState state;
  const std::string* id = string_at(j, "id");
  const std::string* status = string_at(j, "status");
  if (id == nullptr) return unreadable("no id");
  if (status == nullptr) return unreadable("no status");
  state.report.mollie_id = *id;
  state.report.status = *status;
  auto amount = j.find("amount");
  const std::string* value = amount == j.end() ? nullptr : string_at(*amount, "value");
  const std::string* currency = amount == j.end() ? nullptr : string_at(*amount, "currency");
  if (value == nullptr || currency == nullptr) return unreadable("no amount");
  Result<Cents> cents = Cents::parse(*value);
  if (!cents.ok()) return unreadable("amount " + value->substr(0, 20));
  state.report.amount = *cents;
  state.report.currency = *currency;
  if (auto metadata = j.find("metadata"); metadata != j.end()) {
    if (const std::string* identifier = string_at(*metadata, "identifier")) {
      state.report.identifier = *identifier;
    }
  }
  if (auto links = j.find("_links"); links != j.end() && links->is_object()) {
    if (auto checkout = links->find("checkout"); checkout != links->end()) {
      if (const std::string* href = string_at(*checkout, "href")) state.checkout_url = *href;
    }
  }
  if (const std::string* expires = string_at(j, "expiresAt")) {
    Result<TimestampUs> at = parse_iso8601(*expires);
    if (!at.ok()) return unreadable("expiresAt " + expires->substr(0, 40));
    state.expires_at_us = *at;
  }
  return state;
}

std::string mollie_error_message(long http_status, std::string_view json_text) {
  std::string line = "Mollie refused the request (" + std::to_string(http_status);
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (const std::string* title = string_at(j, "title")) line += " " + *title;
  line += ")";
  if (const std::string* detail = string_at(j, "detail")) line += ": " + detail->substr(0, 300);
  return line;
}

Result<service::MolliePaymentState> MollieClient::create_payment(
    const service::MolliePaymentRequest& request) const {
  OutgoingRequest r = base_request(api_key_);
  r.method = "POST";
  r.url = api_url_ + "/payments";
  r.headers.push_back("Content-Type: application/json");
  r.body = mollie_create_payment_body(request);
  MAMON_TRY(IncomingResponse response, perform(r));
  if (response.status != 201 && response.status != 200) {
    return make_error(ErrorCode::kUnavailable,
                      mollie_error_message(response.status, response.body));
  }
  return parse_mollie_payment(response.body);
}

Result<service::MolliePaymentState> MollieClient::get_payment(std::string_view mollie_id) const {
  OutgoingRequest r = base_request(api_key_);
  // The id was checked against domain::is_mollie_payment_id (letters and digits): safe in a path.
  r.url = api_url_ + "/payments/" + std::string(mollie_id);
  MAMON_TRY(IncomingResponse response, perform(r));
  if (response.status == 404) {
    return make_error(ErrorCode::kNotFound,
                      "Mollie does not know payment " + std::string(mollie_id) + ".");
  }
  if (response.status != 200) {
    return make_error(ErrorCode::kUnavailable,
                      mollie_error_message(response.status, response.body));
  }
  return parse_mollie_payment(response.body);
}

}  // namespace mamon::integrations
