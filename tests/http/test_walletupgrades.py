"""POST/GET /api/walletupgrades/ (API.md "Wallet top-ups and refunds")."""
import re
import unittest
import uuid

from bar_support import Actor, add_member, start_bar_server
from harness import ApiTestCase, PASSWORD

ISO_WITH_OFFSET = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)$")


def upgrade(holder, amount, refund=False, cash=True, pin=False, **extra):
    body = {"amount": amount, "refund": refund, "cash": cash, "pin": pin,
            "comment": "aan de bar", "holder": holder}
    body.update(extra)
    return body


class WalletUpgrades(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = start_bar_server()
        cls.server.add_user("tapper2", groups=["Tapper"], personnel="tap2")
        add_member(cls.server, "bob")
        cls.tapper = Actor(cls.server, "tapper")
        cls.tapper2 = Actor(cls.server, "tapper2")
        cls.alice = Actor(cls.server, "alice")
        cls.bob = Actor(cls.server, "bob")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()


    def fresh_member(self, name):
        add_member(self.server, name)
        return Actor(self.server, name)

    def test_cash_top_up(self):
        m = self.fresh_member("cash1")
        r = self.tapper.post("/api/walletupgrades/", upgrade({"id": m.holder}, 12.35))
        self.assertEqual(r.status, 201, r)
        u = r.json
        self.assertEqual(u["amount"], 12.35)
        self.assertEqual(u["stand"], 12.35)
        self.assertEqual(u["holder"], m.holder)
        self.assertEqual((u["refund"], u["cash"], u["pin"]), (False, True, False))
        self.assertEqual(u["comment"], "aan de bar")
        self.assertEqual(u["personel"], self.tapper.personnel)
        self.assertRegex(u["date"], ISO_WITH_OFFSET)
        self.assertIsInstance(u["id"], int)

    def test_pin_top_up_by_ledenbase_id(self):
        r = self.tapper.post("/api/walletupgrades", upgrade({"ledenbase_id": 5001}, 5, cash=False,
                                                            pin=True))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["holder"], self.alice.holder)
        self.assertTrue(r.json["pin"])
        self.assertEqual(r.json["amount"], 5)

    def test_refund_to_exactly_zero_and_one_cent_below_refused(self):
        m = self.fresh_member("refund1")
        self.tapper.post("/api/walletupgrades/", upgrade({"id": m.holder}, 3))
        r = self.tapper.post("/api/walletupgrades/", upgrade({"id": m.holder}, 3.01, refund=True))
        self.assertError(r, 400, "insufficient_funds")
        r = self.tapper.post("/api/walletupgrades/", upgrade({"id": m.holder}, 3, refund=True))
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.json["refund"])
        self.assertEqual(r.json["stand"], 0)
        r = self.tapper.post("/api/walletupgrades/", upgrade({"id": m.holder}, 0.01, refund=True))
        self.assertError(r, 400, "insufficient_funds")

    def test_amount_validation(self):
        for amount in (1.234, "5", None, 0, -5, True, 10_000_000):
            r = self.tapper.post("/api/walletupgrades/", upgrade({"id": self.bob.holder}, amount))
            self.assertError(r, 400, field="amount")
        body = upgrade({"id": self.bob.holder}, 1)
        del body["amount"]
        self.assertError(self.tapper.post("/api/walletupgrades/", body), 400, field="amount")

    def test_exactly_one_of_cash_and_pin(self):
        for cash, pin in ((True, True), (False, False)):
            r = self.tapper.post("/api/walletupgrades/",
                                 upgrade({"id": self.bob.holder}, 1, cash=cash, pin=pin))
            self.assertError(r, 400, "invalid_payment_method")

    def test_holder_validation(self):
        for holder in (None, 5, {}, {"id": "7"}):
            r = self.tapper.post("/api/walletupgrades/", upgrade(holder, 1))
            self.assertError(r, 400)
        for holder in ({"id": 987654}, {"ledenbase_id": 987654}):
            r = self.tapper.post("/api/walletupgrades/", upgrade(holder, 1))
            self.assertError(r, 400, "holder_not_found")

    def test_malformed_json_and_wrong_types(self):
        r = self.tapper.post("/api/walletupgrades/", None, raw_body="{nope")
        self.assertError(r, 400, "invalid_json")
        r = self.tapper.post("/api/walletupgrades/", upgrade({"id": self.bob.holder}, 1,
                                                             refund="no"))
        self.assertError(r, 400, "invalid", "refund")

    def test_embedded_staff_credentials_name_the_handler(self):
        r = self.tapper.post("/api/walletupgrades/", upgrade(
            {"id": self.bob.holder}, 1, personel={"username": "tapper2", "password": PASSWORD}))
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["personel"], self.tapper2.personnel)

    def test_wrong_embedded_credentials_are_501_seller_not_found(self):
        m = self.fresh_member("wrongcreds")
        for creds in ({"username": "tapper2", "password": "wrong"},
                      {"username": "nobody", "password": PASSWORD},
                      {"username": "alice", "password": PASSWORD}):  # right password, no personnel
            r = self.tapper.post("/api/walletupgrades/", upgrade({"id": m.holder}, 1,
                                                                 personel=creds))
            self.assertEqual(r.status, 501, r)
            self.assertEqual(r.json["message"], "Seller not found")
            self.assertEqual(r.json["detail"], "Seller not found")
        # Nothing was credited.
        self.assertEqual(self.tapper.top_up(m.holder, 0.01)["stand"], 0.01)

    def test_non_personnel_caller_is_403(self):
        r = self.alice.post("/api/walletupgrades/", upgrade({"id": self.alice.holder}, 100))
        self.assertError(r, 403)
        r = self.alice.post("/api/walletupgrades/", upgrade(
            {"id": self.alice.holder}, 100, personel={"username": "tapper", "password": PASSWORD}))
        self.assertError(r, 403)

    def test_idempotent_retry_and_key_reuse(self):
        m = self.fresh_member("idem1")
        key = str(uuid.uuid4())
        body = upgrade({"id": m.holder}, 7.5)
        first = self.tapper.post("/api/walletupgrades/", body, key=key)
        self.assertEqual(first.status, 201, first)
        again = self.tapper.post("/api/walletupgrades/", body, key=key)
        self.assertEqual(again.status, 201, again)
        self.assertEqual(again.json["id"], first.json["id"])
        self.assertEqual(again.json["stand"], 7.5)  # credited once
        other = self.tapper.post("/api/walletupgrades/", upgrade({"id": m.holder}, 8), key=key)
        self.assertError(other, 409, "idempotency_key_reused")
        self.assertEqual(self.tapper.top_up(m.holder, 0.5)["stand"], 8)

    def test_idempotency_key_too_long(self):
        r = self.tapper.post("/api/walletupgrades/", upgrade({"id": self.bob.holder}, 1),
                             key="k" * 129)
        self.assertError(r, 400)

    def test_without_token_is_401(self):
        r = self.server.request("POST", "/api/walletupgrades/", upgrade({"id": 1}, 1))
        self.assertEqual(r.status, 401, r)

    def test_list_paginated_newest_first_and_visibility(self):
        m = self.fresh_member("lister")
        ids = [self.tapper.top_up(m.holder, 1)["id"] for _ in range(3)]
        r = self.tapper.get("/api/walletupgrades/?page_size=2")
        self.assertEqual(r.status, 200, r)
        self.assertGreaterEqual(int(r.headers["X-Total-Count"]), 3)
        self.assertEqual([u["id"] for u in r.json], [ids[2], ids[1]])
        mine = m.get("/api/walletupgrades/")
        self.assertEqual(mine.status, 200, mine)
        self.assertEqual(mine.headers["X-Total-Count"], "3")
        self.assertEqual(sorted(u["id"] for u in mine.json), sorted(ids))
        self.assertError(self.tapper.get("/api/walletupgrades/?page_size=501"), 400)


if __name__ == "__main__":
    unittest.main()
