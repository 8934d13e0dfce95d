"""Blind counts at the POS: POST /api/reports/counts/ and /api/reports/counts/{id}/confirm/
(http/api/counts_api.h, service/blind_count.h). The expected cash is only answered after the count
is stored; only the counter confirms; every attempt is kept and a confirmed or stale one cannot be
confirmed again."""
import unittest

from bar_support import PILS, ReportsTestCase, report_body


def count(action, total_cash=None, **extra):
    return report_body(action, total_cash, **extra)


class BlindCounts(ReportsTestCase):
    def reports_total(self):
        r = self.board.get("/api/reports/?page_size=1")
        self.assertEqual(r.status, 200, r)
        return int(r.headers["X-Total-Count"])

    def submit(self, actor, body):
        r = actor.post("/api/reports/counts/", body)
        self.assertEqual(r.status, 201, r)
        return r.json

    def test_an_evening_of_blind_counts(self):
        t = self.tapper
        before = self.reports_total()
        first = self.submit(t, count("open", 100))
        self.assertEqual(first["action"], "open")
        self.assertEqual(first["counted"], 100)
        self.assertEqual(first["difference"], round(first["counted"] - first["expected"], 2))
        # Submitting filed nothing: no report, no cycle.
        self.assertEqual(self.reports_total(), before)
        self.assertError(t.post("/api/reports/counts/", count("middle", 1)), 409,
                         "no_open_bar_cycle")

        # A recount is another attempt; the confirmed one is the report.
        second = self.submit(t, count("Open", 95))
        self.assertNotEqual(second["id"], first["id"])
        self.assertEqual(second["expected"], first["expected"])
        opened = t.post(f"/api/reports/counts/{second['id']}/confirm/", {})
        self.assertEqual(opened.status, 201, opened)
        self.assertEqual((opened.json["action"], opened.json["total_cash"]), ("open", 95))
        self.assertEqual(opened.json["personel"], t.personnel)
        cycle = opened.json["barcycle"]
        self.assertEqual(self.reports_total(), before + 1)
        self.assertError(t.post(f"/api/reports/counts/{second['id']}/confirm/", {}), 409,
                         field="count")
        # The first attempt was counted in a state that no longer holds.
        self.assertError(t.post(f"/api/reports/counts/{first['id']}/confirm/", {}), 409,
                         field="count")
        self.assertError(t.post("/api/reports/counts/", count("open", 1)), 409,
                         "bar_cycle_already_open")

        # After the opening booking the drawer is the count: a middle count of 95 + 5.00 cash
        # sales expects 100.00. Only its counter confirms it.
        t.sell_cash(PILS, 2)
        middle = self.submit(self.tapper2, count("middle", 99.5))
        self.assertEqual((middle["expected"], middle["difference"]), (100, -0.5))
        self.assertError(t.post(f"/api/reports/counts/{middle['id']}/confirm/", {}), 403)
        confirmed = self.tapper2.post(f"/api/reports/counts/{middle['id']}/confirm/", {})
        self.assertEqual(confirmed.status, 201, confirmed)
        self.assertEqual(confirmed.json["barcycle"], cycle)

        # Close with a denomination count and the PIN total; a middle report books nothing, so
        # the drawer still expects 100.00.
        closing = self.submit(t, count("close", breakdown={"note_5000": 1, "note_2000": 2,
                                                           "coin_200": 4, "coin_050": 1},
                                       pin_total=12.5, flow_meter1=1100, flow_meter2=2050))
        self.assertEqual((closing["counted"], closing["expected"], closing["difference"]),
                         (98.5, 100, -1.5))
        closed = t.post(f"/api/reports/counts/{closing['id']}/confirm/", {})
        self.assertEqual(closed.status, 201, closed)
        self.assertEqual(closed.json["action"], "close")
        self.assertEqual(closed.json["pin_total"], 12.5)
        self.assertEqual(closed.json["cash_breakdown"],
                         {"note_5000": 1, "note_2000": 2, "coin_200": 4, "coin_050": 1})
        s = self.board.get(f"/api/barcycles/{cycle}/")
        self.assertEqual(s.status, 200, s)
        self.assertFalse(s.json["open"])
        self.assertEqual((s.json["opening_cash"], s.json["counted_cash"]), (95, 98.5))
        self.assertEqual(s.json["cash_difference"], -1.5)

    def test_refusals(self):
        t = self.tapper
        self.assertError(self.alice.post("/api/reports/counts/", count("open", 10)), 403)
        self.assertError(self.board.post("/api/reports/counts/", count("open", 10)), 403)
        self.assertError(t.post("/api/reports/counts/", count("open")), 400, field="total_cash")
        self.assertError(t.post("/api/reports/counts/", count("sideways", 10)), 400)
        self.assertError(t.post("/api/reports/counts/", count("open", -1)), 400)
        self.assertError(t.post("/api/reports/counts/", count("open", 1.005)), 400,
                         field="total_cash")
        self.assertError(t.post("/api/reports/counts/", count("open", breakdown={"coin_300": 1})),
                         400, field="breakdown.coin_300")
        self.assertError(t.post("/api/reports/counts/987654/confirm/", {}), 404)


if __name__ == "__main__":
    unittest.main()
