"""Online top-ups through Mollie (API.md "Online top-up"): POST/GET /api/wallet/opwarderen/ and
the public webhook POST /mollie/webhook/, against a fake Mollie on loopback (fake_mollie.py)."""
import threading
import unittest
import urllib.parse
import uuid

from bar_support import Actor, add_member, start_bar_server
from fake_mollie import API_KEY, FakeMollie
from harness import ApiTestCase, MamonServer

TOPUP = "/api/wallet/opwarderen/"


class OnlineTopUps(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.mollie = FakeMollie().start()
        try:
            cls.server = start_bar_server({"MOLLIE_API_KEY": API_KEY,
                                           "MOLLIE_API_URL": cls.mollie.url})
        except BaseException:
            cls.mollie.stop()
            raise
        cls.tapper = Actor(cls.server, "tapper")

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.stop()
        finally:
            cls.mollie.stop()

    def member(self, name):
        add_member(self.server, name)
        return Actor(self.server, name)

    def webhook(self, body, content_type="application/x-www-form-urlencoded"):
        return self.server.request("POST", "/mollie/webhook/", raw_body=body,
                                   headers={"Content-Type": content_type})

    def paid_webhook(self, payment_id):
        return self.webhook("id=" + payment_id)

    def start_top_up(self, actor, amount, key=None):
        r = actor.post(TOPUP, {"amount": amount}, key=key)
        self.assertEqual(r.status, 201, r)
        return r.json

    def mollie_id_of(self, top_up):
        # The checkout URL of the fake ends with Mollie's payment id.
        return top_up["checkout_url"].rsplit("/", 1)[1]

    def balance(self, actor):
        r = actor.get(f"/api/holders/{actor.holder}/")
        self.assertEqual(r.status, 200, r)
        return r.json["stand"]


    # --- starting a top-up ----------------------------------------------------------------------
    def test_start_returns_the_checkout_and_tells_mollie_everything_it_needs(self):
        m = self.member("ot_start")
        before = len(self.mollie.created())
        t = self.start_top_up(m, 12.5)
        self.assertEqual(set(t), {"id", "amount", "checkout_url", "status", "created", "paid"})
        self.assertIsInstance(t["id"], int)
        self.assertEqual(t["amount"], 12.5)
        self.assertEqual(t["status"], "open")
        self.assertTrue(t["checkout_url"].startswith("https://pay.fake-mollie.test/tr_"), t)
        self.assertIsNone(t["paid"])
        sent = self.mollie.created()
        self.assertEqual(len(sent), before + 1)
        body = sent[-1]
        self.assertEqual(body["amount"], {"currency": "EUR", "value": "12.50"})
        self.assertEqual(body["webhookUrl"], self.server.base + "/mollie/webhook/")
        self.assertEqual(body["redirectUrl"],
                         self.server.base + "/topup/return/" + body["metadata"]["identifier"] + "/")
        self.assertEqual(body["description"], f"Mamon top-up #{t['id']}")
        self.assertEqual(len(body["metadata"]["identifier"]), 32)
        # No money moves before Mollie says paid.
        self.assertEqual(self.balance(m), 0)

    def test_amounts_are_checked(self):
        m = self.member("ot_amounts")
        for amount in (0, 0.99, 500.01, -5, 1.005):
            self.assertError(m.post(TOPUP, {"amount": amount}), 400, "invalid_amount", "amount")
        self.assertError(m.post(TOPUP, {"amount": "ten"}), 400, None, "amount")
        self.assertError(m.post(TOPUP, {}), 400, "invalid", "amount")
        self.assertError(m.post(TOPUP, None, raw_body="{nope"), 400, "invalid_json")
        self.assertEqual(m.post(TOPUP, {"amount": 1}).status, 201)
        self.assertEqual(m.post(TOPUP, {"amount": 500}).status, 201)

    def test_needs_a_login(self):
        r = self.server.request("POST", TOPUP, {"amount": 10})
        self.assertError(r, 401)
        r = self.server.request("GET", TOPUP, token="forged.token.value")
        self.assertError(r, 401)

    def test_mollie_failing_is_503_and_the_attempt_is_listed_as_error(self):
        m = self.member("ot_down")
        self.mollie.fail(500)
        r = m.post(TOPUP, {"amount": 10})
        self.assertError(r, 503, "unavailable")
        listed = m.get(TOPUP).json
        self.assertEqual(len(listed), 1)
        self.assertEqual(listed[0]["status"], "error")
        self.assertEqual(listed[0]["checkout_url"], "")

    def test_a_retry_with_the_same_idempotency_key_returns_the_first_payment(self):
        m = self.member("ot_idem")
        key = str(uuid.uuid4())
        before = len(self.mollie.created())
        first = self.start_top_up(m, 20, key=key)
        again = self.start_top_up(m, 20, key=key)
        self.assertEqual(again, first)
        self.assertEqual(len(self.mollie.created()), before + 1)
        self.assertError(m.post(TOPUP, {"amount": 21}, key=key), 409, "idempotency_key_reused")

    def test_members_list_only_their_own_newest_first(self):
        a = self.member("ot_list_a")
        b = self.member("ot_list_b")
        first = self.start_top_up(a, 5)
        second = self.start_top_up(a, 6)
        self.start_top_up(b, 7)
        r = a.get(TOPUP)
        self.assertEqual(r.status, 200, r)
        self.assertEqual([t["id"] for t in r.json], [second["id"], first["id"]])
        self.assertEqual(r.headers["X-Total-Count"], "2")
        r = a.get(TOPUP + "?page=2&page_size=1")
        self.assertEqual([t["id"] for t in r.json], [first["id"]])
        self.assertError(a.get(TOPUP + "?page_size=0"), 400, "invalid")

    # --- the webhook ----------------------------------------------------------------------------
    def test_paid_webhook_credits_exactly_once(self):
        m = self.member("ot_paid")
        t = self.start_top_up(m, 15)
        mollie_id = self.mollie_id_of(t)
        r = self.paid_webhook(mollie_id)  # still open at Mollie
        self.assertEqual((r.status, r.json), (200, {"status": "unchanged"}))
        self.assertEqual(self.balance(m), 0)

        self.mollie.set_status(mollie_id, "paid")
        r = self.paid_webhook(mollie_id)
        self.assertEqual((r.status, r.json), (200, {"status": "credited"}))
        for _ in range(3):  # Mollie retries, and anybody may replay the call
            r = self.paid_webhook(mollie_id)
            self.assertEqual((r.status, r.json), (200, {"status": "already_credited"}))
        self.assertEqual(self.balance(m), 15)

        listed = m.get(TOPUP).json
        self.assertEqual(listed[0]["status"], "paid")
        self.assertIsNotNone(listed[0]["paid"])
        upgrades = m.get("/api/walletupgrades/").json
        self.assertEqual(len(upgrades), 1)
        self.assertEqual((upgrades[0]["amount"], upgrades[0]["mollie"], upgrades[0]["cash"]),
                         (15, True, False))

    def test_concurrent_webhooks_credit_once(self):
        m = self.member("ot_race")
        t = self.start_top_up(m, 25)
        mollie_id = self.mollie_id_of(t)
        self.mollie.set_status(mollie_id, "paid")
        outcomes = []
        lock = threading.Lock()

        def call():
            r = self.paid_webhook(mollie_id)
            with lock:
                outcomes.append((r.status, (r.json or {}).get("status")))

        threads = [threading.Thread(target=call) for _ in range(12)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        self.assertEqual(outcomes.count((200, "credited")), 1, outcomes)
        self.assertEqual(outcomes.count((200, "already_credited")), 11, outcomes)
        self.assertEqual(self.balance(m), 25)

    def test_other_statuses_are_stored_and_never_credit(self):
        m = self.member("ot_expired")
        t = self.start_top_up(m, 9)
        mollie_id = self.mollie_id_of(t)
        for status in ("pending", "canceled", "expired"):
            self.mollie.set_status(mollie_id, status)
            r = self.paid_webhook(mollie_id)
            self.assertEqual((r.status, r.json), (200, {"status": "status_updated"}))
            self.assertEqual(m.get(TOPUP).json[0]["status"], status)
        self.assertEqual(self.balance(m), 0)

    def test_a_payment_that_does_not_match_ours_is_never_credited(self):
        m = self.member("ot_tampered")
        t = self.start_top_up(m, 10)
        mollie_id = self.mollie_id_of(t)
        self.mollie.set_status(mollie_id, "paid")
        self.mollie.set_amount(mollie_id, "100.00")
        self.assertError(self.paid_webhook(mollie_id), 409, "conflict")
        self.assertEqual(self.balance(m), 0)
        self.assertEqual(m.get(TOPUP).json[0]["status"], "open")

    def test_mollie_down_during_the_webhook_is_503_so_mollie_retries(self):
        m = self.member("ot_retry")
        t = self.start_top_up(m, 11)
        mollie_id = self.mollie_id_of(t)
        self.mollie.set_status(mollie_id, "paid")
        self.mollie.fail(503)
        self.assertError(self.paid_webhook(mollie_id), 503, "unavailable")
        self.assertEqual(self.balance(m), 0)
        self.assertEqual(self.paid_webhook(mollie_id).json, {"status": "credited"})
        self.assertEqual(self.balance(m), 11)

    def test_bad_webhook_calls_are_refused_or_ignored(self):
        self.assertError(self.webhook(""), 400, "invalid", "id")
        self.assertError(self.webhook("id="), 400, "invalid", "id")
        self.assertError(self.webhook("id=tr_..%2F..%2Fadmin"), 400, "invalid", "id")
        self.assertError(self.webhook("id=%zz"), 400, "invalid")
        self.assertError(self.webhook('{"id": "tr_x"}', content_type="application/json"), 400)
        r = self.webhook("id=" + urllib.parse.quote("tr_doesnotexist"))
        self.assertEqual((r.status, r.json), (200, {"status": "ignored"}))
        r = self.server.request("GET", "/mollie/webhook/")
        self.assertError(r, 405)


class OnlineTopUpsWithoutMollie(ApiTestCase):
    """A server without MOLLIE_API_KEY: online top-ups are off, the rest works."""

    def test_top_ups_answer_503_with_the_reason(self):
        server = MamonServer().start()
        try:
            add_member(server, "nomollie")
            m = Actor(server, "nomollie")
            r = m.post(TOPUP, {"amount": 10})
            self.assertEqual(r.status, 503, r)
            self.assertIn("MOLLIE_API_KEY", r.json["detail"])
            r = server.request("POST", "/mollie/webhook/", raw_body="id=tr_abc",
                               headers={"Content-Type": "application/x-www-form-urlencoded"})
            self.assertEqual(r.status, 503, r)
            self.assertEqual(m.get(TOPUP).json, [])
        finally:
            server.stop()


if __name__ == "__main__":
    unittest.main()
