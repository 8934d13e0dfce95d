// The `mamon` executable: every subcommand lives in src/cli/.
#include "cli/cli.h"

int main(int argc, char** argv) { return mamon::cli::run(argc, argv); }
