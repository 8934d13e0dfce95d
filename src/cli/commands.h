// The subcommands of `mamon` (DESIGN.md §3b), each in its own file, free of CLI11 (cli.cc parses
// the command line into these option structs). Every run_* returns the process exit code: 0 on
// success; otherwise it has printed exactly one line "mamon: <reason>" on stderr. Results and
// summaries go to stdout. All read the configuration (DATABASE_URL, ...) from the environment.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace mamon::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// `mamon migrate`: applies pending migrations, then the system rows. Idempotent.
int run_migrate();

// `mamon serve [--bind HOST:PORT]`: runs the HTTP server until SIGTERM/SIGINT.
struct ServeOptions {
  std::optional<std::string> bind;  // default: BIND from the configuration
};
int run_serve(const ServeOptions& options);

// `mamon loaddata FILE...`: imports the old system's dump (all or nothing), prints the summary,
// then checks the ledger; any invariant violation fails the command.
struct LoaddataOptions {
  std::vector<std::string> files;
  bool if_empty = false;  // load only into a database without users or products
};
int run_loaddata(const LoaddataOptions& options);

// `mamon createsuperuser --noinput --username U [--email E]`; the password comes from
// MAMON_SUPERUSER_PASSWORD, which must be set and non-empty.
struct CreatesuperuserOptions {
  bool noinput = false;
  std::string username;
  std::string email;
};
int run_createsuperuser(const CreatesuperuserOptions& options);

// `mamon adduser USERNAME [...]`: a user with holder (and personnel with --personnel). With
// --password-env VAR the password is VAR's value (must be non-empty); without it the user has no
// usable local password.
struct AdduserOptions {
  std::string username;
  std::optional<std::string> password_env;
  std::string first_name;
  std::string last_name;
  std::string email;
  std::vector<std::string> groups;
  std::optional<std::string> personnel_nickname;
  bool superuser = false;
  std::optional<std::int64_t> ledenbase_id;
};
int run_adduser(const AdduserOptions& options);

// `mamon check`: prints each violation as "INV-n: detail" and fails if there is any.
int run_check();

// `mamon clientapp create --name N --user USERNAME --path REGEX [--path REGEX]...`: registers a
// client application acting as USERNAME; prints a summary, then its token as the LAST line of
// stdout (shown once, never stored).
struct ClientappCreateOptions {
  std::string name;
  std::string username;
  std::vector<std::string> paths;
};
int run_clientapp_create(const ClientappCreateOptions& options);
// `mamon clientapp list`: a header line, then one tab-separated line per application: name,
// identifier, user, paths (space-separated), last used, status ("active" / "revoked <time>").
int run_clientapp_list();
// `mamon clientapp revoke IDENTIFIER`: its token stops working at once. Revoking a revoked
// application succeeds and says so; an unknown identifier fails.
struct ClientappRevokeOptions {
  std::string identifier;
};
int run_clientapp_revoke(const ClientappRevokeOptions& options);

// `mamon backup FILE`: SQLite only: copies the database, consistent at one commit, while the
// server may run (storage/sqlite_backup.h). Refuses an existing FILE; on PostgreSQL refuses,
// naming the pg_dump command to use.
struct BackupOptions {
  std::string file;
};
int run_backup(const BackupOptions& options);

// `mamon restore FILE`: SQLite only: checks FILE is an intact Mamon backup whose schema is not
// newer than this binary's, copies it into DATABASE_URL's file only if that does not exist or is
// empty, then migrates (as `mamon migrate`) and checks the ledger (as `mamon check`; violations
// fail the command). On PostgreSQL refuses, naming the pg_restore command to use.
struct RestoreOptions {
  std::string file;
};
int run_restore(const RestoreOptions& options);

}  // namespace mamon::cli
