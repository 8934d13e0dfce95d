"""`mamon backup` while the bar sells (issue 11 item 5, docs/operations.md "Backups"): purchases
are sent concurrently over HTTP, a backup is taken in the middle, and `mamon restore` of it must
hold every purchase acknowledged before the backup started, nothing half-written, and a clean
ledger. SQLite only: a PostgreSQL database is backed up with pg_dump (the CLI tests check the
refusal)."""
import os
import sqlite3
import threading
import time
import unittest

from bar_support import PILS, Actor, add_member, start_bar_server
from harness import BACKEND

MEMBERS = 4           # one buying thread per member, all on one tapper token
BEFORE_BACKUP = 40    # purchases acknowledged before the backup starts (then more while it runs)
WAIT_MAX_S = 30.0     # bound on waiting for them
TOP_UP = 1000         # euros per member: 400 purchases of 2.50
PURCHASES_MAX = 350   # per member: the load is bounded, and no wallet runs dry on a fast machine


@unittest.skipUnless(BACKEND == "sqlite", "backups of PostgreSQL are pg_dump's (see docs)")
class BackupUnderLoad(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = start_bar_server()
        cls.tapper = Actor(cls.server, "tapper")
        cls.holders = []
        for i in range(MEMBERS):
            add_member(cls.server, f"buyer{i}")
            holder = Actor(cls.server, f"buyer{i}").holder
            cls.tapper.top_up(holder, TOP_UP)
            cls.holders.append(holder)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def sell_until(self, holder, stop, acknowledged, lock, failures):
        body = {"orders": [{"product": PILS, "quantity": 1}], "balance": True, "cash": False,
                "pin": False, "buyer": holder}
        for _ in range(PURCHASES_MAX):
            if stop.is_set():
                return
            r = self.tapper.post("/api/purchases/", body)
            if r.status != 201:
                with lock:
                    failures.append(r)
                return
            with lock:
                acknowledged.append(r.json["id"])

    def test_restored_backup_holds_every_acknowledged_purchase(self):
        stop = threading.Event()
        lock = threading.Lock()
        acknowledged, failures = [], []
        threads = [threading.Thread(target=self.sell_until,
                                    args=(h, stop, acknowledged, lock, failures))
                   for h in self.holders]
        for t in threads:
            t.start()
        try:
            deadline = time.monotonic() + WAIT_MAX_S
            while time.monotonic() < deadline:
                with lock:
                    if len(acknowledged) >= BEFORE_BACKUP or failures:
                        break
                time.sleep(0.005)
            with lock:
                before_backup = set(acknowledged)
            backup = os.path.join(self.server.db.tmp, "under-load.sqlite3")
            made = self.server.cli("backup", backup)
            # The sellers go on until each has sent PURCHASES_MAX (bounded), then stop.
            for t in threads:
                t.join(timeout=WAIT_MAX_S)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=60)
        self.assertEqual(failures, [])
        self.assertIn("backup: ", made.stdout)
        self.assertGreater(len(before_backup), 0, "no purchase was acknowledged before the backup")
        self.assertGreater(len(acknowledged), len(before_backup), "no purchase during the backup")

        restored_path = os.path.join(self.server.db.tmp, "restored.sqlite3")
        # restore ends with `mamon check`: it fails the command unless the ledger is clean.
        restored = self.server.cli("restore", backup,
                                   env={"DATABASE_URL": "sqlite:///" + restored_path})
        self.assertIn("ledger clean:", restored.stdout)

        with sqlite3.connect(restored_path) as db:
            in_backup = {row[0] for row in db.execute(
                "SELECT id FROM purchases WHERE buyer_holder_id IN (%s)" %
                ",".join(str(h) for h in self.holders))}
            half_written = db.execute(
                "SELECT p.id FROM purchases p WHERE NOT EXISTS"
                " (SELECT 1 FROM order_lines l WHERE l.purchase_id = p.id)"
                " OR NOT EXISTS (SELECT 1 FROM transfers t WHERE t.purchase_id = p.id)").fetchall()
        self.assertEqual(before_backup - in_backup, set(), "acknowledged purchases are missing")
        self.assertLessEqual(in_backup, set(acknowledged), "a purchase nobody was told about")
        self.assertEqual(half_written, [])


if __name__ == "__main__":
    unittest.main()
