#include "integrations/ledenbase_client.h"

#include <cctype>
#include <nlohmann/json.hpp>

#include "base/limits.h"
#include "integrations/http_client.h"

namespace mamon::integrations {
namespace {

Error unavailable(std::string what) {
  return make_error(ErrorCode::kUnavailable,
                    "The ledenbase is not available: " + std::move(what) + ".");
}

Error unreadable(std::string_view what) {
  return unavailable("its answer cannot be read (" + std::string(what) + ")");
}

// The text at `key`, or "" when it is missing or null. Nullptr when it is something else.
const std::string* text_at(const nlohmann::json& j, const char* key, const std::string& empty) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return &empty;
  if (!it->is_string()) return nullptr;
  return it->get_ptr<const std::string*>();
}

// One path segment: unreserved characters as they are, every other byte percent-encoded, so a
// token can never change the path it is put in.
std::string path_segment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

OutgoingRequest base_request(const std::string& token) {
  OutgoingRequest r;
  r.headers = {"Authorization: " + token, "Accept: application/json",
               "Content-Type: application/json"};
  r.connect_timeout_seconds = limits::kLedenbaseConnectTimeoutSeconds;
  r.timeout_seconds = limits::kLedenbaseRequestTimeoutSeconds;
  r.response_bytes_max = limits::kLedenbaseResponseBytesMax;
  return r;
}

// perform() names the host and curl's reason (e.g. a timeout); ours says it is the ledenbase.
Result<IncomingResponse> call(const OutgoingRequest& request) {
  Result<IncomingResponse> response = perform(request);
  if (!response.ok()) return unavailable(response.error().message);
  return response;
}

}  // namespace

LedenbaseClient::LedenbaseClient(std::string url, std::string token)
    : url_(std::move(url)), token_(std::move(token)) {
  while (!url_.empty() && url_.back() == '/') url_.pop_back();
}

std::string ledenbase_login_body(std::string_view username, std::string_view password) {
  return nlohmann::json{{"username", username}, {"password", password}}.dump();
}

Result<std::string> parse_ledenbase_token(std::string_view json_text) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return unreadable("not a JSON object");
  auto it = j.find("token");
  if (it == j.end() || !it->is_string() || it->get_ref<const std::string&>().empty()) {
    return unreadable("no token");
  }
  return it->get<std::string>();
}

Result<service::LedenbaseMember> parse_ledenbase_member(std::string_view json_text) {
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return unreadable("not a JSON object");
  service::LedenbaseMember member;
  auto id = j.find("id");
  if (id == j.end() || !id->is_number_integer() || id->get<std::int64_t>() <= 0) {
    return unreadable("no positive integer id");
  }
  member.id = id->get<std::int64_t>();
  static const std::string kEmpty;
  for (auto [key, out] :
       {std::pair{"voornaam", &member.voornaam}, std::pair{"tussenvoegsel", &member.tussenvoegsel},
        std::pair{"achternaam", &member.achternaam}, std::pair{"foto", &member.foto}}) {
    const std::string* text = text_at(j, key, kEmpty);
    if (text == nullptr) return unreadable(std::string(key) + " is not text");
    *out = *text;
  }
  auto admin = j.find("is_administrator");
  if (admin != j.end() && !admin->is_null()) {
    if (!admin->is_boolean()) return unreadable("is_administrator is not true or false");
    member.is_administrator = admin->get<bool>();
  }
  return member;
}

Result<std::optional<service::LedenbaseMember>> LedenbaseClient::log_in(
    std::string_view username, std::string_view password) const {
  OutgoingRequest login = base_request(token_);
  login.method = "POST";
  login.url = url_ + "/login/";
  login.body = ledenbase_login_body(username, password);
  MAMON_TRY(IncomingResponse answer, call(login));
  // Django REST framework answers wrong credentials with 400 (non_field_errors). 401 and 403 are
  // the ledenbase refusing Mamon itself (LEDENBASE_TOKEN): not the member's fault, and it must
  // not look like a wrong password to everybody.
  if (answer.status == 401 || answer.status == 403) {
    return unavailable("it refused Mamon's LEDENBASE_TOKEN (HTTP " + std::to_string(answer.status) +
                       ")");
  }
  if (answer.status >= 400 && answer.status < 500) {
    return std::optional<service::LedenbaseMember>();  // wrong credentials
  }
  if (answer.status != 200) {
    return unavailable("the login answered HTTP " + std::to_string(answer.status));
  }
  MAMON_TRY(std::string member_token, parse_ledenbase_token(answer.body));

  OutgoingRequest person = base_request(token_);
  person.url = url_ + "/personen/" + path_segment(member_token) + "/";
  MAMON_TRY(IncomingResponse found, call(person));
  if (found.status != 200) {
    return unavailable("the member lookup answered HTTP " + std::to_string(found.status));
  }
  MAMON_TRY(service::LedenbaseMember member, parse_ledenbase_member(found.body));
  return std::optional<service::LedenbaseMember>(std::move(member));
}

}  // namespace mamon::integrations
