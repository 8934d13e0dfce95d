#include "http/middleware/access_log.h"

#include <spdlog/spdlog.h>

#include <array>

namespace mamon::http {
namespace {

// Substrings of parameter names whose values must not reach the log.
constexpr std::array<std::string_view, 9> kSecretNameParts = {
    "token", "password", "secret", "key", "auth", "signature", "code", "jwt", "session"};

bool looks_secret(std::string_view name) {
  std::string lower;
  lower.reserve(name.size());
  for (char c : name) lower.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c);
  for (auto part : kSecretNameParts) {
    if (lower.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

std::string loggable_query(std::string_view raw_query) {
  std::string out;
  while (!raw_query.empty()) {
    auto amp = raw_query.find('&');
    std::string_view pair = raw_query.substr(0, amp);
    raw_query = amp == std::string_view::npos ? std::string_view() : raw_query.substr(amp + 1);
    if (!out.empty()) out.push_back('&');
    auto eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    if (eq != std::string_view::npos && looks_secret(name)) {
      out.append(name).append("=REDACTED");
    } else {
      out.append(pair);
    }
  }
  return out;
}

std::string escape_for_log(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out.push_back(ch);
    } else {
      out.append("\\x").push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
  return out;
}

std::string access_log_line(const Request& request, int status, std::int64_t duration_us) {
  std::string line = "http method=";
  line.append(method_name(request.method));
  line.append(" path=\"").append(escape_for_log(request.path)).append("\"");
  if (!request.query_string.empty()) {
    line.append(" query=\"").append(escape_for_log(loggable_query(request.query_string)));
    line.append("\"");
  }
  line.append(" status=").append(std::to_string(status));
  line.append(" duration_us=").append(std::to_string(duration_us));
  line.append(" request_id=").append(escape_for_log(request.request_id));
  line.append(" user_id=").append(
      request.principal ? std::to_string(request.principal->user_id) : std::string("-"));
  if (request.principal && !request.principal->client_application_id.empty()) {
    line.append(" client=").append(escape_for_log(request.principal->client_application_id));
  }
  line.append(" route=").append(request.route.empty() ? "-" : escape_for_log(request.route));
  line.append(" ip=").append(request.remote_ip.empty() ? "-" : escape_for_log(request.remote_ip));
  return line;
}

void log_access(const Request& request, int status, std::int64_t duration_us) {
  spdlog::info("{}", access_log_line(request, status, duration_us));
}

}  // namespace mamon::http
