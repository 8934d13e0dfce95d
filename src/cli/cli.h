// The `mamon` command (DESIGN.md §3b): migrate, serve, loaddata, createsuperuser, adduser, check.
// Every subcommand reads the configuration from the environment, exits 0 on success and non-zero
// with a one-line reason on stderr otherwise.
#pragma once

namespace mamon::cli {

int run(int argc, char** argv);

}  // namespace mamon::cli
