#include "base/config.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <string_view>

extern char** environ;

namespace mamon {
namespace {

std::string trim(std::string s) {
  auto not_space = [](char c) { return c != ' ' && c != '\t' && c != '\r' && c != '\n'; };
  while (!s.empty() && !not_space(s.back())) s.pop_back();
  std::size_t i = 0;
  while (i < s.size() && !not_space(s[i])) ++i;
  return s.substr(i);
}

// Loads KEY=VALUE lines from `.env` into the environment without overriding set variables.
void merge_dotenv(const char* path) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#') continue;
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = trim(line.substr(0, eq));
    std::string value = trim(line.substr(eq + 1));
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    ::setenv(key.c_str(), value.c_str(), /*overwrite=*/0);
  }
}

bool env(const char* name, std::string* out) {
  const char* v = std::getenv(name);
  if (v == nullptr) return false;
  *out = v;
  return true;
}

Status env_int(const char* name, int min, int max, int* out) {
  std::string text;
  if (!env(name, &text) || text.empty()) return ok_status();
  char* end = nullptr;
  long v = std::strtol(text.c_str(), &end, 10);
  if (*end != '\0' || v < min || v > max) {
    return make_error(ErrorCode::kInvalidInput,
                      std::string(name) + " must be a whole number from " + std::to_string(min) +
                          " to " + std::to_string(max));
  }
  *out = static_cast<int>(v);
  return ok_status();
}

// PORT (set by Dokku and other Heroku-style platforms) replaces the port of BIND and keeps its
// host: BIND=0.0.0.0:8000 with PORT=5000 listens on 0.0.0.0:5000, [::1]:8000 on [::1]:5000.
Status apply_port(std::string* bind) {
  int port = 0;
  MAMON_RETURN_IF_ERROR(env_int("PORT", 1, 65535, &port));
  if (port == 0) return ok_status();  // unset or empty
  const std::size_t colon = bind->rfind(':');
  const bool has_port = colon != std::string::npos && bind->find(']', colon) == std::string::npos;
  *bind = (has_port ? bind->substr(0, colon) : *bind) + ":" + std::to_string(port);
  return ok_status();
}

bool truthy(const std::string& v) {
  return v == "1" || v == "true" || v == "True" || v == "TRUE" || v == "yes" || v == "on";
}

}  // namespace

Result<Config> load_config_from_environment() {
  merge_dotenv(".env");
  Config c;
  std::string v;
  env("DATABASE_URL", &c.database_url);
  if (env("DEBUG", &v)) c.debug = truthy(v);
  env("SECRET_KEY", &c.secret_key);
  env("JWT_KEY", &c.jwt_key);
  env("LEDENBASE_URL", &c.ledenbase_url);
  env("LEDENBASE_TOKEN", &c.ledenbase_token);
  if (env("LEDENBASE_ADMINS", &v)) {
    v = trim(v);
    std::string lower = v;
    for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (lower != "none") c.ledenbase_admins_group = v;
  }
  env("MOLLIE_API_KEY", &c.mollie_api_key);
  env("MOLLIE_API_URL", &c.mollie_api_url);
  if (env("PUBLIC_URL", &v) && !trim(v).empty()) {
    c.public_url = trim(v);
    c.public_url_set = true;
  }
  env("BIND", &c.bind);
  MAMON_RETURN_IF_ERROR(apply_port(&c.bind));
  env("CORS_ALLOWED_ORIGINS", &c.cors_allowed_origins);
  env("TIME_ZONE", &c.time_zone);
  env("MEDIA_ROOT", &c.media_root);
  while (!c.public_url.empty() && c.public_url.back() == '/') c.public_url.pop_back();
  MAMON_RETURN_IF_ERROR(env_int("ACCESS_TOKEN_MINUTES", 1, 24 * 60, &c.access_token_minutes));
  MAMON_RETURN_IF_ERROR(env_int("REFRESH_TOKEN_DAYS", 1, 365, &c.refresh_token_days));
  MAMON_RETURN_IF_ERROR(env_int("WORKERS", 0, 256, &c.workers));
  MAMON_RETURN_IF_ERROR(
      env_int("FLOW_SHRINKAGE_WARN_PERCENT", 0, 100, &c.flow_shrinkage_warn_percent));
  if (env("TRUSTED_PROXIES", &v)) {
    auto proxies = parse_ip_network_list(v);
    if (!proxies) {
      return make_error(ErrorCode::kInvalidInput,
                        "TRUSTED_PROXIES must be comma-separated IP addresses or CIDR ranges: " +
                            proxies.error().message);
    }
    c.trusted_proxies = std::move(*proxies);
  }
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    std::string_view entry(*e);
    if (entry.rfind("open_", 0) != 0) continue;
    auto eq = entry.find('=');
    if (eq == std::string_view::npos) continue;
    c.open_settings.emplace(std::string(entry.substr(0, eq)), std::string(entry.substr(eq + 1)));
  }
  return c;
}

Status require_production_secrets(const Config& config) {
  if (config.debug) return ok_status();
  for (auto [name, value] :
       {std::pair{"SECRET_KEY", &config.secret_key}, std::pair{"JWT_KEY", &config.jwt_key}}) {
    if (value->size() < 32) {
      return make_error(ErrorCode::kInvalidInput,
                        std::string(name) +
                            " must be set to at least 32 random characters (or set DEBUG=1 for "
                            "local development)");
    }
  }
  return ok_status();
}

}  // namespace mamon
