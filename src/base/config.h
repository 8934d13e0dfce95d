// Configuration from the environment (DESIGN.md §6), optionally seeded from a `.env` file in the
// working directory (KEY=VALUE lines; real environment variables win). Loaded once at start-up.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/ip_network.h"
#include "base/result.h"

namespace mamon {

struct Config {
  std::string database_url = "sqlite:///var/mamon.sqlite3";
  bool debug = false;
  std::string secret_key;  // JWT (user tokens) and web sessions
  std::string jwt_key;     // client-application tokens
  std::string ledenbase_url;
  std::string ledenbase_token;
  // LEDENBASE_ADMINS: the group ledenbase administrators join at login; "" when unset, empty or
  // "none" (the default: being a ledenbase administrator grants nothing in Mamon). `mamon serve`
  // refuses to start when the group does not exist (service/ledenbase_login.h).
  std::string ledenbase_admins_group;
  std::string mollie_api_key;
  std::string mollie_api_url = "https://api.mollie.com/v2";
  // The address users and Mollie reach, without a trailing "/". When PUBLIC_URL is not set,
  // `mamon serve` replaces this default with http:// + the address it listens on (serve.cc).
  std::string public_url = "http://127.0.0.1:8000";
  bool public_url_set = false;  // PUBLIC_URL was given (non-empty)
  // BIND ("HOST:PORT"); PORT (1..65535, set by Dokku and the like), when set, replaces its port.
  std::string bind = "127.0.0.1:8000";
  std::string cors_allowed_origins = "*";
  std::string time_zone = "Europe/Amsterdam";
  std::string media_root = "media";
  int access_token_minutes = 20;
  int refresh_token_days = 15;
  int workers = 0;  // 0: pick from the core count
  // FLOW_SHRINKAGE_WARN_PERCENT (0..100): a bar cycle flags a flow meter whose shrinkage (poured
  // minus sold, domain/flow_meters.h) is above this share of what it poured.
  int flow_shrinkage_warn_percent = 10;
  // TRUSTED_PROXIES: comma-separated addresses and CIDR ranges of reverse proxies whose
  // X-Forwarded-For is believed (http/client_address.h); their connections are also exempt from
  // the per-address connection cap. Default none: the peer's address is the client's.
  std::vector<IpNetwork> trusted_proxies;
  // Every variable whose name starts with "open_" (served by GET /api/environment/{name}/).
  std::map<std::string, std::string> open_settings;
};

// Reads the process environment (after merging `.env` if present). Error kInvalidInput names the
// variable with a bad value (e.g. ACCESS_TOKEN_MINUTES=abc).
Result<Config> load_config_from_environment();

// For `serve` in non-DEBUG mode: SECRET_KEY and JWT_KEY must be set and at least 32 characters.
Status require_production_secrets(const Config& config);

}  // namespace mamon
