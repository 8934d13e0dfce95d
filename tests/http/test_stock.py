"""Stock over the API and the board's pages (issue 10 item 2), on the real server.

Stock comes in the way a real association's does: a newest-schema dump with inventory.stock
(480.5 liters of beer) and a product drawing 0.25 liter per glass. A sale lowers the stock in its
transaction; the board records deliveries, counts and losses (API and /manage/stock/); the wire
keeps quantities as exact JSON numbers in the stock's unit; Kascommissie reads and gets 403 on
every write; every bad input is a 4xx with {"detail"} (API) or a 422 form with the message next to
its field (web); every POST needs its CSRF token. `mamon check` (the STOCK rule included) runs
when the server stops."""
import re
import unittest

from bar_support import Actor
from harness import ApiTestCase, MamonServer
from test_web_foundation import Browser

BEER_STOCK, BEER = 1, 301
DUMP = [
    {"model": "inventory.stock", "pk": BEER_STOCK,
     "fields": {"name": "Bier", "quantity": 480.5, "units": "liters", "description": "Fust 50L"}},
    {"model": "inventory.product", "pk": BEER,
     "fields": {"name": "Bier", "price": 1.1, "color": "#a0c4ff", "active": True,
                "image": "products/default.png", "units": 0.25, "master_stock": BEER_STOCK,
                "grootboek_waarde": "7111"}},
]


class Stock(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer().start()
        try:
            cls.server.load_records(DUMP)
            cls.server.add_user("bestuur", groups=("Bestuur",))
            cls.server.add_user("kas", groups=("Kascommissie",))
            cls.server.add_user("tapper", groups=("Tapper",), personnel="tap")
            cls.server.add_user("lid")
            cls.board, cls.kas = Actor(cls.server, "bestuur"), Actor(cls.server, "kas")
            cls.tapper, cls.member = Actor(cls.server, "tapper"), Actor(cls.server, "lid")
        except BaseException:
            cls.server.stop(check_ledger=False)
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()  # runs `mamon check`: stock included

    def stock(self, stock_id=BEER_STOCK):
        r = self.board.get(f"/api/stock/{stock_id}/")
        self.assertEqual(r.status, 200, r)
        return r.json

    def mutate(self, actor, body, stock_id=BEER_STOCK):
        return actor.post(f"/api/stock/{stock_id}/mutations/", body)

    # --- API -------------------------------------------------------------------------------
    def test_reads_show_exact_numbers_in_the_unit(self):
        r = self.kas.get("/api/stock/")
        self.assertEqual(r.status, 200, r)
        beer = next(s for s in r.json if s["id"] == BEER_STOCK)
        self.assertEqual(beer["unit"], "liters")
        self.assertEqual(beer["name"], "Bier")
        self.assertIsInstance(beer["quantity"], (int, float))
        detail = self.tapper.get(f"/api/stock/{BEER_STOCK}/").json
        self.assertEqual(detail["products"], [{"id": BEER, "name": "Bier", "units": 0.25,
                                               "active": True}])
        product = self.tapper.get(f"/api/products/{BEER}/").json
        self.assertEqual((product["units"], product["master_stock"]), (0.25, BEER_STOCK))
        self.assertError(self.member.get("/api/stock/"), 403, "permission_denied")
        self.assertError(self.server.request("GET", "/api/stock/"), 401)
        self.assertError(self.board.get("/api/stock/999/"), 404)
        self.assertError(self.board.get("/api/stock/999/mutations/"), 404)

    def test_mutations_are_paginated(self):
        path = f"/api/stock/{BEER_STOCK}/mutations/"
        for query in ("page=abc", "page=0", "page_size=0", "page_size=501"):
            with self.subTest(query=query):
                self.assertError(self.board.get(f"{path}?{query}"), 400)
        r = self.board.get(f"{path}?page=1&page_size=1")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(len(r.json), 1)
        self.assertGreaterEqual(int(r.headers["X-Total-Count"]), 1)

    def test_a_sale_lowers_the_stock_and_is_listed(self):
        before = self.stock()["quantity"]
        sale = self.tapper.sell_cash(BEER, 3)
        self.assertAlmostEqual(self.stock()["quantity"], before - 0.75, places=9)
        r = self.kas.get(f"/api/stock/{BEER_STOCK}/mutations/?page_size=500")
        self.assertEqual(r.status, 200, r)
        self.assertGreaterEqual(int(r.headers["X-Total-Count"]), 2)  # the import's opening too
        mine = [m for m in r.json if m["purchase"] == sale["id"]]
        self.assertEqual(len(mine), 1, r.json)
        self.assertEqual((mine[0]["kind"], mine[0]["quantity"]), ("sale", -0.75))
        self.assertEqual(mine[0]["order_line"], sale["orders"][0]["id"])
        page = self.browser("bestuur").request("GET", f"/manage/stock/{BEER_STOCK}/")
        self.assertIn(f'href="/board/purchases/{sale["id"]}/"', page.text)
        opening = [m for m in r.json if m["kind"] == "import"]
        self.assertEqual([m["quantity"] for m in opening], [480.5])

    def test_the_board_records_deliveries_counts_and_losses_exactly(self):
        before = round(self.stock()["quantity"] * 1000)
        r = self.mutate(self.board, {"kind": "delivery", "quantity": 50, "reason": "fust",
                                     "cost": 99.5})
        self.assertEqual(r.status, 201, r)
        self.assertEqual((r.json["kind"], r.json["quantity"], r.json["cost"]),
                         ("delivery", 50, 99.5))
        self.assertEqual(round(r.json["stock_item"]["quantity"] * 1000), before + 50_000)
        # 0.1 + 0.2 liters is exactly 300 ml, not 300.00000000000006.
        self.assertEqual(self.mutate(self.board, {"kind": "count", "quantity": 0.1,
                                                  "reason": "recount"}).status, 201)
        r = self.mutate(self.board, {"kind": "count", "quantity": 0.2, "reason": "recount"})
        self.assertEqual(round(r.json["stock_item"]["quantity"] * 1000), before + 50_300)
        r = self.mutate(self.board, {"kind": "loss", "quantity": -0.3, "reason": "spilt",
                                     "cost": None})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(round(r.json["stock_item"]["quantity"] * 1000), before + 50_000)
        self.assertEqual(r.json["user"] is not None, True)

    def test_bad_mutations_are_4xx_with_detail_and_change_nothing(self):
        before = self.stock()["quantity"]
        cases = [
            ({"kind": "delivery", "quantity": -1, "reason": "x"}, "quantity"),
            ({"kind": "delivery", "quantity": 0, "reason": "x"}, "quantity"),
            ({"kind": "loss", "quantity": 1, "reason": "x"}, "quantity"),
            ({"kind": "delivery", "quantity": 0.0001, "reason": "x"}, "quantity"),
            ({"kind": "delivery", "quantity": "5", "reason": "x"}, "quantity"),
            ({"kind": "delivery", "quantity": 1e300, "reason": "x"}, "quantity"),
            ({"kind": "delivery", "reason": "x"}, "quantity"),
            ({"kind": "sale", "quantity": -1, "reason": "x"}, "kind"),
            ({"kind": "gift", "quantity": 1, "reason": "x"}, "kind"),
            ({"kind": "delivery", "quantity": 1, "reason": " "}, "reason"),
            ({"kind": "delivery", "quantity": 1}, "reason"),
            ({"kind": "delivery", "quantity": 1, "reason": "x", "cost": 1.234}, "cost"),
            ({"kind": "delivery", "quantity": 1, "reason": "x", "cost": -1}, "cost"),
        ]
        for body, field in cases:
            with self.subTest(body=body):
                self.assertError(self.mutate(self.board, body), 400, field=field)
        self.assertError(self.board.post(f"/api/stock/{BEER_STOCK}/mutations/", None,
                                         raw_body="[1]"), 400)
        self.assertError(self.mutate(self.board, {"kind": "delivery", "quantity": 1,
                                                  "reason": "x"}, stock_id=999), 404)
        self.assertEqual(self.stock()["quantity"], before)

    def test_only_the_board_writes(self):
        before = self.stock()["quantity"]
        body = {"kind": "delivery", "quantity": 1, "reason": "x"}
        for actor in (self.kas, self.tapper, self.member):
            with self.subTest(user=actor.username):
                r = self.mutate(actor, body)
                self.assertError(r, 403, "permission_denied")
        self.assertError(self.server.request("POST", f"/api/stock/{BEER_STOCK}/mutations/", body),
                         401)
        self.assertEqual(self.stock()["quantity"], before)

    # --- the board's pages -------------------------------------------------------------------
    def browser(self, username):
        b = Browser(self.server)
        self.assertEqual(b.log_in(username).status, 303)
        return b

    def test_pages_create_an_item_and_record_a_delivery(self):
        b = self.browser("bestuur")
        r = b.request("POST", "/manage/stock/new/", {"csrf_token": b.csrf("/manage/stock/new/"),
                                                     "name": "Chips", "unit": "bags",
                                                     "description": "naturel"})
        self.assertEqual(r.status, 303, r.text[:300])
        path = r.getheader("Location")
        self.assertRegex(path, r"^/manage/stock/\d+/$")
        page = b.request("GET", path)
        self.assertEqual(page.status, 200)
        self.assertIn("Chips", page.text)
        token = b.csrf(path)
        r = b.request("POST", path + "mutations/", {"csrf_token": token, "kind": "delivery",
                                                    "quantity": "24", "reason": "Makro",
                                                    "cost": "12,50"})
        self.assertEqual(r.status, 303, r.text[:300])
        page = b.request("GET", path)
        self.assertIn("24 zakken", page.text)  # the default language is Dutch
        self.assertIn("Makro", page.text)
        self.assertNotIn("Aankoop 0", page.text)  # a delivery names no purchase
        listing = b.request("GET", "/manage/stock/")
        self.assertEqual(listing.status, 200)
        self.assertIn("24 zakken", listing.text)
        self.assertIn("liter", listing.text)
        stock_id = int(re.search(r"/manage/stock/(\d+)/", path).group(1))
        self.assertEqual(self.stock(stock_id)["quantity"], 24)

    def test_pages_keep_bad_input_next_to_its_field(self):
        b = self.browser("bestuur")
        path = f"/manage/stock/{BEER_STOCK}/"
        before = self.stock()["quantity"]
        r = b.request("POST", path + "mutations/", {"csrf_token": b.csrf(path), "kind": "loss",
                                                    "quantity": "2", "reason": "kapot"})
        self.assertEqual(r.status, 422, r.text[:300])
        self.assertIn('id="field-quantity-error"', r.text)
        self.assertIn('value="kapot"', r.text)
        r = b.request("POST", path + "mutations/", {"csrf_token": b.csrf(path),
                                                    "kind": "delivery", "quantity": "1",
                                                    "reason": "x", "cost": "abc"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-cost-error"', r.text)
        r = b.request("POST", "/manage/stock/new/", {"csrf_token": b.csrf("/manage/stock/new/"),
                                                     "name": "Bier", "unit": "liters"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-name-error"', r.text)
        r = b.request("POST", path, {"csrf_token": b.csrf(path), "name": "Bier",
                                     "unit": "grams"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-unit-error"', r.text)
        self.assertEqual(self.stock()["quantity"], before)

    def test_pages_refuse_kascommissie_and_a_missing_csrf_token(self):
        kas = self.browser("kas")
        for path in ("/manage/stock/", "/manage/stock/new/", f"/manage/stock/{BEER_STOCK}/"):
            with self.subTest(path=path):
                r = kas.request("GET", path)
                self.assertEqual(r.status, 403)
                self.assertIn("manage_stock", r.text)
        board = self.browser("bestuur")
        before = self.stock()["quantity"]
        r = board.request("POST", f"/manage/stock/{BEER_STOCK}/mutations/",
                          {"kind": "delivery", "quantity": "1", "reason": "x"})
        self.assertEqual(r.status, 403)
        token = kas.csrf("/home/")
        r = kas.request("POST", f"/manage/stock/{BEER_STOCK}/mutations/",
                        {"csrf_token": token, "kind": "delivery", "quantity": "1",
                         "reason": "x"})
        self.assertEqual(r.status, 403)
        self.assertEqual(self.stock()["quantity"], before)


if __name__ == "__main__":
    unittest.main()
