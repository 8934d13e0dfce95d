// `mamon serve [--bind HOST:PORT]`: the HTTP server (src/http/serve.h) until SIGTERM/SIGINT.
#include <memory>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "http/serve.h"
#include "integrations/ledenbase_client.h"
#include "integrations/mollie_client.h"

namespace mamon::cli {

int run_serve(const ServeOptions& options) {
  auto config = load_config();
  if (!config) return fail(config.error());
  std::unique_ptr<integrations::MollieClient> mollie;
  if (!config->mollie_api_key.empty()) {
    mollie = std::make_unique<integrations::MollieClient>(config->mollie_api_url,
                                                          config->mollie_api_key);
  }
  std::unique_ptr<integrations::LedenbaseClient> ledenbase;
  if (!config->ledenbase_url.empty()) {
    ledenbase = std::make_unique<integrations::LedenbaseClient>(config->ledenbase_url,
                                                                config->ledenbase_token);
  }
  // http::serve prints its own one-line reason when it cannot start.
  return http::serve(*config, options.bind.value_or(config->bind), mollie.get(), ledenbase.get());
}

}  // namespace mamon::cli
