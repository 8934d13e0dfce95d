"""The board's holder page actions and voids (issue 9, items 3 and 7), black-box.

Top-up and refund forms (cash/PIN; a refund needs a reason; refund_any_amount above the bound),
balance corrections against the corrections account (manage_users), the credit floor, cards
(link, block, unblock, mark lost, unlink: a blocked card is refused by the API at once) and
voiding a purchase (confirm step, reason required, twice refused, wallet restored, shown in the
member's timeline). Every action: 303 + flash on success, 422 with the message next to the field
on bad input, the 403 page naming the missing permission (Kascommissie included), 403 without
the CSRF token. The server's stop() runs `mamon check` (INV-1..6) at the end."""
import re
import unittest

from bar_support import PILS, Actor, load_products
from harness import MamonServer
from test_web_board_lists import csv_rows
from test_web_foundation import logged_in_browsers


class ManageHolders(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer()
        cls.server.add_user("bestuur", groups=("Bestuur",), personnel="bestuurbar")
        cls.server.add_user("kas", groups=("Kascommissie",))
        cls.server.add_user("tapper", groups=("Tapper",), personnel="tap")
        cls.server.add_user("root", superuser=True)
        for name in ("member", "carded", "floored", "buyer"):
            cls.server.add_user(name)
        cls.server.start()
        load_products(cls.server)
        cls.browsers = logged_in_browsers(cls.server, ("bestuur", "kas", "tapper", "root", "buyer"))
        cls.actors = {n: Actor(cls.server, n) for n in ("tapper", "member", "carded", "floored",
                                                         "buyer", "root")}

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    # --- helpers ---------------------------------------------------------------------------------
    def holder(self, name):
        return self.actors[name].holder

    def stand(self, name):
        r = self.server.request("GET", f"/api/holders/{self.holder(name)}/",
                                token=self.actors["root"].token)
        self.assertEqual(r.status, 200, r)
        return r.json["stand"]

    def post(self, who, path, form, csrf=True):
        browser = self.browsers[who]
        data = dict(form)
        if csrf:
            data["csrf_token"] = browser.csrf("/home/")
        return browser.request("POST", path, form=data)

    def action(self, name, action):
        return f"/board/holders/{self.holder(name)}/{action}/"

    def follow(self, who, r):
        self.assertEqual(r.status, 303, r.text[:500])
        return self.browsers[who].request("GET", r.getheader("Location"))

    # --- top-ups and refunds ---------------------------------------------------------------------
    def test_top_up_and_refund_forms(self):
        r = self.post("bestuur", self.action("member", "top-up"),
                      {"amount": "20,00", "method": "cash", "comment": "at the bar"})
        page = self.follow("bestuur", r)
        self.assertEqual(page.status, 200)
        self.assertIn('class="notification', page.text)
        self.assertEqual(self.stand("member"), 20.0)
        # A refund without a reason: 422, the input kept, the message next to the field.
        r = self.post("bestuur", self.action("member", "refund"),
                      {"amount": "5.00", "method": "pin", "comment": " "})
        self.assertEqual(r.status, 422, r.text[:300])
        self.assertIn('id="refund-comment-error"', r.text)
        self.assertIn('value="5.00"', r.text)
        r = self.post("bestuur", self.action("member", "refund"),
                      {"amount": "5.00", "method": "pin", "comment": "left the club"})
        self.follow("bestuur", r)
        self.assertEqual(self.stand("member"), 15.0)
        # More than the balance; not an amount; no method.
        r = self.post("bestuur", self.action("member", "refund"),
                      {"amount": "99.00", "method": "cash", "comment": "x"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="refund-amount-error"', r.text)
        r = self.post("bestuur", self.action("member", "top-up"),
                      {"amount": "ten", "method": "cash", "comment": ""})
        self.assertEqual(r.status, 422)
        self.assertIn('id="top_up-amount-error"', r.text)
        r = self.post("bestuur", self.action("member", "top-up"),
                      {"amount": "1", "method": "", "comment": ""})
        self.assertEqual(r.status, 422)
        self.assertEqual(self.stand("member"), 15.0)

    def test_refund_above_the_bound_needs_refund_any_amount(self):
        self.actors["tapper"].top_up(self.holder("floored"), 80)
        r = self.post("tapper", self.action("floored", "refund"),
                      {"amount": "60.00", "method": "cash", "comment": "too much"})
        self.assertEqual(r.status, 403, r.text[:300])
        self.assertIn("refund_any_amount", r.text)
        r = self.post("bestuur", self.action("floored", "refund"),
                      {"amount": "60.00", "method": "cash", "comment": "moving away"})
        self.assertEqual(r.status, 303)
        self.assertEqual(self.stand("floored"), 20.0)

    # --- corrections and the credit floor --------------------------------------------------------
    def test_corrections_and_credit_floor_need_manage_users(self):
        for who in ("bestuur", "kas", "tapper"):
            r = self.post(who, self.action("member", "correction"),
                          {"amount": "1.00", "reason": "x"})
            self.assertEqual(r.status, 403, (who, r.text[:300]))
            self.assertIn("manage_users", r.text)
            r = self.post(who, self.action("member", "credit-floor"), {"floor": "-5"})
            self.assertEqual(r.status, 403, who)
            self.assertIn("manage_users", r.text)
        before = self.stand("buyer")
        r = self.post("root", self.action("buyer", "correction"),
                      {"amount": "2,50", "reason": "counted wrong"})
        self.follow("root", r)
        r = self.post("root", self.action("buyer", "correction"),
                      {"amount": "-1.00", "reason": "counted wrong again"})
        self.assertEqual(r.status, 303)
        self.assertAlmostEqual(self.stand("buyer"), before + 1.5)
        r = self.post("root", self.action("buyer", "correction"), {"amount": "3", "reason": ""})
        self.assertEqual(r.status, 422)
        self.assertIn('id="correction-reason-error"', r.text)
        r = self.post("root", self.action("buyer", "correction"), {"amount": "0", "reason": "x"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="correction-amount-error"', r.text)
        # The floor: positive refused; -10 lets a correction go below zero, not below -10.
        r = self.post("root", self.action("buyer", "credit-floor"), {"floor": "5"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="credit_floor-floor-error"', r.text)
        r = self.post("root", self.action("buyer", "credit-floor"), {"floor": "-10,00"})
        page = self.follow("root", r)
        self.assertIn("-10", page.text.replace("−", "-").replace("€ ", "").replace("€", ""))
        stand = self.stand("buyer")
        r = self.post("root", self.action("buyer", "correction"),
                      {"amount": f"-{stand + 10.01:.2f}", "reason": "too far"})
        self.assertEqual(r.status, 422)
        r = self.post("root", self.action("buyer", "correction"),
                      {"amount": f"-{stand + 10:.2f}", "reason": "down to the floor"})
        self.assertEqual(r.status, 303)
        self.assertAlmostEqual(self.stand("buyer"), -10.0)
        r = self.post("root", self.action("buyer", "correction"),
                      {"amount": f"{stand + 10:.2f}", "reason": "back"})
        self.assertEqual(r.status, 303)

    # --- cards -----------------------------------------------------------------------------------
    def test_cards_link_block_unblock_lost_unlink(self):
        tapper = self.actors["tapper"].token

        def api_card():
            return self.server.request("GET", "/api/cards/c0ffee01/", token=tapper).status

        r = self.post("kas", self.action("carded", "link-card"),
                      {"card_id": "c0ffee01", "card_name": "keyring"})
        self.assertEqual(r.status, 403)
        self.assertIn("link_cards", r.text)
        r = self.post("bestuur", self.action("carded", "link-card"),
                      {"card_id": "not hex", "card_name": ""})
        self.assertEqual(r.status, 422)
        self.assertIn('id="link_card-card_id-error"', r.text)
        page = self.follow("bestuur", self.post("bestuur", self.action("carded", "link-card"),
                                                {"card_id": "c0ffee01", "card_name": "keyring"}))
        self.assertIn("C0FFEE01", page.text)
        self.assertEqual(api_card(), 200)
        r = self.post("bestuur", self.action("member", "link-card"),
                      {"card_id": "C0FFEE01", "card_name": ""})
        self.assertEqual(r.status, 422)  # linked to somebody already
        self.assertEqual(self.post("kas", self.action("carded", "block-card"),
                                   {"card_id": "c0ffee01"}).status, 403)
        self.assertEqual(self.post("bestuur", self.action("carded", "block-card"),
                                   {"card_id": "c0ffee01"}).status, 303)
        self.assertEqual(api_card(), 404)  # refused by the API at once
        self.assertEqual(self.post("bestuur", self.action("carded", "unblock-card"),
                                   {"card_id": "c0ffee01"}).status, 303)
        self.assertEqual(api_card(), 200)
        self.assertEqual(self.post("bestuur", self.action("carded", "card-lost"),
                                   {"card_id": "c0ffee01"}).status, 303)
        self.assertEqual(api_card(), 404)
        # Another holder's path does not reach the card.
        r = self.post("bestuur", self.action("member", "unlink-card"), {"card_id": "c0ffee01"})
        self.assertEqual(r.status, 422)
        self.assertEqual(self.post("bestuur", self.action("carded", "unlink-card"),
                                   {"card_id": "c0ffee01"}).status, 303)
        page = self.browsers["bestuur"].request("GET", f"/board/holders/{self.holder('carded')}/")
        self.assertNotIn("C0FFEE01", page.text)

    def test_kascommissie_and_members_get_403_naming_the_permission(self):
        cases = {"top-up": ("top_up", {"amount": "1", "method": "cash"}),
                 "refund": ("refund", {"amount": "1", "method": "cash", "comment": "x"}),
                 "correction": ("manage_users", {"amount": "1", "reason": "x"}),
                 "credit-floor": ("manage_users", {"floor": "-1"}),
                 "link-card": ("link_cards", {"card_id": "abcd"}),
                 "unlink-card": ("link_cards", {"card_id": "abcd"}),
                 "block-card": ("link_cards", {"card_id": "abcd"}),
                 "unblock-card": ("link_cards", {"card_id": "abcd"}),
                 "card-lost": ("link_cards", {"card_id": "abcd"})}
        for who in ("kas", "buyer"):
            for action, (permission, form) in cases.items():
                with self.subTest(who=who, action=action):
                    r = self.post(who, self.action("member", action), form)
                    self.assertEqual(r.status, 403, r.text[:300])
                    self.assertIn(permission, r.text)

    # --- CSRF ------------------------------------------------------------------------------------
    def test_every_action_needs_the_csrf_token(self):
        actions = ("top-up", "refund", "correction", "credit-floor", "link-card", "unlink-card",
                   "block-card", "unblock-card", "card-lost")
        for action in actions:
            with self.subTest(action=action):
                r = self.post("root", self.action("member", action), {"amount": "1"}, csrf=False)
                self.assertEqual(r.status, 403)
        r = self.post("root", "/board/purchases/1/void/", {"reason": "x", "confirm": "1"},
                      csrf=False)
        self.assertEqual(r.status, 403)

    # --- voids -----------------------------------------------------------------------------------
    def test_void_a_wallet_purchase(self):
        buyer = self.actors["buyer"]
        self.actors["tapper"].top_up(buyer.holder, 10)
        before = self.stand("buyer")
        r = self.actors["tapper"].post("/api/purchases/", {
            "orders": [{"product": PILS, "quantity": 2}], "balance": True, "cash": False,
            "pin": False, "buyer": buyer.holder})
        self.assertEqual(r.status, 201, r)
        pid = r.json["id"]
        self.assertAlmostEqual(self.stand("buyer"), before - 5)
        path = f"/board/purchases/{pid}/void/"
        detail = self.browsers["bestuur"].request("GET", f"/board/purchases/{pid}/")
        self.assertIn('id="void-form"', detail.text)
        self.assertNotIn('id="void-form"',
                         self.browsers["kas"].request("GET", f"/board/purchases/{pid}/").text)
        # Kascommissie and bar staff may not.
        r = self.post("kas", path, {"reason": "x", "confirm": "1"})
        self.assertEqual(r.status, 403)
        self.assertIn("void_purchase", r.text)
        self.assertEqual(self.post("tapper", path, {"reason": "x", "confirm": "1"}).status, 403)
        # No reason: 422; a reason: the confirmation step, nothing voided yet.
        r = self.post("bestuur", path, {"reason": ""})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-reason-error"', r.text)
        r = self.post("bestuur", path, {"reason": "rang up twice"})
        self.assertEqual(r.status, 200)
        self.assertIn('name="confirm" value="1"', r.text)
        self.assertAlmostEqual(self.stand("buyer"), before - 5)
        page = self.follow("bestuur", self.post("bestuur", path,
                                                {"reason": "rang up twice", "confirm": "1"}))
        self.assertIn('id="void-mark"', page.text)
        self.assertIn("rang up twice", page.text)
        self.assertAlmostEqual(self.stand("buyer"), before)
        r = self.post("bestuur", path, {"reason": "again", "confirm": "1"})
        self.assertEqual(r.status, 409)
        self.assertAlmostEqual(self.stand("buyer"), before)
        # The board's list keeps it, marked, out of the sum; its export says when it was voided.
        listed = self.browsers["bestuur"].request(
            "GET", f"/board/purchases/?buyer={buyer.holder}&start=2000-01-01&end=2100-12-31")
        summary = re.search(r'mamon-summary" role="status">([^<]*)<', listed.text).group(1)
        self.assertRegex(summary, r"^1 (aankoop|purchase), € ?0[,.]00, 1 (geannuleerd|voided)")
        exported = self.browsers["bestuur"].request(
            "GET", f"/board/purchases/?buyer={buyer.holder}&start=2000-01-01&end=2100-12-31"
                   "&format=csv")
        rows = csv_rows(exported.text.encode(), ";")
        self.assertIn(rows[0][-1], ("Geannuleerd", "Voided"))
        self.assertRegex(rows[1][-1], r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
        # The member's own timeline shows the purchase voided and the money back.
        home = self.browsers["buyer"].request("GET", "/home/").text
        self.assertRegex(home, r"(?i)voided|geannuleerd")
        self.assertIn("rang up twice", home)

    def test_void_a_cash_purchase(self):
        sale = self.actors["tapper"].sell_cash(PILS, 1)
        path = f"/board/purchases/{sale['id']}/void/"
        r = self.post("root", path, {"reason": "wrong product", "confirm": "1"})
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertEqual(self.post("root", path, {"reason": "x", "confirm": "1"}).status, 409)
        r = self.post("root", "/board/purchases/999999/void/", {"reason": "x", "confirm": "1"})
        self.assertEqual(r.status, 404)


if __name__ == "__main__":
    unittest.main()
