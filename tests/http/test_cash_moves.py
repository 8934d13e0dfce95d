"""POST /api/cashmoves/ and GET /api/barcycles/{id}/cashmoves/ (issue 12: cash in and out of the
drawer), the cycle's expected cash with the moves, and `mamon check` after the counts' bookings."""
import unittest

from bar_support import PILS, Actor, report_body, start_bar_server
from harness import ApiTestCase


def report(action, total_cash):
    return report_body(action, total_cash, 0, 0)


class CashMoves(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = start_bar_server()
        cls.server.add_user("board", groups=["Bestuur"])
        cls.tapper = Actor(cls.server, "tapper")
        cls.alice = Actor(cls.server, "alice")
        cls.board = Actor(cls.server, "board")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_moves_enter_the_cycle_and_the_ledger_agrees(self):
        t = self.tapper
        opened = t.post("/api/reports/", report("open", 100))
        self.assertEqual(opened.status, 201, opened)
        cycle = opened.json["barcycle"]
        t.sell_cash(PILS, 2)  # 5.00
        moved_in = t.post("/api/cashmoves/", {"direction": "in", "amount": 25.5,
                                              "reason": "coins from the safe"})
        self.assertEqual(moved_in.status, 201, moved_in)
        self.assertEqual((moved_in.json["direction"], moved_in.json["amount"],
                          moved_in.json["barcycle"]), ("in", 25.5, cycle))
        moved_out = t.post("/api/cashmoves/", {"direction": "out", "amount": 80,
                                               "reason": "to the safe"})
        self.assertEqual(moved_out.status, 201, moved_out)

        listed = self.board.get(f"/api/barcycles/{cycle}/cashmoves/")
        self.assertEqual(listed.status, 200, listed)
        self.assertEqual([m["id"] for m in listed.json], [moved_in.json["id"], moved_out.json["id"]])
        self.assertEqual(listed.json[1]["reason"], "to the safe")

        closed = t.post("/api/reports/", report("close", 50.5))  # 100 + 5 + 25.50 - 80
        self.assertEqual(closed.status, 201, closed)
        s = self.board.get(f"/api/barcycles/{cycle}/").json
        self.assertEqual((s["cash_moved_in"], s["cash_moved_out"]), (25.5, 80))
        self.assertEqual(s["expected_cash"], 50.5)
        self.assertEqual(s["cash_difference"], 0)
        self.server.cli("check")  # raises unless the ledger is clean (INV-8 included)

    def test_refusals(self):
        t = self.tapper
        self.assertError(t.post("/api/cashmoves/", {"direction": "sideways", "amount": 1,
                                                    "reason": "x"}), 400, field="direction")
        self.assertError(t.post("/api/cashmoves/", {"direction": "in", "amount": 0,
                                                    "reason": "x"}), 400, field="amount")
        self.assertError(t.post("/api/cashmoves/", {"direction": "in", "amount": 1.005,
                                                    "reason": "x"}), 400, field="amount")
        self.assertError(t.post("/api/cashmoves/", {"direction": "in", "amount": 1,
                                                    "reason": "  "}), 400, field="reason")
        self.assertError(t.post("/api/cashmoves/", {"direction": "in", "reason": "x"}), 400,
                         field="amount")
        self.assertError(self.alice.post("/api/cashmoves/", {"direction": "in", "amount": 1,
                                                             "reason": "x"}), 403)
        self.assertError(self.alice.get("/api/barcycles/1/cashmoves/"), 403)


if __name__ == "__main__":
    unittest.main()
