"""Flow meters against sales (issue 12, "flow meters vs sales"), on the real server.

The board configures meter 1 on /manage/stock/ (a form with its CSRF token): it pours the pils
keg (liters) at 400 readings per litre; meter 2 stays unconfigured. A bar cycle is run through the
API: an opening report, cash sales drawing from the keg, one sale undone (a void: left out), and
a closing report. The server runs with FLOW_SHRINKAGE_WARN_PERCENT=5, so the cycle's 10 %
shrinkage is flagged. Hand-computed:
  sold   3 glasses x 0.25 l + 1 pitcher x 1.5 l                   = 2.250 l (2 glasses undone)
  poured meter 1 10000 -> 11000 = 1000 readings / 400 per litre  = 2.500 l
  shrinkage 2.500 - 2.250 = 0.250 l = 10.00 % of poured (1000 basis points) > 5 %: flagged
  meter 2 500 -> 730: the raw delta 230 only
The figures are checked on the cycle page and in GET /api/barcycles/{id}/. `mamon check` runs
when the server stops."""
import unittest

from bar_support import Actor, report_body
from harness import ApiTestCase, MamonServer
from test_web_foundation import Browser

KEG, CRISPS, GLASS, PITCHER = 1, 2, 301, 302
DUMP = [
    {"model": "inventory.stock", "pk": KEG,
     "fields": {"name": "Pils fust", "quantity": 50, "units": "liters", "description": ""}},
    {"model": "inventory.stock", "pk": CRISPS,
     "fields": {"name": "Chips", "quantity": 40, "units": "bags", "description": ""}},
    {"model": "inventory.product", "pk": GLASS,
     "fields": {"name": "Pils", "price": 2.5, "color": "#a0c4ff", "active": True,
                "image": "products/default.png", "units": 0.25, "master_stock": KEG,
                "grootboek_waarde": None}},
    {"model": "inventory.product", "pk": PITCHER,
     "fields": {"name": "Pitcher", "price": 12, "color": "#a0c4ff", "active": True,
                "image": "products/default.png", "units": 1.5, "master_stock": KEG,
                "grootboek_waarde": None}},
]
METER_FORM = "/manage/stock/flow-meters/{}/"


def report(action, flow_meter1, flow_meter2):
    return report_body(action, 0, flow_meter1, flow_meter2)


class FlowMeters(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer({"FLOW_SHRINKAGE_WARN_PERCENT": "5"}).start()
        try:
            cls.server.load_records(DUMP)
            cls.server.add_user("bestuur", groups=("Bestuur",))
            cls.server.add_user("kas", groups=("Kascommissie",))
            cls.server.add_user("tapper", groups=("Tapper",), personnel="tap")
            cls.tapper = Actor(cls.server, "tapper")
        except BaseException:
            cls.server.stop(check_ledger=False)
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def browser(self, username):
        b = Browser(self.server)
        self.assertEqual(b.log_in(username).status, 303)
        return b

    def configure(self, b, meter, stock_item_id, readings):
        return b.request("POST", METER_FORM.format(meter),
                         {"csrf_token": b.csrf("/manage/stock/"), "stock_item_id": stock_item_id,
                          "readings_per_litre": readings})

    def sell(self, product, quantity):
        return self.tapper.sell_cash(product, quantity)["id"]

    def test_a_configured_meter_compares_poured_with_sold_on_the_page_and_in_json(self):
        board = self.browser("bestuur")
        page = board.request("GET", "/manage/stock/")
        self.assertEqual(page.status, 200)
        self.assertIn("Flowmeters", page.text)  # Dutch by default
        r = self.configure(board, 1, str(KEG), "400")
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertEqual(r.getheader("Location"), "/manage/stock/")
        page = board.request("GET", "/manage/stock/")
        self.assertIn("De flowmeter is opgeslagen.", page.text)
        self.assertIn(f'<option value="{KEG}" selected>Pils fust</option>', page.text)
        self.assertIn('value="400"', page.text)
        self.assertNotIn(f'<option value="{CRISPS}"', page.text)  # bags: no meter pours them

        opened = self.tapper.post("/api/reports/", report("open", 10000, 500))
        self.assertEqual(opened.status, 201, opened)
        cycle = opened.json["barcycle"]
        self.sell(GLASS, 3)
        self.sell(PITCHER, 1)
        undone = self.sell(GLASS, 2)
        self.assertEqual(self.tapper.post(f"/api/purchases/{undone}/undo/", None).status, 200)
        closed = self.tapper.post("/api/reports/", report("close", 11000, 730))
        self.assertEqual(closed.status, 201, closed)

        r = self.tapper.get(f"/api/barcycles/{cycle}/")
        self.assertEqual(r.status, 200, r)
        flow = r.json["flow_meters"]
        self.assertEqual(flow["warn_percent"], 5)
        m1, m2 = flow["meters"]
        self.assertEqual(m1, {"meter": 1, "stock_item": KEG, "stock_item_name": "Pils fust",
                              "readings_per_litre": 400, "opening": 10000, "closing": 11000,
                              "delta": 1000, "poured_ml": 2500, "sold_ml": 2250,
                              "shrinkage_ml": 250, "shrinkage_basis_points": 1000,
                              "flagged": True, "went_backwards": False})
        self.assertEqual(m2, {"meter": 2, "stock_item": None, "stock_item_name": None,
                              "readings_per_litre": None, "opening": 500, "closing": 730,
                              "delta": 230, "poured_ml": None, "sold_ml": None,
                              "shrinkage_ml": None, "shrinkage_basis_points": None,
                              "flagged": False, "went_backwards": False})
        self.assertEqual(r.json["flow_meter_deltas"], {"flow_meter1": 1000, "flow_meter2": 230})
        listed = self.tapper.get("/api/barcycles/")
        self.assertEqual(listed.status, 200, listed)
        self.assertEqual(next(c for c in listed.json if c["id"] == cycle)
                         ["flow_meters"], flow)

        page = board.request("GET", f"/board/cycles/{cycle}/")
        self.assertEqual(page.status, 200)
        for text in ("Pils fust", "2,500 l", "2,250 l", "0,250 l", "10,00 %", "boven 5 %",
                     'id="flow-warnings"', "Meter 1 (Pils fust): boven 5 %", "niet ingesteld"):
            self.assertIn(text, page.text)
        page = board.request("GET", "/board/cycles/")
        self.assertIn("flowmeter", page.text)  # the list's flags

        # Meter 1 removed: the cycle shows only the raw delta again.
        self.assertEqual(self.configure(board, 1, "", "").status, 303)
        m1 = self.tapper.get(f"/api/barcycles/{cycle}/").json["flow_meters"]["meters"][0]
        self.assertEqual((m1["stock_item"], m1["delta"], m1["poured_ml"], m1["flagged"]),
                         (None, 1000, None, False))

    def test_bad_input_stays_next_to_its_field_and_changes_nothing(self):
        board = self.browser("bestuur")
        r = self.configure(board, 2, str(CRISPS), "100")
        self.assertEqual(r.status, 422, r.text[:300])
        self.assertIn('id="field-meter2-stock_item_id-error"', r.text)
        self.assertIn("Kies een voorraaditem in liters", r.text)
        self.assertIn('href="#field-meter2-stock_item_id"', r.text)  # the error summary
        r = self.configure(board, 2, str(KEG), "0")
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-meter2-readings_per_litre-error"', r.text)
        self.assertIn('value="0"', r.text)  # the input is kept
        r = self.configure(board, 2, str(KEG), "1000001")
        self.assertEqual(r.status, 422)
        r = self.configure(board, 3, str(KEG), "100")
        self.assertEqual(r.status, 404)
        r = board.request("POST", METER_FORM.format(2),
                          {"stock_item_id": str(KEG), "readings_per_litre": "100"})
        self.assertEqual(r.status, 403)  # no CSRF token
        kas = self.browser("kas")
        self.assertEqual(kas.request("GET", "/manage/stock/").status, 403)
        r = kas.request("POST", METER_FORM.format(2),
                        {"csrf_token": kas.csrf("/home/"), "stock_item_id": str(KEG),
                         "readings_per_litre": "100"})
        self.assertEqual(r.status, 403)
        self.assertIn("manage_stock", r.text)
        page = board.request("GET", "/manage/stock/")
        self.assertNotIn(f'<option value="{KEG}" selected>', page.text.split('id="flow-meter-2"')[1])


if __name__ == "__main__":
    unittest.main()
