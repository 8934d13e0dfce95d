"""Black-box tests of /manage/users/ and /manage/groups/ (issue 9 item 1, WEB.md §2): only
manage_users (superusers by default) may open or change them (Bestuur and Kascommissie 403),
CSRF, creating a user with a holder, search and export, the edit form (deactivating ends the
user's website sessions and API tokens at once), setting a password, the last superuser and
one's own manage_users refused beside the field, groups with their permission grid (a grant
reaches the website and the API at once), and the audit entries of every change."""
import re
import unittest

from harness import MamonServer
from test_web_foundation import Browser, add_users, logged_in_browsers

USERS = {  # username → (groups, personnel, superuser)
    "member": ((), None, False),
    "kas": (("Kascommissie",), None, False),
    "bestuur": (("Bestuur",), None, False),
    "root": ((), None, True),
    "leaver": ((), "Leaver", False),
    "reader": (("mu-Readers",), None, False),
}


def location_id(response, prefix):
    match = re.match(re.escape(prefix) + r"(\d+)/$", response.getheader("Location") or "")
    assert match, (response.status, response.getheader("Location"), response.text[:400])
    return int(match.group(1))


class ManageUsers(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer()
        add_users(cls.server, USERS, "mu-")
        cls.server.start()
        cls.browsers = logged_in_browsers(cls.server, USERS, "mu-")
        cls.root = cls.browsers["root"]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def user_id(self, username):
        r = self.root.request("GET", "/manage/users/?search=" + username)
        self.assertEqual(r.status, 200)
        match = re.search(r'href="/manage/users/(\d+)/">' + re.escape(username) + "<", r.text)
        self.assertTrue(match, r.text[:2000])
        return int(match.group(1))

    def post(self, path, fields):
        """POSTs `fields` (a dict or a list of pairs) with the CSRF token of `path`'s form."""
        pairs = list(fields.items()) if isinstance(fields, dict) else list(fields)
        return self.root.request("POST", path, [("csrf_token", self.root.csrf(path))] + pairs)

    def test_permissions_and_csrf(self):
        gets = ["/manage/users/", "/manage/users/new/", "/manage/groups/",
                "/manage/groups/new/", "/manage/groups/0/",
                f"/manage/users/{self.user_id('mu-member')}/"]
        for name in ("member", "kas", "bestuur"):
            b = self.browsers[name]
            for path in gets:
                r = b.request("GET", path)
                self.assertEqual(r.status, 403, (name, path))
                self.assertIn("manage_users", r.text)
            token = b.csrf("/home/")
            for path, form in (("/manage/users/new/", {"username": "mu-x"}),
                               ("/manage/groups/new/", {"name": "mu-x"}),
                               ("/manage/groups/0/permissions/", {"permission": "sell"})):
                r = b.request("POST", path, dict(form, csrf_token=token))
                self.assertEqual(r.status, 403, (name, path))
        for path in gets:
            self.assertEqual(self.root.request("GET", path).status, 200, path)
        # Management tabs: Users and Groups for the superuser only.
        self.assertIn('href="/manage/users/"', self.root.request("GET", "/manage/groups/").text)
        self.assertNotIn('href="/manage/users/"',
                         self.browsers["bestuur"].request("GET", "/manage/products/").text)
        r = self.root.request("POST", "/manage/users/new/", {"username": "mu-nocsrf"})
        self.assertEqual(r.status, 403)
        self.assertEqual(self.root.request("GET", "/manage/users/987654/").status, 404)
        self.assertEqual(self.root.request("GET", "/manage/groups/987654/").status, 404)

    def test_create_search_export_and_refusals(self):
        groups = self.root.request("GET", "/manage/users/new/").text
        board_id = re.search(r'name="groups" value="(\d+)"[^>]*> Bestuur<', groups).group(1)
        r = self.post("/manage/users/new/", [
            ("username", "mu-made"), ("first_name", "Made"), ("last_name", "Here"),
            ("email", "made@example.org"), ("password", "a fine password"),
            ("groups", board_id), ("ledenbase_id", "4242")])
        self.assertEqual(r.status, 303, r.text[:500])
        made = location_id(r, "/manage/users/")
        page = self.root.request("GET", f"/manage/users/{made}/").text
        self.assertIn('value="made@example.org"', page)
        self.assertIn('value="4242"', page)
        self.assertRegex(page, rf'value="{board_id}" checked')
        # A user with a holder (its wallet linked from the page) who logs in with the password.
        self.assertRegex(page, r'href="/board/holders/\d+/"')
        self.assertIn("access", self.server.login("mu-made", "a fine password"))

        listing = self.root.request("GET", "/manage/users/?search=made%40example").text
        self.assertIn(">mu-made<", listing)
        self.assertNotIn(">mu-member<", listing)
        csv = self.root.request("GET", "/manage/users/?search=mu-made&format=csv")
        self.assertEqual(csv.status, 200)
        self.assertIn("attachment", csv.getheader("Content-Disposition"))
        self.assertIn("mu-made", csv.text)
        self.assertIn("4242", csv.text)
        self.assertNotIn("mu-member", csv.text)
        xlsx = self.root.request("GET", "/manage/users/?format=xlsx")
        self.assertEqual(xlsx.status, 200)
        self.assertTrue(xlsx.text.startswith("PK"))
        self.assertEqual(self.root.request("GET", "/manage/users/?format=pdf").status, 422)

        for fields, field in (({"username": "mu-made"}, "username"),
                              ({"username": ""}, "username"),
                              ({"username": "mu-other", "ledenbase_id": "12x"}, "ledenbase_id"),
                              ({"username": "mu-other", "ledenbase_id": "4242"}, "ledenbase_id"),
                              ({"username": "mu-other", "email": "no-at-sign"}, "email")):
            r = self.post("/manage/users/new/", fields)
            self.assertEqual(r.status, 422, (fields, r.text[:300]))
            self.assertIn(f'id="field-{field}-error"', r.text, fields)
            self.assertIn('value="' + fields["username"] + '"', r.text)  # kept as typed
        self.assertNotIn(">mu-other<", self.root.request("GET", "/manage/users/").text)

    def test_deactivating_ends_sessions_and_tokens_at_once(self):
        leaver = Browser(self.server)
        self.assertEqual(leaver.log_in("mu-leaver").status, 303)
        tokens = self.server.login("mu-leaver")
        self.assertEqual(self.server.request("GET", "/api/reports/",
                                             token=tokens["access"]).status, 200)
        uid = self.user_id("mu-leaver")
        r = self.post(f"/manage/users/{uid}/", {"first_name": "Mu-leaver", "last_name": "Test"})
        self.assertEqual(r.status, 303, r.text[:500])  # "is_active" unchecked
        # The website session is gone, the access token refused, the refresh token revoked.
        self.assertEqual(leaver.request("GET", "/home/").status, 303)
        self.assertEqual(self.server.request("GET", "/api/reports/",
                                             token=tokens["access"]).status, 401)
        r = self.server.request("POST", "/api/login/refresh/", {"refresh": tokens["refresh"]})
        self.assertEqual(r.status, 401)
        self.assertIn('<span class="tag">inactief</span>',
                      self.root.request("GET", "/manage/users/?search=mu-leaver").text)
        # Saving the same form again changes nothing.
        r = self.post(f"/manage/users/{uid}/", {"first_name": "Mu-leaver", "last_name": "Test"})
        self.assertEqual(r.status, 303)

    def test_set_password(self):
        uid = self.user_id("mu-member")
        r = self.post(f"/manage/users/{uid}/password/", {"password": ""})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-new-password-error"', r.text)
        r = self.post(f"/manage/users/{uid}/password/", {"password": "brand new secret"})
        self.assertEqual(r.status, 303)
        self.assertIn("access", self.server.login("mu-member", "brand new secret"))

    def test_last_superuser_and_own_manage_users(self):
        me = self.user_id("mu-root")
        base = {"first_name": "Mu-root", "last_name": "Test", "is_active": "1"}
        r = self.post(f"/manage/users/{me}/", base)  # superuser unchecked: the last one
        self.assertEqual(r.status, 422, r.text[:300])
        self.assertIn('id="field-is_superuser-error"', r.text)
        self.assertIn("laatste actieve superuser", r.text)
        r = self.post(f"/manage/users/{me}/",
                      {"first_name": "Mu-root", "last_name": "Test", "is_superuser": "1"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-is_active-error"', r.text)
        # With a second superuser, the last-superuser rule no longer applies, but nobody takes
        # their own manage_users.
        r = self.post("/manage/users/new/", {"username": "mu-root2", "is_superuser": "1"})
        self.assertEqual(r.status, 303, r.text[:300])
        r = self.post(f"/manage/users/{me}/", base)
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-is_superuser-error"', r.text)
        self.assertIn("eigen bevoegdheid", r.text)
        self.assertIn(">mu-root<", self.root.request("GET", "/manage/users/?search=mu-root").text)

    def test_groups_grid_reaches_the_website_and_api_at_once(self):
        r = self.post("/manage/groups/new/", {"name": "mu-Tappers"})
        self.assertEqual(r.status, 303, r.text[:300])
        group = location_id(r, "/manage/groups/")
        r = self.post("/manage/groups/new/", {"name": "mu-Tappers"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-name-error"', r.text)
        r = self.post(f"/manage/groups/{group}/", {"name": "mu-Tappers 2"})
        self.assertEqual(r.status, 303)
        self.assertIn("mu-Tappers 2", self.root.request("GET", "/manage/groups/").text)
        r = self.post(f"/manage/groups/{group}/", {"name": "  "})
        self.assertEqual(r.status, 422)

        page = self.root.request("GET", "/manage/groups/").text
        readers = int(re.search(r'href="/manage/groups/(\d+)/">mu-Readers<', page).group(1))
        reader = self.browsers["reader"]
        tokens = self.server.login("mu-reader")
        self.assertEqual(reader.request("GET", "/board/").status, 403)
        self.assertEqual(self.server.request("GET", "/api/reports/",
                                             token=tokens["access"]).status, 403)
        # The API caches the principal: load it before the grant.
        r = self.post(f"/manage/groups/{readers}/permissions/",
                      [("permission", "view_reports"), ("permission", "view_sales")])
        self.assertEqual(r.status, 303, r.text[:300])
        detail = self.root.request("GET", f"/manage/groups/{readers}/").text
        self.assertIn('value="view_reports" checked', detail)
        self.assertIn(">mu-reader<", detail.replace("Mu-reader Test", "mu-reader"))
        self.assertEqual(reader.request("GET", "/board/").status, 200)
        self.assertEqual(self.server.request("GET", "/api/reports/",
                                             token=tokens["access"]).status, 200)
        r = self.post(f"/manage/groups/{readers}/permissions/", [("permission", "no_such")])
        self.assertEqual(r.status, 422)
        # Personnel is built in: its grid opens, its name is not changed.
        self.assertIn('value="sell" checked', self.root.request("GET", "/manage/groups/0/").text)
        self.assertEqual(self.post("/manage/groups/0/", {"name": "Other"}).status, 409)

    def test_changes_are_in_the_audit_log(self):
        self.post("/manage/groups/new/", {"name": "mu-Audited"})
        uid = self.user_id("mu-kas")
        self.post(f"/manage/users/{uid}/password/", {"password": "audited password"})
        log = self.root.request("GET", "/manage/audit/?object_type=group").text
        self.assertIn("create_group", log)
        log = self.root.request("GET", f"/manage/audit/?object_type=user&object_id={uid}").text
        self.assertIn("set_password", log)
        self.assertNotIn("audited password", log)
        # Users the CLI made (the test's set-up) are audited too, without a user.
        log = self.root.request("GET", "/manage/audit/?action=create_user").text
        self.assertIn("create_user", log)
        self.assertIn("mu-leaver", log)


if __name__ == "__main__":
    unittest.main()
