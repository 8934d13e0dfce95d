"""The website's permission matrix (issue 8, WEB.md §3): EVERY web route, for every kind of user.

The routes are read from the page handlers' add_page() calls in src/http/web/*.cc, so a page added
without a row in ROUTES fails test_every_web_route_is_in_the_matrix. For each GET route:
anonymous → 303 to /login/?next=<the path> (public pages: 200); a plain member and bar staff →
403 on board pages, naming the missing permission; Kascommissie and Bestuur → 200 on every board
page (Kascommissie reads everything; part 1 has no board action that changes anything); every
logged-in user → 200 on the member pages. Every POST route refuses a request without a CSRF
token with 403, and the board routes refuse a GET's POST counterpart from a member too.
Runs on the imported starterDATA, so every {id} names a real object."""
import base64
import json
import os
import pathlib
import re
import unittest

from harness import MamonServer
from test_web_foundation import Browser, add_users, logged_in_browsers

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = pathlib.Path(os.environ.get("MAMON_FIXTURES_DIR", ROOT.parent / "shared" / "fixtures"))

PUBLIC, MEMBER, BOARD = "public", "member", "board"
# pattern → who may open it (GET). {id}s are filled from the data in setUpClass.
ROUTES = {
    "/": PUBLIC,
    "/login": PUBLIC,
    "/home": MEMBER,
    "/products": MEMBER,
    "/topup": MEMBER,
    "/cards": MEMBER,
    "/profile": MEMBER,
    "/board": BOARD,
    "/board/daily": BOARD,
    "/board/cycles": BOARD,
    "/board/cycles/{id}": BOARD,
    "/board/purchases": BOARD,
    "/board/purchases/{id}": BOARD,
    "/board/holders": BOARD,
    "/board/holders/{id}": BOARD,
    "/board/products/{id}": BOARD,
    # Management pages: (MANAGE, the permission they need, the users who have it).
    "/manage/products": ("manage", "manage_products", {"bestuur", "root"}),
    "/manage/products/new": ("manage", "manage_products", {"bestuur", "root"}),
    "/manage/products/{id}": ("manage", "manage_products", {"bestuur", "root"}),
    "/manage/categories": ("manage", "manage_products", {"bestuur", "root"}),
    "/manage/categories/new": ("manage", "manage_products", {"bestuur", "root"}),
    "/manage/categories/{id}": ("manage", "manage_products", {"bestuur", "root"}),
    # Meals (issue 10 item 3).
    "/meals": MEMBER,
    "/manage/meals": ("manage", "manage_meals", {"bestuur", "root"}),
    "/manage/meals/new": ("manage", "manage_meals", {"bestuur", "root"}),
    "/manage/meals/{id}": ("manage", "manage_meals", {"bestuur", "root"}),
    "/manage/stock": ("manage", "manage_stock", {"bestuur", "root"}),
    "/manage/stock/new": ("manage", "manage_stock", {"bestuur", "root"}),
    "/manage/stock/{id}": ("manage", "manage_stock", {"bestuur", "root"}),
    # The audit log is read-only: Kascommissie reads it too.
    "/manage/audit": ("manage", "view_audit_log", {"kas", "bestuur", "root"}),
    "/manage/personnel": ("manage", "manage_personnel", {"bestuur", "root"}),
    "/manage/personnel/new": ("manage", "manage_personnel", {"bestuur", "root"}),
    "/manage/personnel/{id}": ("manage", "manage_personnel", {"bestuur", "root"}),
    "/manage/clients": ("manage", "manage_clients", {"root"}),
    "/manage/users": ("manage", "manage_users", {"root"}),
    "/manage/users/new": ("manage", "manage_users", {"root"}),
    "/manage/users/{id}": ("manage", "manage_users", {"root"}),
    "/manage/groups": ("manage", "manage_users", {"root"}),
    "/manage/groups/new": ("manage", "manage_users", {"root"}),
    "/manage/groups/{id}": ("manage", "manage_users", {"root"}),
    "/manage/clients/new": ("manage", "manage_clients", {"root"}),
    "/manage/clients/{id}": ("manage", "manage_clients", {"root"}),
}
# Board POST actions (issue 9 items 3 and 7): pattern → the permission whose absence the 403 page
# names. Every POST route under /board/ needs a row; Kascommissie changes nothing.
BOARD_POSTS = {
    "/board/holders/{id}/top-up": "top_up",
    "/board/holders/{id}/refund": "refund",
    "/board/holders/{id}/correction": "manage_users",
    "/board/holders/{id}/credit-floor": "manage_users",
    "/board/holders/{id}/link-card": "link_cards",
    "/board/holders/{id}/unlink-card": "link_cards",
    "/board/holders/{id}/block-card": "link_cards",
    "/board/holders/{id}/unblock-card": "link_cards",
    "/board/holders/{id}/card-lost": "link_cards",
    "/board/purchases/{id}/void": "void_purchase",
}
# GET routes whose parameter is not an object of ours to pick: tested by their own suites
# (test_web_member.py: someone else's return identifier is a 404 page).
# /pos/ needs sell and an active staff record (tests/http/test_pos.py).
SPECIAL = {"/topup/return/{identifier:str}": MEMBER, "/pos": MEMBER}
USERS = {  # username → (groups, personnel, superuser)
    "member": ((), None, False),
    "tapper": (("Tapper",), "tapper", False),
    "kas": (("Kascommissie",), None, False),
    "bestuur": (("Bestuur",), None, False),
    "root": ((), None, True),
}
BOARD_OK = {"kas", "bestuur", "root"}


def personnel_id_of(access_token):
    """The personel_id claim of an access token (its payload is plain base64url JSON)."""
    payload = access_token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["personel_id"]


def registered_routes():
    """(method, pattern) of every add_page() call in the web's page handlers."""
    found = set()
    call = re.compile(r'add_page\(\s*router,\s*site,\s*Method::k(\w+),\s*"([^"]+)"', re.S)
    for source in sorted((ROOT / "src" / "http" / "web").glob("*.cc")):
        for method, pattern in call.findall(source.read_text()):
            found.add((method.upper(), pattern.rstrip("/") or "/"))
    return found


class WebPermissionMatrix(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer()
        cls.server.cli("loaddata", str(FIXTURES / "starterDATA.json"))
        add_users(cls.server, USERS, "perm-")
        created = cls.server.cli("clientapp", "create", "--name", "Matrix site", "--user",
                                 "perm-member", "--path", "/api/products/")
        client_id = int(re.search(r"created client application (\d+)", created.stdout).group(1))
        cls.server.start()
        root = cls.server.login("perm-root")["access"]
        # The starter data has no stock item: the board makes one.
        maker = Browser(cls.server)
        assert maker.log_in("perm-root").status == 303
        made = maker.request("POST", "/manage/stock/new/", {
            "csrf_token": maker.csrf("/manage/stock/new/"), "name": "Fust", "unit": "liters"})
        assert made.status == 303, (made.status, made.text[:300])

        def first(path):
            body = cls.server.request("GET", path, token=root).json
            items = body["results"] if isinstance(body, dict) else body
            return items[0]["id"]

        cls.ids = {
            "/board/cycles/{id}": first("/api/barcycles/"),
            "/board/purchases/{id}": first("/api/purchases/"),
            "/board/holders/{id}": first("/api/holders/"),
            "/board/products/{id}": first("/api/products/"),
            "/manage/products/{id}": first("/api/products/"),
            "/manage/categories/{id}": first("/api/categories/"),
            "/manage/stock/{id}": first("/api/stock/"),
            "/manage/clients/{id}": client_id,
            "/manage/personnel/{id}": personnel_id_of(cls.server.login("perm-tapper")["access"]),
            "/manage/users/{id}": cls.server.login("perm-member")["user"]["id"],
        }
        meal = cls.server.request("POST", "/api/happen/", {
            "title": "Stamppot", "date": "2026-01-02T19:00:00+01:00",
            "opening_date": "2026-01-01T09:00:00+01:00",
            "closing_date": "2026-01-02T12:00:00+01:00", "cost": 3.5}, token=root).json
        cls.ids["/manage/meals/{id}"] = meal["id"]
        cls.browsers = logged_in_browsers(cls.server, USERS, "perm-")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def path_of(self, pattern):
        path = pattern.replace("{id}", str(self.ids.get(pattern, 0)))
        return path if path == "/" else path + "/"

    def test_every_web_route_is_in_the_matrix(self):
        gets = {p for m, p in registered_routes() if m == "GET"}
        missing = sorted(gets - set(ROUTES) - set(SPECIAL))
        self.assertEqual(missing, [], "web GET routes without a row in ROUTES")
        gone = sorted(set(ROUTES) - gets)
        self.assertEqual(gone, [], "rows in ROUTES for routes that do not exist")

    def test_anonymous(self):
        for pattern, access in ROUTES.items():
            path = self.path_of(pattern)
            with self.subTest(path=path):
                r = Browser(self.server).request("GET", path)
                if access == PUBLIC:
                    self.assertEqual(r.status, 200)
                else:
                    self.assertEqual(r.status, 303)
                    self.assertTrue(r.getheader("Location").startswith("/login/?next="),
                                    r.getheader("Location"))

    def test_logged_in_users(self):
        for name, browser in self.browsers.items():
            for pattern, access in ROUTES.items():
                path = self.path_of(pattern)
                with self.subTest(user=name, path=path):
                    r = browser.request("GET", path)
                    if isinstance(access, tuple) and name not in access[2]:
                        self.assertEqual(r.status, 403, r.text[:300])
                        self.assertIn(access[1], r.text)
                    elif access == BOARD and name not in BOARD_OK:
                        self.assertEqual(r.status, 403, r.text[:300])
                        self.assertIn("view_reports", r.text)
                        self.assertTrue(r.getheader("Content-Type").startswith("text/html"))
                    elif pattern == "/login":
                        self.assertIn(r.status, (200, 303))
                    else:
                        self.assertEqual(r.status, 200, r.text[:300])

    def test_every_post_route_refuses_a_missing_csrf_token(self):
        browser = self.browsers["root"]
        posts = sorted(p for m, p in registered_routes() if m == "POST")
        self.assertIn("/logout", posts)
        for pattern in posts:
            path = re.sub(r"\{[^}]*\}", "1", pattern) + "/"
            with self.subTest(path=path):
                r = browser.request("POST", path, form={"x": "1"})
                self.assertEqual(r.status, 403, r.text[:300])
        # Still logged in: none of those did anything.
        self.assertEqual(browser.request("GET", "/home/").status, 200)

    def test_board_posts_refuse_kascommissie_naming_the_permission(self):
        posts = {p for m, p in registered_routes() if m == "POST" and p.startswith("/board/")}
        self.assertEqual(sorted(posts - set(BOARD_POSTS)), [], "board POSTs without a row")
        self.assertEqual(sorted(set(BOARD_POSTS) - posts), [], "rows for POSTs that do not exist")
        browser = self.browsers["kas"]
        form = {"amount": "1", "method": "cash", "comment": "x", "reason": "x", "floor": "-1",
                "card_id": "abcd", "confirm": "1"}
        for pattern, permission in BOARD_POSTS.items():
            prefix = pattern.rsplit("/", 1)[0]
            path = pattern.replace("{id}", str(self.ids[prefix])) + "/"
            with self.subTest(path=path):
                r = browser.request("POST", path, form=dict(form, csrf_token=browser.csrf("/home/")))
                self.assertEqual(r.status, 403, r.text[:300])
                self.assertIn(permission, r.text)

    def test_navigation_shows_only_what_the_user_may_open(self):
        member = self.browsers["member"].request("GET", "/home/").text
        self.assertNotIn('href="/board/"', member)
        for name in BOARD_OK:
            self.assertIn('href="/board/"', self.browsers[name].request("GET", "/home/").text)


if __name__ == "__main__":
    unittest.main()
