"""POST/GET /api/purchases/ (API.md "Purchases"): the app's request shapes, validation, wallet
floor, idempotency, visibility and pagination."""
import re
import threading
import unittest
import uuid
from datetime import datetime

from bar_support import COLA, INACTIVE, PILS, WATER, Actor, add_member, start_bar_server
from harness import ApiTestCase

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")


def cash_order(product=PILS, quantity=1, **extra):
    body = {"orders": [{"product": product, "quantity": quantity}], "balance": False,
            "cash": True, "pin": False}
    body.update(extra)
    return body


def wallet_order(buyer, product=PILS, quantity=1):
    return {"orders": [{"product": product, "quantity": quantity}], "balance": True,
            "cash": False, "pin": False, "buyer": buyer}


class Purchases(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = start_bar_server()
        add_member(cls.server, "bob")
        add_member(cls.server, "carol")
        cls.tapper = Actor(cls.server, "tapper")
        cls.alice = Actor(cls.server, "alice")
        cls.bob = Actor(cls.server, "bob")
        cls.carol = Actor(cls.server, "carol")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()


    # --- undo of one's own last sale (POST /api/purchases/{id}/undo/) -----------------------------
    def test_undo_of_the_sellers_own_last_sale(self):
        add_member(self.server, "undoer")
        buyer = Actor(self.server, "undoer")
        self.tapper.top_up(buyer.holder, 10)
        older = self.tapper.sell_cash(PILS)["id"]
        r = self.tapper.post("/api/purchases/", {
            "orders": [{"product": PILS, "quantity": 2}], "balance": True, "cash": False,
            "pin": False, "buyer": buyer.holder})
        self.assertEqual(r.status, 201, r)
        sale = r.json["id"]
        self.assertEqual(buyer.post(f"/api/purchases/{sale}/undo/", None).status, 403)
        self.assertEqual(self.tapper.post(f"/api/purchases/{older}/undo/", None).status, 409)
        r = self.tapper.post(f"/api/purchases/{sale}/undo/", None)
        self.assertEqual(r.status, 200, r)
        self.assertEqual((r.json["id"], r.json["reason"], r.json["amount"], r.json["buyer"],
                          r.json["remaining_after_undo"]), (sale, "undo", 5, buyer.holder, 10))
        self.assertEqual(self.server.request("GET", f"/api/holders/{buyer.holder}",
                                             token=self.tapper.token).json["stand"], 10)
        r = self.tapper.post(f"/api/purchases/{sale}/undo/", None)
        self.assertEqual(r.status, 409)
        self.assertIn("detail", r.json)
        self.assertEqual(self.tapper.post("/api/purchases/999999/undo/", None).status, 404)

    # --- success paths and the app's shapes ------------------------------------------------------
    def test_cash_purchase_in_the_apps_exact_shape(self):
        r = self.tapper.post("/api/purchases/", {
            "orders": [{"product": PILS, "quantity": 2}], "balance": False, "cash": True,
            "pin": False, "seller": 1, "remaining_after_purchase": None})
        self.assertEqual(r.status, 201, r)
        p = r.json
        self.assertEqual(p["total"], 5)
        self.assertTrue(p["cash"])
        self.assertFalse(p["balance"])
        self.assertFalse(p["pin"])
        self.assertIsNone(p["buyer"])
        self.assertIsNone(p["remaining_after_purchase"])
        self.assertEqual(p["seller"]["id"], self.tapper.personnel)
        self.assertEqual(p["seller"]["nickname"], "tap")
        self.assertIn("image", p["seller"])
        self.assertRegex(p["created"], ISO_WITH_OFFSET)
        self.assertEqual(len(p["orders"]), 1)
        line = p["orders"][0]
        self.assertEqual((line["product"], line["quantity"], line["price"]), (PILS, 2, 2.5))
        self.assertIsInstance(line["id"], int)

    def test_buyer_null_with_pin_and_missing_flags_default_false(self):
        r = self.tapper.post("/api/purchases/", {"orders": [{"product": COLA, "quantity": 1}],
                                                 "pin": True, "buyer": None})
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.json["pin"])
        self.assertEqual(r.json["total"], 1.75)
        self.assertIsNone(r.json["remaining_after_purchase"])

    def test_buyer_null_with_cash_succeeds(self):
        r = self.tapper.post("/api/purchases", cash_order(COLA, 3, buyer=None, seller=99))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["total"], 5.25)

    def test_zero_price_product(self):
        r = self.tapper.post("/api/purchases/", cash_order(WATER, 5))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["total"], 0)

    def test_wallet_purchase_down_to_exactly_zero_and_one_cent_below_refused(self):
        stand = self.tapper.top_up(self.bob.holder, 1.74)["stand"]
        self.assertEqual(stand, 1.74)
        r = self.tapper.post("/api/purchases/", wallet_order(self.bob.holder, COLA))
        self.assertError(r, 400, "insufficient_funds")
        stand = self.tapper.top_up(self.bob.holder, 0.01)["stand"]
        self.assertEqual(stand, 1.75)  # the refused sale took nothing
        r = self.tapper.post("/api/purchases/", wallet_order(self.bob.holder, COLA))
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.json["balance"])
        self.assertEqual(r.json["buyer"], self.bob.holder)
        self.assertEqual(r.json["remaining_after_purchase"], 0)
        r = self.tapper.post("/api/purchases/", wallet_order(self.bob.holder, WATER))
        self.assertEqual(r.status, 201, r)  # a free item at balance 0 is fine
        r = self.tapper.post("/api/purchases/", wallet_order(self.bob.holder, PILS))
        self.assertError(r, 400, "insufficient_funds")

    def test_wallet_purchase_multiple_lines(self):
        self.tapper.top_up(self.carol.holder, 20)
        r = self.tapper.post("/api/purchases/", {
            "orders": [{"product": PILS, "quantity": 3}, {"product": COLA, "quantity": 2}],
            "balance": True, "cash": False, "pin": False, "buyer": self.carol.holder,
            "seller": 1, "remaining_after_purchase": 999})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["total"], 11)
        self.assertEqual(r.json["remaining_after_purchase"], 9)
        self.assertEqual([o["price"] for o in r.json["orders"]], [2.5, 1.75])

    # --- validation -------------------------------------------------------------------------------
    def test_malformed_json(self):
        r = self.tapper.post("/api/purchases/", None, raw_body="{\"orders\": [")
        self.assertError(r, 400, "invalid_json")

    def test_body_not_an_object(self):
        self.assertError(self.tapper.post("/api/purchases/", [1, 2]), 400)

    def test_quantity_as_string_is_refused(self):
        r = self.tapper.post("/api/purchases/", cash_order(PILS, "2"))
        self.assertError(r, 400, "invalid", "orders[0].quantity")

    def test_product_as_float_is_refused(self):
        r = self.tapper.post("/api/purchases/", {"orders": [{"product": 1.5, "quantity": 1}],
                                                 "cash": True})
        self.assertError(r, 400, "invalid", "orders[0].product")

    def test_flags_as_strings(self):
        # The app sends "true"/"false" strings on some screens (API.md general rules); any
        # other string is still a field error.
        r = self.tapper.post("/api/purchases/", cash_order(cash="True"))
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.json["cash"])
        for bad in ("yes", "1", ""):
            r = self.tapper.post("/api/purchases/", cash_order(cash=bad))
            self.assertError(r, 400, "invalid", "cash")

    def test_missing_orders(self):
        r = self.tapper.post("/api/purchases/", {"cash": True})
        self.assertError(r, 400, "invalid", "orders")

    def test_missing_quantity(self):
        r = self.tapper.post("/api/purchases/", {"orders": [{"product": PILS}], "cash": True})
        self.assertError(r, 400, "invalid", "orders[0].quantity")

    def test_empty_orders(self):
        r = self.tapper.post("/api/purchases/", {"orders": [], "cash": True})
        self.assertError(r, 400, "invalid_order")

    def test_quantity_zero_and_101(self):
        for q in (0, 101, -1):
            self.assertError(self.tapper.post("/api/purchases/", cash_order(PILS, q)), 400,
                             "invalid_order")
        self.assertEqual(self.tapper.post("/api/purchases/", cash_order(WATER, 100)).status, 201)

    def test_51_lines_refused_50_accepted(self):
        lines = [{"product": WATER, "quantity": 1}] * 51
        r = self.tapper.post("/api/purchases/", {"orders": lines, "cash": True})
        self.assertError(r, 400, "invalid_order")
        r = self.tapper.post("/api/purchases/", {"orders": lines[:50], "cash": True})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(len(r.json["orders"]), 50)

    def test_unknown_and_inactive_products(self):
        self.assertError(self.tapper.post("/api/purchases/", cash_order(987654)), 400,
                         "product_not_found")
        self.assertError(self.tapper.post("/api/purchases/", cash_order(INACTIVE)), 400,
                         "product_inactive")

    def test_unknown_buyer(self):
        r = self.tapper.post("/api/purchases/", wallet_order(987654))
        self.assertError(r, 400, "holder_not_found")

    def test_payment_method_rules(self):
        bad = [
            {"cash": True, "pin": True},
            {"cash": True, "balance": True, "buyer": self.alice.holder},
            {},
            {"balance": True},  # balance without buyer
            {"cash": True, "buyer": self.alice.holder},  # cash with a buyer
        ]
        for flags in bad:
            body = {"orders": [{"product": PILS, "quantity": 1}]}
            body.update(flags)
            r = self.tapper.post("/api/purchases/", body)
            self.assertError(r, 400, "invalid_payment_method")

    def test_holder_without_personnel_cannot_sell(self):
        r = self.alice.post("/api/purchases/", cash_order())
        self.assertError(r, 403, "not_personnel")

    def test_without_token_is_401(self):
        r = self.server.request("POST", "/api/purchases/", cash_order())
        self.assertEqual(r.status, 401, r)

    # --- idempotency ------------------------------------------------------------------------------
    def test_idempotent_retry_returns_the_first_response_and_charges_once(self):
        add_member(self.server, "dave")
        dave = Actor(self.server, "dave")
        self.tapper.top_up(dave.holder, 10)
        key = str(uuid.uuid4())
        body = wallet_order(dave.holder, PILS, 2)
        first = self.tapper.post("/api/purchases/", body, key=key)
        self.assertEqual(first.status, 201, first)
        self.assertEqual(first.json["remaining_after_purchase"], 5)
        again = self.tapper.post("/api/purchases/", body, key=key)
        self.assertEqual(again.status, 201, again)
        self.assertEqual(again.json, first.json)
        # Charged once: 10 - 5 = 5, and a 0.01 top-up shows 5.01.
        self.assertEqual(self.tapper.top_up(dave.holder, 0.01)["stand"], 5.01)
        r = dave.get("/api/purchases/")
        self.assertEqual(r.headers["X-Total-Count"], "1")
        # Same key, another body: 409, nothing charged.
        other = self.tapper.post("/api/purchases/", wallet_order(dave.holder, PILS, 1), key=key)
        self.assertError(other, 409, "idempotency_key_reused")
        self.assertEqual(self.tapper.top_up(dave.holder, 0.01)["stand"], 5.02)

    def parallel(self, count, fn):
        results = [None] * count

        def run(i):
            results[i] = fn()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return results

    def test_concurrent_retries_with_one_key_charge_once(self):
        add_member(self.server, "frank")
        frank = Actor(self.server, "frank")
        self.tapper.top_up(frank.holder, 10)
        key = str(uuid.uuid4())
        body = wallet_order(frank.holder, PILS, 1)
        results = self.parallel(6, lambda: self.tapper.post("/api/purchases/", body, key=key))
        self.assertEqual([r.status for r in results], [201] * 6, results)
        self.assertEqual(len({r.json["id"] for r in results}), 1)
        self.assertEqual(self.tapper.top_up(frank.holder, 0.01)["stand"], 7.51)

    def test_concurrent_sales_never_overdraw(self):
        add_member(self.server, "gina")
        gina = Actor(self.server, "gina")
        self.tapper.top_up(gina.holder, 5)
        results = self.parallel(
            4, lambda: self.tapper.post("/api/purchases/", wallet_order(gina.holder, PILS)))
        statuses = sorted(r.status for r in results)
        self.assertEqual(statuses, [201, 201, 400, 400], results)
        for r in results:
            if r.status == 400:
                self.assertEqual(r.json["code"], "insufficient_funds")
        self.assertEqual(self.tapper.top_up(gina.holder, 0.01)["stand"], 0.01)

    def test_non_numeric_id_is_404_json(self):
        r = self.tapper.get("/api/purchases/abc")
        self.assertEqual(r.status, 404, r)
        self.assertIn("detail", r.json)

    def test_idempotency_key_too_long(self):
        r = self.tapper.post("/api/purchases/", cash_order(WATER), key="k" * 129)
        self.assertError(r, 400)
        r = self.tapper.post("/api/purchases/", cash_order(WATER), key="k" * 128)
        self.assertEqual(r.status, 201, r)

    # --- reading back -----------------------------------------------------------------------------
    def test_get_one_and_visibility(self):
        cash = self.tapper.sell_cash(PILS)
        r = self.tapper.get(f"/api/purchases/{cash['id']}")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json, cash)
        r = self.tapper.get(f"/api/purchases/{cash['id']}/")
        self.assertEqual(r.status, 200, r)
        # Alice (no personnel) cannot see somebody else's purchase.
        self.assertError(self.alice.get(f"/api/purchases/{cash['id']}"), 404)
        self.assertError(self.tapper.get("/api/purchases/99999999"), 404)

    def test_plain_holder_lists_only_own_purchases(self):
        add_member(self.server, "erin")
        erin = Actor(self.server, "erin")
        self.tapper.top_up(erin.holder, 10)
        bought = self.tapper.post("/api/purchases/", wallet_order(erin.holder, COLA)).json
        self.tapper.sell_cash(COLA)
        r = erin.get("/api/purchases/")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.headers["X-Total-Count"], "1")
        self.assertEqual([p["id"] for p in r.json], [bought["id"]])
        self.assertEqual(erin.get(f"/api/purchases/{bought['id']}").json, bought)

    def test_pagination_newest_first(self):
        ids = [self.tapper.sell_cash(WATER)["id"] for _ in range(3)]
        r = self.tapper.get("/api/purchases/?page=1&page_size=2")
        self.assertEqual(r.status, 200, r)
        total = int(r.headers["X-Total-Count"])
        self.assertGreaterEqual(total, 3)
        self.assertEqual([p["id"] for p in r.json], [ids[2], ids[1]])
        r2 = self.tapper.get("/api/purchases/?page=2&page_size=2")
        self.assertEqual(r2.json[0]["id"], ids[0])
        everything = self.tapper.get("/api/purchases/?page_size=500")
        self.assertEqual(len(everything.json), total)
        # Newest first is by time. Earlier tests in this class sell concurrently, and a sale that
        # read the clock later may have taken its id first, so ids alone need not be in order.
        listed = [p["id"] for p in everything.json]
        self.assertEqual(len(set(listed)), len(listed))
        times = [datetime.fromisoformat(p["created"]) for p in everything.json]
        self.assertEqual(times, sorted(times, reverse=True))
        default = self.tapper.get("/api/purchases/")
        self.assertEqual(len(default.json), min(total, 20))
        beyond = self.tapper.get(f"/api/purchases/?page={total + 1}&page_size=1")
        self.assertEqual((beyond.status, beyond.json), (200, []))

    def test_bad_pagination(self):
        for query in ("page_size=501", "page_size=0", "page=0", "page=abc", "page_size=1.5"):
            r = self.tapper.get(f"/api/purchases/?{query}")
            self.assertError(r, 400)


if __name__ == "__main__":
    unittest.main()
