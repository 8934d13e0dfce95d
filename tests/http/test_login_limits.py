"""Security 3 (issue 7): login failures are limited per (username, address) pair and per address,
and a username is only slowed down (429 with Retry-After), never locked: the right password from
another address keeps working while one address hammers a name, and a known and an unknown name
answer alike. Clients on 127.0.0.2.. are other addresses (the whole 127/8 is loopback)."""
import http.client
import json
import time
import unittest

from bar_support import add_member
from harness import ApiTestCase, MamonServer, PASSWORD, Response

PAIR_MAX = 10           # limits.h kLoginFailuresPerPairMax
USERNAME_FREE = 10      # limits.h kLoginFailuresPerUsernameFree
WINDOW_SECONDS = 900    # limits.h kLoginFailureWindowSeconds


class LoginLimits(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer()
        for name in ("anna", "bob", "carl"):
            add_member(cls.server, name)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def login_from(self, address, username, password):
        """POST /api/login/ from the loopback `address`."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30,
                                          source_address=(address, 0))
        try:
            conn.request("POST", "/api/login/",
                         json.dumps({"username": username, "password": password}),
                         {"Content-Type": "application/json"})
            resp = conn.getresponse()
            return Response(resp.status, resp.headers, resp.read())
        finally:
            conn.close()

    def assertRateLimited(self, r, at_most):
        self.assertError(r, 429, "rate_limited")
        retry_after = int(r.headers["Retry-After"])
        self.assertGreaterEqual(retry_after, 1)
        self.assertLessEqual(retry_after, at_most)
        return retry_after

    def test_hammering_address_is_stopped_and_the_owner_elsewhere_gets_in(self):
        for _ in range(PAIR_MAX):
            self.assertError(self.login_from("127.0.0.2", "anna", "guess"), 401,
                             "invalid_credentials")
        # That pair is refused now, even with the right password...
        r = self.login_from("127.0.0.2", "anna", PASSWORD)
        self.assertGreater(self.assertRateLimited(r, WINDOW_SECONDS), WINDOW_SECONDS - 60)
        self.assertRateLimited(self.login_from("127.0.0.2", "anna", "guess"), WINDOW_SECONDS)
        # ...while the owner from another address logs in at once,
        r = self.login_from("127.0.0.3", "anna", PASSWORD)
        self.assertEqual(r.status, 200, r)
        # and the hammering address may still log in other users.
        self.assertEqual(self.login_from("127.0.0.2", "carl", PASSWORD).status, 200)

    def test_a_name_is_slowed_down_alike_whether_it_exists_or_not(self):
        waits = {}
        for name, first, second in (("bob", "127.0.0.4", "127.0.0.5"),
                                    ("ghost", "127.0.0.6", "127.0.0.7")):
            for _ in range(USERNAME_FREE):
                self.assertError(self.login_from(first, name, "guess"), 401)
            # One more failure from a second address: the name now waits a second, from anywhere.
            self.assertError(self.login_from(second, name, "guess"), 401)
            r = self.login_from("127.0.0.8", name, PASSWORD)
            waits[name] = (r.status, self.assertRateLimited(r, 30), r.json["code"])
        self.assertEqual(waits["bob"], waits["ghost"])
        time.sleep(waits["bob"][1] + 0.2)  # Retry-After is honoured: then the owner gets in
        r = self.login_from("127.0.0.8", "bob", PASSWORD)
        self.assertEqual(r.status, 200, r)


if __name__ == "__main__":
    unittest.main()
