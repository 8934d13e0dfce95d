#!/usr/bin/env python3
"""`mamon backup` and `mamon restore` (docs/operations.md "Backups"), black-box on the real binary:
the round trip on SQLite, every refusal, and the PostgreSQL refusals naming pg_dump / pg_restore.

Environment: as tests/cli/cli_test.py (MAMON_BIN, MAMON_CLI_BACKEND, MAMON_TEST_PG_URL, ...).
"""
import os
import sqlite3
import unittest

import cli_test  # not `from ... import CliTest`: unittest would run its tests here too
from cli_test import BACKEND, STARTER

# The tables compared row by row after a round trip (everything the ledger and the bar hold).
COMPARED_TABLES = ("users", "holders", "products", "purchases", "order_lines", "accounts",
                   "transfers", "audit_log", "schema_migrations")


def table_rows(path, table):
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


class BackupCase(unittest.TestCase):
    """cli_test.CliTest's fresh database and helpers, without its tests."""
    setUp = cli_test.CliTest.setUp
    mamon = cli_test.CliTest.mamon
    assert_ok = cli_test.CliTest.assert_ok
    assert_fails = cli_test.CliTest.assert_fails


class BackupOnPostgres(BackupCase):
    def setUp(self):
        if BACKEND != "postgres":
            self.skipTest("PostgreSQL refusals: run with MAMON_CLI_BACKEND=postgres")
        super().setUp()
        self.assert_ok(self.mamon("migrate"))

    def test_backup_refuses_naming_pg_dump(self):
        target = os.path.join(self.db.tmp, "mamon.dump")
        self.assert_fails(self.mamon("backup", target), "PostgreSQL", "pg_dump", target)
        self.assertFalse(os.path.exists(target))

    def test_restore_refuses_naming_pg_restore(self):
        self.assert_fails(self.mamon("restore", os.path.join(self.db.tmp, "mamon.dump")),
                          "PostgreSQL", "pg_restore", "mamon check")


class BackupOnSqlite(BackupCase):
    def setUp(self):
        if BACKEND != "sqlite":
            self.skipTest("SQLite backups: run with MAMON_CLI_BACKEND=sqlite")
        super().setUp()
        self.path = self.db.url[len("sqlite:///"):]
        self.backup = os.path.join(self.db.tmp, "backup.sqlite3")
        self.restored = os.path.join(self.db.tmp, "restored.sqlite3")
        self.restored_env = {"DATABASE_URL": "sqlite:///" + self.restored}

    def loaded_backup(self):
        self.assert_ok(self.mamon("migrate"))
        self.assert_ok(self.mamon("loaddata", STARTER))
        made = self.assert_ok(self.mamon("backup", self.backup))
        self.assertRegex(made.stdout, r"^backup: .*backup\.sqlite3 \(schema version \d+\)")
        return made

    def restore(self, backup=None):
        return self.mamon("restore", backup or self.backup, env=self.restored_env)

    def test_round_trip_keeps_every_row_and_the_ledger(self):
        self.loaded_backup()
        self.assertFalse(os.path.exists(self.backup + "-wal"), "a backup is one file")
        restored = self.assert_ok(self.restore())
        self.assertIn("restored: ", restored.stdout)
        self.assertRegex(restored.stdout, r"migrated: 0 applied")
        self.assertIn("ledger clean:", restored.stdout)
        for table in COMPARED_TABLES:
            self.assertEqual(table_rows(self.restored, table), table_rows(self.path, table), table)
        self.assertEqual(self.assert_ok(self.mamon("check", env=self.restored_env)).stdout,
                         self.assert_ok(self.mamon("check")).stdout)

    def test_restore_into_an_existing_empty_file(self):
        self.loaded_backup()
        open(self.restored, "wb").close()
        self.assert_ok(self.restore())
        # An empty SQLite database (a file with a header but no tables) counts as empty too.
        os.unlink(self.restored)
        with sqlite3.connect(self.restored) as db:
            db.execute("PRAGMA user_version = 1")
        self.assert_ok(self.restore())
        self.assertEqual(table_rows(self.restored, "transfers"), table_rows(self.path, "transfers"))

    def test_backup_never_overwrites(self):
        self.loaded_backup()
        before = os.path.getsize(self.backup)
        self.assert_fails(self.mamon("backup", self.backup), "exists already")
        self.assertEqual(os.path.getsize(self.backup), before)
        self.assert_fails(self.mamon("backup", os.path.join(self.db.tmp, "no", "such", "dir")),
                          "cannot create")

    def test_backup_of_a_missing_database_fails(self):
        self.assert_fails(self.mamon("backup", self.backup), "no database at")
        self.assertFalse(os.path.exists(self.backup))

    def test_restore_refuses_a_database_with_data(self):
        self.loaded_backup()
        self.assert_fails(self.mamon("restore", self.backup), "holds data")
        self.assert_ok(self.mamon("check"))  # untouched

    def test_restore_refuses_what_is_not_a_mamon_backup(self):
        self.assert_fails(self.restore(os.path.join(self.db.tmp, "missing.sqlite3")),
                          "no backup file")
        text = os.path.join(self.db.tmp, "notes.txt")
        with open(text, "w") as f:
            f.write("this is not a database, but long enough to look like one " * 100)
        self.assert_fails(self.restore(text), "not a readable SQLite database")
        foreign = os.path.join(self.db.tmp, "foreign.sqlite3")
        with sqlite3.connect(foreign) as db:
            db.execute("CREATE TABLE t (x INTEGER)")
        self.assert_fails(self.restore(foreign), "not Mamon's")
        self.assertFalse(os.path.exists(self.restored), "nothing was created")

    def test_restore_refuses_a_newer_schema(self):
        self.loaded_backup()
        with sqlite3.connect(self.backup) as db:
            db.execute("INSERT INTO schema_migrations (version, name, applied_at_us) "
                       "VALUES (99999, 'from_the_future', 0)")
        self.assert_fails(self.restore(), "schema version 99999", "newer than this mamon")
        self.assertFalse(os.path.exists(self.restored))

    def test_restore_of_a_backup_with_a_broken_ledger_fails_the_check(self):
        self.loaded_backup()
        with sqlite3.connect(self.backup) as db:
            transfer = db.execute("SELECT id FROM transfers ORDER BY id LIMIT 1").fetchone()[0]
            db.execute("UPDATE transfers SET amount_cents = amount_cents + 1 WHERE id = ?",
                       (transfer,))
        result = self.restore()
        self.assert_fails(result, "ledger invariant violation")
        self.assertIn("INV-", result.stdout)


if __name__ == "__main__":
    unittest.main()
