// `mamon serve [--bind HOST:PORT]`: the HTTP server (src/http/serve.h) until SIGTERM/SIGINT.
#include <memory>

#include "cli/command_support.h"
#include "cli/commands.h"
#include "http/serve.h"
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
  // http::serve prints its own one-line reason when it cannot start.
  return http::serve(*config, options.bind.value_or(config->bind), mollie.get());
}

}  // namespace mamon::cli
