"""POST/GET /api/reports/ and GET /api/barcycles/ (API.md "Bar reports and cycles")."""
import unittest

from bar_support import COLA, PILS, ReportsTestCase
from bar_support import report_body as report
from harness import PASSWORD


class Reports(ReportsTestCase):
    def tearDown(self):
        # Every test starts with no open cycle.
        self.tapper.post("/api/reports/", report("close"))


    def test_cycle_summary_numbers_are_exact(self):
        t = self.tapper
        opened = t.post("/api/reports/", report("Open", 100, 1000, 2000, comment="begin"))
        self.assertEqual(opened.status, 201, opened)
        o = opened.json
        self.assertEqual((o["action"], o["total_cash"], o["flow_meter1"], o["flow_meter2"]),
                         ("open", 100, 1000, 2000))
        self.assertEqual(o["comment"], "begin")
        self.assertEqual(o["personel"], t.personnel)
        cycle = o["barcycle"]
        self.assertIsInstance(cycle, int)
        self.assertError(t.post("/api/reports/", report("open")), 409, "bar_cycle_already_open")

        middle = t.post("/api/reports/", report("MIDDLE", 50.5, 1010, 2010))
        self.assertEqual(middle.status, 201, middle)
        self.assertEqual((middle.json["action"], middle.json["barcycle"]), ("middle", cycle))

        t.sell_cash(PILS, 2)                                               # cash 5.00
        pin = t.post("/api/purchases/", {"orders": [{"product": COLA, "quantity": 1}],
                                         "pin": True})                     # pin 1.75
        self.assertEqual(pin.status, 201, pin)
        t.top_up(self.alice.holder, 20)                                    # cash top-up 20
        t.top_up(self.alice.holder, 3, method="pin")                       # pin top-up 3
        wallet = t.post("/api/purchases/", {"orders": [{"product": PILS, "quantity": 1}],
                                            "balance": True, "buyer": self.alice.holder})
        self.assertEqual(wallet.status, 201, wallet)                      # balance 2.50
        refund = t.post("/api/walletupgrades/", {"amount": 1, "refund": True, "cash": True,
                                                 "comment": "change",
                                                 "holder": {"id": self.alice.holder}})
        self.assertEqual(refund.status, 201, refund)                      # cash refund 1.00

        live = self.board.get(f"/api/barcycles/{cycle}")
        self.assertEqual(live.status, 200, live)
        self.assertTrue(live.json["open"])
        self.assertIsNone(live.json["closing_report"])
        self.assertIsNone(live.json["counted_cash"])
        self.assertEqual(live.json["expected_cash"], 124)

        closed = t.post("/api/reports/", report("end", 123, 1100, 2050))
        self.assertEqual(closed.status, 201, closed)
        self.assertEqual((closed.json["action"], closed.json["barcycle"]), ("close", cycle))

        s = t.get(f"/api/barcycles/{cycle}/")
        self.assertEqual(s.status, 200, s)
        s = s.json
        self.assertEqual(s["id"], cycle)
        self.assertFalse(s["open"])
        self.assertEqual(s["opening_report"]["id"], o["id"])
        self.assertEqual(s["closing_report"]["id"], closed.json["id"])
        self.assertEqual(s["sales"], {"balance": 2.5, "cash": 5, "pin": 1.75, "unknown": 0,
                                      "total": 9.25})
        self.assertEqual(s["top_ups"], {"cash": 20, "pin": 3, "mollie": 0, "unknown": 0,
                                        "total": 23})
        self.assertEqual(s["refunds"]["cash"], 1)
        self.assertEqual(s["refunds"]["total"], 1)
        self.assertEqual(s["opening_cash"], 100)
        self.assertEqual(s["expected_cash"], 124)  # 100 + 5 + 20 - 1
        self.assertEqual(s["counted_cash"], 123)
        self.assertEqual(s["cash_difference"], -1)
        self.assertEqual(s["flow_meter_deltas"], {"flow_meter1": 100, "flow_meter2": 50})
        products = {p["product"]: (p["quantity"], p["revenue"]) for p in s["products"]}
        self.assertEqual(products, {PILS: (3, 7.5), COLA: (1, 1.75)})

        listed = self.board.get("/api/barcycles/")
        self.assertEqual(listed.status, 200, listed)
        self.assertIn(cycle, [c["id"] for c in listed.json])
        self.assertIn("X-Total-Count", listed.headers)

    def test_close_without_open_cycle_is_501(self):
        r = self.tapper.post("/api/reports/", report("close"))
        self.assertEqual(r.status, 501, r)
        self.assertEqual(r.json["message"], "No barcycle to close")
        r = self.tapper.post("/api/reports/", report("End"))
        self.assertEqual(r.status, 501, r)

    def test_middle_without_open_cycle_is_409(self):
        self.assertError(self.tapper.post("/api/reports/", report("middle")), 409,
                         "no_open_bar_cycle")

    def test_create_is_open(self):
        r = self.tapper.post("/api/reports", report("create"))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["action"], "open")

    def test_embedded_credentials(self):
        r = self.tapper.post("/api/reports/", report(
            "open", personel={"username": "tapper2", "password": PASSWORD}))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["personel"], self.tapper2.personnel)
        r = self.tapper.post("/api/reports/", report(
            "close", personel={"username": "tapper2", "password": "wrong"}))
        self.assertEqual(r.status, 403, r)
        self.assertEqual(r.json["message"], "Invalid credentials")

    def test_validation(self):
        t = self.tapper
        self.assertError(t.post("/api/reports/", report("launch")), 400, "invalid_report_action")
        self.assertError(t.post("/api/reports/", report(None)), 400, field="action")
        self.assertError(t.post("/api/reports/", report("open", total_cash=1.001)), 400,
                         field="total_cash")
        self.assertError(t.post("/api/reports/", report("open", total_cash="10")), 400,
                         field="total_cash")
        self.assertError(t.post("/api/reports/", report("open", flow_meter1="5")), 400,
                         field="flow_meter1")
        body = report("open")
        del body["flow_meter2"]
        self.assertError(t.post("/api/reports/", body), 400, field="flow_meter2")
        self.assertError(t.post("/api/reports/", None, raw_body="[1,"), 400, "invalid_json")

    def test_breakdown_and_pin_total_are_optional_and_stored(self):
        t = self.tapper
        # Without them a report is what it always was; the fields read null.
        plain = t.post("/api/reports/", report("open", 12.5))
        self.assertEqual(plain.status, 201, plain)
        self.assertIsNone(plain.json["cash_breakdown"])
        self.assertIsNone(plain.json["pin_total"])
        self.assertEqual(plain.json["total_cash"], 12.5)
        # A breakdown without total_cash: its sum is the total (2 x 5.00 + 3 x 2.00 + a roll of
        # 40 x 0.50 = 36.00); zero counts are left out of what is stored.
        body = report("middle", breakdown={"note_0500": 2, "coin_200": 3, "roll_050": 1,
                                           "coin_001": 0})
        del body["total_cash"]
        middle = t.post("/api/reports/", body)
        self.assertEqual(middle.status, 201, middle)
        self.assertEqual(middle.json["total_cash"], 36)
        self.assertEqual(middle.json["cash_breakdown"],
                         {"coin_200": 3, "note_0500": 2, "roll_050": 1})
        # Both given: they must agree.
        self.assertError(t.post("/api/reports/", report("middle", 35, breakdown={"coin_200": 3})),
                         400, "invalid", field="total_cash")
        self.assertError(t.post("/api/reports/", report("middle", breakdown={"coin_300": 1})),
                         400, field="breakdown.coin_300")
        self.assertError(t.post("/api/reports/", report("middle", breakdown={"coin_200": -1})),
                         400, field="breakdown.coin_200")
        self.assertError(t.post("/api/reports/", report("middle", breakdown={"coin_200": 1.5})),
                         400, field="breakdown.coin_200")
        self.assertError(t.post("/api/reports/", report("middle", breakdown=[1, 2])), 400,
                         field="breakdown")
        # The PIN terminal's total: closing only, euros like total_cash.
        self.assertError(t.post("/api/reports/", report("middle", pin_total=10)), 400,
                         field="pin_total")
        self.assertError(t.post("/api/reports/", report("close", pin_total=1.001)), 400,
                         field="pin_total")
        closed = t.post("/api/reports/", report("close", 6, pin_total=87.35,
                                                breakdown={"coin_200": 3}))
        self.assertEqual(closed.status, 201, closed)
        self.assertEqual(closed.json["pin_total"], 87.35)
        self.assertEqual(closed.json["cash_breakdown"], {"coin_200": 3})
        listed = self.board.get("/api/reports/?page_size=1")
        self.assertEqual(listed.json[0]["id"], closed.json["id"])
        self.assertEqual(listed.json[0]["pin_total"], 87.35)

    def test_permissions(self):
        self.assertError(self.alice.post("/api/reports/", report("open")), 403)
        self.assertError(self.alice.get("/api/reports/"), 403)
        self.assertError(self.alice.get("/api/barcycles/"), 403)
        self.assertEqual(self.board.get("/api/reports/").status, 200)

    def test_reports_list_and_unknown_cycle(self):
        self.tapper.post("/api/reports/", report("open"))
        self.tapper.post("/api/reports/", report("close"))
        r = self.tapper.get("/api/reports/?page_size=1")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(len(r.json), 1)
        self.assertEqual(r.json[0]["action"], "close")
        self.assertGreaterEqual(int(r.headers["X-Total-Count"]), 2)
        self.assertError(self.tapper.get("/api/barcycles/987654"), 404)


if __name__ == "__main__":
    unittest.main()
