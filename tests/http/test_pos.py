"""Black-box tests of the web POS's server side (issue 12 item 1): /pos/ opens for active bar
staff only (anonymous → login, a member or a deactivated staff member → 403 naming "sell"), and
POST /pos/token/ (CSRF-checked) hands the session's user a token pair the bar app's API accepts."""
import json
import unittest

from harness import MamonServer
from test_web_foundation import Browser, add_users, logged_in_browsers

USERS = {  # username → (groups, personnel, superuser)
    "member": ((), None, False),
    "tapper": ((), "Tap", False),
    "board": (("Bestuur",), None, False),
}


class Pos(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer()
        add_users(cls.server, USERS, "pos-")
        cls.server.start()
        cls.browsers = logged_in_browsers(cls.server, USERS, "pos-")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_only_bar_staff_open_the_pos(self):
        r = Browser(self.server).request("GET", "/pos/")
        self.assertEqual(r.status, 303)
        self.assertIn("/login/?next=", r.getheader("Location"))
        for name in ("member", "board"):
            r = self.browsers[name].request("GET", "/pos/")
            self.assertEqual(r.status, 403, name)
            self.assertIn("sell", r.text)
            self.assertNotIn('href="/pos/"', self.browsers[name].request("GET", "/home/").text)
        tapper = self.browsers["tapper"]
        r = tapper.request("GET", "/pos/")
        self.assertEqual(r.status, 200)
        self.assertIn('id="pos"', r.text)
        self.assertIn('href="/pos/"', tapper.request("GET", "/home/").text)
        # The card reader's thresholds come from limits.h.
        self.assertRegex(r.text, r'data-card-gap-ms="\d+"')

    def test_the_token_works_on_the_api_and_needs_csrf(self):
        tapper = self.browsers["tapper"]
        self.assertEqual(tapper.request("POST", "/pos/token/", {}).status, 403)  # no token
        r = tapper.request("POST", "/pos/token/", {"csrf_token": tapper.csrf("/pos/")})
        self.assertEqual(r.status, 200, r.text[:300])
        self.assertEqual(r.getheader("Cache-Control"), "no-store")
        tokens = json.loads(r.text)
        self.assertEqual(tokens["user"]["username"], "pos-tapper")
        self.assertIsNotNone(tokens["user"]["personel"])
        api = self.server.request("GET", "/api/reports/", token=tokens["access"])
        self.assertEqual(api.status, 200)
        refreshed = self.server.request("POST", "/api/login/refresh/",
                                        {"refresh": tokens["refresh"]})
        self.assertEqual(refreshed.status, 200)
        member = self.browsers["member"]
        r = member.request("POST", "/pos/token/", {"csrf_token": member.csrf("/home/")})
        self.assertEqual(r.status, 403)


if __name__ == "__main__":
    unittest.main()
