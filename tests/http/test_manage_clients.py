"""Black-box tests of /manage/clients/ (issue 9 item 6) against the real `mamon serve`: the
permission matrix of every route and action (only manage_clients, i.e. superusers by default;
Kascommissie 403), CSRF, a pattern refused next to its field, the token shown once, a client
token 200 on an allowed path and 403 elsewhere (the stored paths decide, not the token's claim),
editing the paths, and 401 at once after revoking."""
import base64
import json
import re
import unittest

from harness import MamonServer
from test_web_foundation import add_users, logged_in_browsers

USERS = {  # username → (groups, personnel, superuser)
    "member": ((), None, False),
    "tapper": (("Tapper",), "tapper", False),
    "kas": (("Kascommissie",), None, False),
    "bestuur": (("Bestuur",), None, False),
    "root": ((), None, True),
}


def token_claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


class ManageClients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer()
        add_users(cls.server, USERS, "mc-")
        cls.server.add_user("mc-site")
        cls.server.start()
        cls.browsers = logged_in_browsers(cls.server, USERS, "mc-")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def api(self, path, token):
        return self.server.request("GET", path, headers={"Authorization": token})

    def create(self, name="Site", paths="/api/products/?"):
        root = self.browsers["root"]
        r = root.request("POST", "/manage/clients/new/",
                         {"csrf_token": root.csrf("/manage/clients/new/"), "name": name,
                          "user": "mc-site", "paths": paths})
        self.assertEqual(r.status, 200, r.text[:500])
        token = re.search(r'id="client-token"[^>]*>([^<]+)</textarea>', r.text).group(1).strip()
        href = re.search(r'href="(/manage/clients/\d+/)"', r.text).group(1)
        return token, href

    def test_only_manage_clients_may_open_or_act(self):
        _, href = self.create("Matrix")
        for name, browser in self.browsers.items():
            for path in ("/manage/clients/", "/manage/clients/new/", href):
                with self.subTest(user=name, path=path):
                    r = browser.request("GET", path)
                    if name == "root":
                        self.assertEqual(r.status, 200, r.text[:300])
                    else:
                        self.assertEqual(r.status, 403, r.text[:300])
                        self.assertIn("manage_clients", r.text)
            if name == "root":
                continue
            csrf = browser.csrf("/home/")
            for path, form in (("/manage/clients/new/", {"name": "X", "user": "mc-site",
                                                         "paths": "/api/"}),
                               (href, {"paths": "/api/"}), (href + "revoke/", {})):
                with self.subTest(user=name, post=path):
                    r = browser.request("POST", path, {"csrf_token": csrf, **form})
                    self.assertEqual(r.status, 403, r.text[:300])
        # Nothing was created, edited or revoked by them.
        listing = self.browsers["root"].request("GET", "/manage/clients/").text
        self.assertNotIn(">X<", listing)

    def test_posts_need_the_csrf_token(self):
        _, href = self.create("Csrf")
        root = self.browsers["root"]
        for path in ("/manage/clients/new/", href, href + "revoke/"):
            with self.subTest(path=path):
                r = root.request("POST", path, {"name": "Y", "user": "mc-site", "paths": "/x/"})
                self.assertEqual(r.status, 403, r.text[:300])
        # Not revoked: its revoke form is still there.
        self.assertIn(href + "revoke/", root.request("GET", href).text)

    def test_an_invalid_pattern_is_refused_next_to_its_field(self):
        root = self.browsers["root"]
        r = root.request("POST", "/manage/clients/new/",
                         {"csrf_token": root.csrf("/manage/clients/new/"), "name": "Bad",
                          "user": "mc-site", "paths": "/api/ok/\n(unclosed"})
        self.assertEqual(r.status, 422, r.text[:300])
        self.assertIn('id="field-paths-error"', r.text)
        self.assertIn("(unclosed", r.text)
        self.assertIn("/api/ok/", r.text)  # the input is kept
        r = root.request("POST", "/manage/clients/new/",
                         {"csrf_token": root.csrf("/manage/clients/new/"), "name": "Bad",
                          "user": "nobody-here", "paths": "/api/"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-user-error"', r.text)

    def test_token_works_on_stored_paths_only_and_stops_at_revoke(self):
        token, href = self.create("Flow", "/api/products/?")
        claims = token_claims(token)
        self.assertEqual(claims["PATHS"], ["/api/products/?"])
        self.assertEqual(self.api("/api/products/", token).status, 200)
        self.assertEqual(self.api("/api/holders/", token).status, 403)
        root = self.browsers["root"]
        detail = root.request("GET", href)
        self.assertIn(claims["IDENTIFIER"], detail.text)
        self.assertNotIn(token, detail.text)  # shown once: never again
        self.assertNotIn(token, root.request("GET", "/manage/clients/").text)
        # Editing the stored paths takes effect for the token already handed out.
        r = root.request("POST", href, {"csrf_token": root.csrf(href),
                                        "paths": "/api/products/?\n/api/holders/?"})
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertEqual(self.api("/api/holders/", token).status, 200)
        r = root.request("POST", href, {"csrf_token": root.csrf(href), "paths": "[bad"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-paths-error"', r.text)
        # The list shows the last use.
        listing = root.request("GET", "/manage/clients/").text
        row = listing[listing.index(">Flow<"):]
        row = row[:row.index("</tr>")]
        self.assertNotIn("nooit", row)  # Dutch, the default language: "never"
        self.assertIn("actief", row)
        # Revoked: 401 at once.
        r = root.request("POST", href + "revoke/", {"csrf_token": root.csrf(href)})
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertEqual(self.api("/api/products/", token).status, 401)


if __name__ == "__main__":
    unittest.main()
