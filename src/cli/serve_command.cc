// `mamon serve [--bind HOST:PORT]`: the HTTP server (src/http/serve.h) until SIGTERM/SIGINT.
#include "cli/command_support.h"
#include "cli/commands.h"
#include "http/serve.h"

namespace mamon::cli {

int run_serve(const ServeOptions& options) {
  auto config = load_config();
  if (!config) return fail(config.error());
  // http::serve prints its own one-line reason when it cannot start.
  return http::serve(*config, options.bind.value_or(config->bind));
}

}  // namespace mamon::cli
