#!/usr/bin/env python3
"""Black-box tests of the `mamon` command line (DESIGN.md §3b): the real binary on a fresh
database, checking exit codes, the one-line "mamon: <reason>" on stderr and the ledger.

Environment:
  MAMON_BIN            the mamon executable (ctest sets it)
  MAMON_CLI_BACKEND    "sqlite" (default) or "postgres"
  MAMON_TEST_PG_URL    a PostgreSQL server database where fresh databases can be created
  MAMON_REQUIRE_PG     "1": a missing MAMON_TEST_PG_URL fails instead of skipping PostgreSQL
  MAMON_FIXTURES_DIR   the directory of starterDATA.json (default ../shared beside the repo)
"""
import os
import secrets
import shutil
import subprocess
import tempfile
import unittest
import urllib.parse

MAMON_BIN = os.environ.get("MAMON_BIN", "mamon")
BACKEND = os.environ.get("MAMON_CLI_BACKEND", "sqlite")
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.environ.get("MAMON_FIXTURES_DIR") or os.path.normpath(
    os.path.join(HERE, "..", "..", "..", "shared", "fixtures"))
STARTER = os.path.join(FIXTURES, "starterDATA.json")


class FreshDatabase:
    """An empty database (not even migrated): a temporary SQLite file or a new PostgreSQL one."""

    def __init__(self):
        self.tmp = tempfile.mkdtemp(prefix="mamon-cli-")
        self.name = None
        if BACKEND == "sqlite":
            self.url = "sqlite:///" + os.path.join(self.tmp, "mamon.sqlite3")
        elif BACKEND == "postgres":
            self.admin = os.environ["MAMON_TEST_PG_URL"]
            self.name = "mamon_c_" + secrets.token_hex(6)
            subprocess.run(["psql", self.admin, "-q", "-c", f"CREATE DATABASE {self.name}"],
                           check=True, capture_output=True)
            parsed = urllib.parse.urlsplit(self.admin)
            self.url = urllib.parse.urlunsplit(parsed._replace(path="/" + self.name))
        else:
            raise ValueError("unknown MAMON_CLI_BACKEND " + BACKEND)

    def drop(self):
        if self.name:
            subprocess.run(["psql", self.admin, "-q", "-c",
                            f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"],
                           check=False, capture_output=True)
        shutil.rmtree(self.tmp, ignore_errors=True)


class CliTest(unittest.TestCase):
    def setUp(self):
        if BACKEND == "postgres" and not os.environ.get("MAMON_TEST_PG_URL"):
            if os.environ.get("MAMON_REQUIRE_PG") == "1":
                self.fail("MAMON_REQUIRE_PG=1 but MAMON_TEST_PG_URL is not set")
            self.skipTest("MAMON_TEST_PG_URL is not set")
        self.db = FreshDatabase()
        self.addCleanup(self.db.drop)
        self.env = {k: v for k, v in os.environ.items()
                    if k not in ("MAMON_SUPERUSER_PASSWORD", "DATABASE_URL")}
        self.env["DATABASE_URL"] = self.db.url

    def mamon(self, *args, env=None):
        full_env = dict(self.env)
        full_env.update(env or {})
        # cwd: an empty directory, so that no developer's .env leaks into the test.
        return subprocess.run([MAMON_BIN, *args], env=full_env, cwd=self.db.tmp,
                              capture_output=True, text=True, timeout=300)

    def assert_ok(self, result):
        self.assertEqual(result.returncode, 0,
                         f"exit {result.returncode}\nstdout: {result.stdout}\nstderr: {result.stderr}")
        return result

    def assert_fails(self, result, *needles):
        self.assertNotEqual(result.returncode, 0, result.stdout)
        lines = result.stderr.strip().splitlines()
        self.assertEqual(len(lines), 1, f"stderr must be one line: {result.stderr!r}")
        self.assertTrue(lines[0].startswith("mamon: "), lines[0])
        for needle in needles:
            self.assertIn(needle, lines[0])
        return result

    def write_corrupted_copy(self):
        with open(STARTER, encoding="utf-8") as f:
            text = f.read()
        end = text.rindex("]")
        bad = (', {"model": "purchase.purchase", "pk": 5000, "fields": {"buyer": 99999, '
               '"seller": 65, "balance": true, "cash": false, "pin": false, '
               '"created": "2022-10-21T09:10:58Z", "remaining_after_purchase": 0.0, '
               '"orders": []}}')
        path = os.path.join(self.db.tmp, "corrupted.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text[:end] + bad + text[end:])
        return path

    def test_full_cycle(self):
        first = self.assert_ok(self.mamon("migrate"))
        self.assertRegex(first.stdout, r"migrated: [1-9]\d* applied, schema version \d+")
        second = self.assert_ok(self.mamon("migrate"))
        self.assertRegex(second.stdout, r"migrated: 0 applied, schema version \d+")

        loaded = self.assert_ok(self.mamon("loaddata", STARTER))
        self.assertIn("users: 36", loaded.stdout)
        self.assertIn("starterDATA.json record 2", loaded.stdout)
        self.assertIn("Missing product #16 (import)", loaded.stdout)
        self.assertIn("ledger check: clean", loaded.stdout)
        clean = self.assert_ok(self.mamon("check"))
        self.assertIn("ledger clean:", clean.stdout)

        # A corrupted copy: refused naming the record; nothing changes (the same ledger size).
        corrupted = self.write_corrupted_copy()
        self.assert_fails(self.mamon("loaddata", corrupted), "corrupted.json record 462",
                          "missing holder 99999")
        self.assertEqual(self.assert_ok(self.mamon("check")).stdout, clean.stdout)
        # --if-empty on a database with data: skipped, nothing changes.
        skipped = self.assert_ok(self.mamon("loaddata", "--if-empty", STARTER))
        self.assertTrue(skipped.stdout.startswith("loaddata: skipped"), skipped.stdout)
        self.assertEqual(self.assert_ok(self.mamon("check")).stdout, clean.stdout)
        # The same dump again: refused (duplicates), the first import stays.
        self.assert_fails(self.mamon("loaddata", STARTER), "nothing imported")
        self.assertEqual(self.assert_ok(self.mamon("check")).stdout, clean.stdout)

        added = self.assert_ok(self.mamon("adduser", "nopass", "--first-name", "No",
                                          "--group", "Tapper", "--group", "Bestuur"))
        self.assertIn("no local password", added.stdout)
        self.assert_ok(self.mamon("adduser", "withpass", "--password-env", "MAMON_T_PW",
                                  "--personnel", "wp", "--ledenbase-id", "987654",
                                  env={"MAMON_T_PW": "correct horse battery staple"}))
        self.assert_fails(self.mamon("adduser", "emptypass", "--password-env", "MAMON_T_PW",
                                     env={"MAMON_T_PW": ""}), "MAMON_T_PW")
        self.assert_fails(self.mamon("adduser", "nopass"), "adduser")  # username taken

        self.assert_fails(self.mamon("createsuperuser", "--noinput", "--username", "root1",
                                     env={"MAMON_SUPERUSER_PASSWORD": ""}),
                          "MAMON_SUPERUSER_PASSWORD")
        self.assert_fails(self.mamon("createsuperuser", "--noinput", "--username", "root2"),
                          "MAMON_SUPERUSER_PASSWORD")
        self.assert_ok(self.mamon("createsuperuser", "--noinput", "--username", "root3",
                                  "--email", "root@example.org",
                                  env={"MAMON_SUPERUSER_PASSWORD": "s3cret-enough"}))
        self.assert_ok(self.mamon("check"))

    def test_clientapp_create_list_revoke(self):
        import base64
        import json
        self.assert_ok(self.mamon("migrate"))
        self.assert_ok(self.mamon("adduser", "website"))
        env = {"JWT_KEY": "jwt-key-for-the-cli-test-jwt-key-jwt-key"}
        created = self.assert_ok(self.mamon("clientapp", "create", "--name", "Site", "--user",
                                            "website", "--path", "/api/products/?", "--path",
                                            r"/api/holders/\d+/?", env=env))
        token = created.stdout.strip().splitlines()[-1]
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        self.assertEqual(claims["USER"], "website")
        self.assertEqual(claims["PATHS"], ["/api/products/?", r"/api/holders/\d+/?"])
        identifier = claims["IDENTIFIER"]
        self.assertIn(identifier, created.stdout)
        listed = self.assert_ok(self.mamon("clientapp", "list")).stdout.splitlines()
        self.assertEqual(listed[0], "name\tidentifier\tuser\tpaths\tlast used\tstatus")
        self.assertEqual(listed[1].split("\t"), ["Site", identifier, "website",
                                                 r"/api/products/? /api/holders/\d+/?", "never",
                                                 "active"])
        # Refusals: an invalid pattern (named), an unknown user, no JWT_KEY, no --path.
        self.assert_fails(self.mamon("clientapp", "create", "--name", "Bad", "--user", "website",
                                     "--path", "(unclosed", env=env), "paths", "(unclosed")
        self.assert_fails(self.mamon("clientapp", "create", "--name", "Bad", "--user", "nobody",
                                     "--path", "/api/", env=env), "user")
        self.assert_fails(self.mamon("clientapp", "create", "--name", "Bad", "--user", "website",
                                     "--path", "/api/", env={"JWT_KEY": ""}), "JWT_KEY")
        self.assertEqual(self.mamon("clientapp", "create", "--name", "Bad", "--user",
                                    "website", env=env).returncode, 2)
        revoked = self.assert_ok(self.mamon("clientapp", "revoke", identifier))
        self.assertIn("revoked client application " + identifier, revoked.stdout)
        again = self.assert_ok(self.mamon("clientapp", "revoke", identifier))
        self.assertIn("already revoked", again.stdout)
        self.assert_fails(self.mamon("clientapp", "revoke", "no-such-identifier"), "clientapp")
        listed = self.assert_ok(self.mamon("clientapp", "list")).stdout.splitlines()
        self.assertEqual(len(listed), 2)
        self.assertTrue(listed[1].split("\t")[5].startswith("revoked "), listed[1])

    def test_if_empty_loads_the_repository_starter_data_once(self):
        self.assert_ok(self.mamon("migrate"))
        starter = os.path.join(HERE, "..", "..", "data", "starter.json")
        loaded = self.assert_ok(self.mamon("loaddata", "--if-empty", starter))
        self.assertIn("products: 10", loaded.stdout)
        again = self.assert_ok(self.mamon("loaddata", "--if-empty", starter))
        self.assertTrue(again.stdout.startswith("loaddata: skipped"), again.stdout)
        self.assert_ok(self.mamon("check"))

    def test_unmigrated_database_is_refused(self):
        self.assert_fails(self.mamon("check"), "mamon migrate")
        self.assert_fails(self.mamon("loaddata", STARTER), "mamon migrate")

    def test_usage_errors(self):
        result = self.assert_fails(self.mamon("no-such-command"))
        self.assertEqual(result.returncode, 2)
        self.assert_fails(self.mamon("loaddata"))
        self.assert_fails(self.mamon("loaddata", os.path.join(self.db.tmp, "missing.json")),
                          "missing.json")
        self.assertEqual(self.mamon("--help").returncode, 0)


if __name__ == "__main__":
    unittest.main(verbosity=2)
