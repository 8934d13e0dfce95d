// The command line of `mamon` (DESIGN.md §3b) parsed with CLI11 into the option structs of
// cli/commands.h; the commands themselves live in one file each.
#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <memory>

#include "cli/command_support.h"
#include "cli/commands.h"

namespace mamon::cli {
namespace {

using Runner = std::function<int()>;

void add_migrate(CLI::App& app, Runner& selected) {
  CLI::App* sub = app.add_subcommand("migrate", "Apply pending database migrations (idempotent)");
  sub->callback([&selected] { selected = [] { return run_migrate(); }; });
}

void add_serve(CLI::App& app, Runner& selected) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* sub = app.add_subcommand("serve", "Run the HTTP server");
  sub->add_option("--bind", options->bind,
                  "HOST:PORT to listen on (default: BIND, its port replaced by PORT when set)");
  sub->callback([&selected, options] { selected = [options] { return run_serve(*options); }; });
}

void add_loaddata(CLI::App& app, Runner& selected) {
  auto options = std::make_shared<LoaddataOptions>();
  CLI::App* sub = app.add_subcommand(
      "loaddata",
      "Import the old system's Django dumpdata JSON (all or nothing), then check the ledger");
  sub->add_option("FILE", options->files, "dump files")->required();
  sub->add_flag("--if-empty", options->if_empty,
                "do nothing (and say 'loaddata: skipped') if the database already has users or "
                "products");
  sub->callback([&selected, options] { selected = [options] { return run_loaddata(*options); }; });
}

void add_createsuperuser(CLI::App& app, Runner& selected) {
  auto options = std::make_shared<CreatesuperuserOptions>();
  CLI::App* sub = app.add_subcommand(
      "createsuperuser", "Create a superuser; the password comes from MAMON_SUPERUSER_PASSWORD");
  sub->add_flag("--noinput", options->noinput, "do not prompt (required)");
  sub->add_option("--username", options->username, "username")->required();
  sub->add_option("--email", options->email, "e-mail address");
  sub->callback(
      [&selected, options] { selected = [options] { return run_createsuperuser(*options); }; });
}

void add_adduser(CLI::App& app, Runner& selected) {
  auto options = std::make_shared<AdduserOptions>();
  CLI::App* sub = app.add_subcommand("adduser", "Create a user with holder (and personnel)");
  sub->add_option("USERNAME", options->username, "username")->required();
  sub->add_option("--password-env", options->password_env,
                  "environment variable holding the password (default: no local password)");
  sub->add_option("--first-name", options->first_name, "first name");
  sub->add_option("--last-name", options->last_name, "last name");
  sub->add_option("--email", options->email, "e-mail address");
  sub->add_option("--group", options->groups, "group (role) to join; repeatable")
      ->take_last()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub->add_option("--personnel", options->personnel_nickname,
                  "make the user active bar personnel with this nickname");
  sub->add_flag("--superuser", options->superuser, "make the user a superuser");
  sub->add_option("--ledenbase-id", options->ledenbase_id, "the member's ledenbase id");
  sub->callback([&selected, options] { selected = [options] { return run_adduser(*options); }; });
}

void add_check(CLI::App& app, Runner& selected) {
  CLI::App* sub = app.add_subcommand("check", "Verify the ledger invariants INV-1..5 and STOCK");
  sub->callback([&selected] { selected = [] { return run_check(); }; });
}

void add_backup(CLI::App& app, Runner& selected) {
  auto options = std::make_shared<BackupOptions>();
  CLI::App* sub = app.add_subcommand(
      "backup",
      "Copy the SQLite database to a new FILE while the server runs (PostgreSQL: pg_dump)");
  sub->add_option("FILE", options->file, "the backup file to create (must not exist)")->required();
  sub->callback([&selected, options] { selected = [options] { return run_backup(*options); }; });
}

void add_restore(CLI::App& app, Runner& selected) {
  auto options = std::make_shared<RestoreOptions>();
  CLI::App* sub = app.add_subcommand(
      "restore",
      "Restore a backup into a new or empty SQLite database, migrate, check the ledger "
      "(PostgreSQL: pg_restore)");
  sub->add_option("FILE", options->file, "a file made by `mamon backup`")->required();
  sub->callback([&selected, options] { selected = [options] { return run_restore(*options); }; });
}

void add_clientapp(CLI::App& app, Runner& selected) {
  CLI::App* sub = app.add_subcommand("clientapp", "Register, list or revoke client applications");
  sub->require_subcommand(1);
  auto create = std::make_shared<ClientappCreateOptions>();
  CLI::App* create_sub = sub->add_subcommand(
      "create", "Register a client application; its token is the last line of stdout, shown once");
  create_sub->add_option("--name", create->name, "the application's name")->required();
  create_sub->add_option("--user", create->username, "the username it acts as")->required();
  create_sub->add_option("--path", create->paths, "an allowed path pattern (regex); repeatable")
      ->required()
      ->take_last()
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  create_sub->callback(
      [&selected, create] { selected = [create] { return run_clientapp_create(*create); }; });
  CLI::App* list_sub = sub->add_subcommand(
      "list", "List client applications (name, identifier, user, paths, last used)");
  list_sub->callback([&selected] { selected = [] { return run_clientapp_list(); }; });
  auto revoke = std::make_shared<ClientappRevokeOptions>();
  CLI::App* revoke_sub =
      sub->add_subcommand("revoke", "Revoke a client application: its token stops working at once");
  revoke_sub->add_option("IDENTIFIER", revoke->identifier, "the application's identifier (uuid)")
      ->required();
  revoke_sub->callback(
      [&selected, revoke] { selected = [revoke] { return run_clientapp_revoke(*revoke); }; });
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app("Mamon: cashless bar and member wallets", "mamon");
  app.require_subcommand(1);
  Runner selected;
  add_migrate(app, selected);
  add_serve(app, selected);
  add_loaddata(app, selected);
  add_createsuperuser(app, selected);
  add_adduser(app, selected);
  add_check(app, selected);
  add_clientapp(app, selected);
  add_backup(app, selected);
  add_restore(app, selected);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return kExitOk;
  } catch (const CLI::ParseError& e) {
    // Help for a subcommand is thrown as CallForHelp too; everything else is a usage error.
    fail(std::string(e.what()) + " (see `mamon --help`)");
    return kExitUsage;
  }
  if (!selected) {
    fail("no command given (see `mamon --help`)");
    return kExitUsage;
  }
  return selected();
}

}  // namespace mamon::cli
