"""Black-box tests of /manage/personnel/ (issue 9 item 2): only manage_personnel (Bestuur,
superusers) may open or change it (Kascommissie 403), CSRF, a user is made bar staff, and a
deactivated staff member is refused by the API on the next request (the page forgets the
principal this instance cached)."""
import re
import unittest

from harness import MamonServer
from test_web_foundation import add_users, logged_in_browsers

USERS = {  # username → (groups, personnel, superuser)
    "member": ((), None, False),
    "kas": (("Kascommissie",), None, False),
    "bestuur": (("Bestuur",), None, False),
}


class ManagePersonnel(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer()
        add_users(cls.server, USERS, "mp-")
        cls.server.add_user("mp-new")
        cls.server.start()
        cls.browsers = logged_in_browsers(cls.server, USERS, "mp-")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_permissions_and_csrf(self):
        for name in ("member", "kas"):
            b = self.browsers[name]
            for path in ("/manage/personnel/", "/manage/personnel/new/"):
                r = b.request("GET", path)
                self.assertEqual(r.status, 403, (name, path))
                self.assertIn("manage_personnel", r.text)
            r = b.request("POST", "/manage/personnel/new/",
                          {"csrf_token": b.csrf("/home/"), "username": "mp-member",
                           "nickname": "x"})
            self.assertEqual(r.status, 403)
        board = self.browsers["bestuur"]
        self.assertEqual(board.request("GET", "/manage/personnel/").status, 200)
        r = board.request("POST", "/manage/personnel/new/", {"username": "mp-kas", "nickname": "k"})
        self.assertEqual(r.status, 403)  # no CSRF token
        r = board.request("POST", "/manage/personnel/new/",
                          {"csrf_token": board.csrf("/manage/personnel/new/"),
                           "username": "nobody-here", "nickname": "k"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-user-error"', r.text)

    def test_a_deactivated_staff_member_is_refused_by_the_api(self):
        token = self.server.login("mp-new")["access"]
        self.assertEqual(self.server.request("GET", "/api/reports/", token=token).status, 403)
        board = self.browsers["bestuur"]
        r = board.request("POST", "/manage/personnel/new/",
                          {"csrf_token": board.csrf("/manage/personnel/new/"),
                           "username": "mp-new", "nickname": "Nieuw"})
        self.assertEqual(r.status, 303, r.text[:300])
        href = re.match(r"(/manage/personnel/\d+/)", r.getheader("Location")).group(1)
        # Personnel now: the bar app's lists open (view_sales) at once.
        self.assertEqual(self.server.request("GET", "/api/reports/", token=token).status, 200)
        r = board.request("POST", href, {"csrf_token": board.csrf(href), "nickname": "Nieuw"})
        self.assertEqual(r.status, 303, r.text[:300])  # "active" unchecked
        self.assertEqual(self.server.request("GET", "/api/reports/", token=token).status, 403)
        self.assertIn("niet actief", board.request("GET", "/manage/personnel/").text)


if __name__ == "__main__":
    unittest.main()
