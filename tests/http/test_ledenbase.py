"""The ledenbase login (DESIGN.md §8, docs/ledenbase.md) through the real `mamon serve`, against a
fake ledenbase on loopback (fake_ledenbase.py): new, returning and renamed members on the API and
the website, wrong passwords, a ledenbase that is down or too slow (503 while local accounts keep
working), a holder linked to another member (409), LEDENBASE_ADMINS, and no secret in the log."""
import time
import unittest

from fake_ledenbase import TOKEN, FakeLedenbase
from harness import PASSWORD, ApiTestCase, MamonServer
from test_web_foundation import Browser

REQUEST_TIMEOUT_S = 5  # limits.h kLedenbaseRequestTimeoutSeconds


def member(id, voornaam="Jan", tussenvoegsel="van der", achternaam="Berg", admin=False):
    return {"id": id, "voornaam": voornaam, "tussenvoegsel": tussenvoegsel,
            "achternaam": achternaam, "foto": f"https://leden.example/foto/{id}.jpg",
            "is_administrator": admin, "email": "ignored@example.org"}


class LedenbaseLogin(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.ledenbase = FakeLedenbase().start()
        try:
            cls.server = MamonServer({"LEDENBASE_URL": cls.ledenbase.url + "/",
                                      "LEDENBASE_TOKEN": TOKEN})
            cls.server.add_user("local")  # a local password: never asks the ledenbase
            cls.server.start()
        except BaseException:
            cls.ledenbase.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            log = cls.server.read_log()
            cls.server.stop()
        finally:
            cls.ledenbase.stop()
        # Neither the ledenbase token nor any password reaches the log.
        for secret in (TOKEN, "ledenbase pw", "wrong pw", PASSWORD):
            assert secret not in log, f"{secret!r} is in the server log"

    def setUp(self):
        self.ledenbase.behave()

    def login(self, username, password):
        return self.server.request("POST", "/api/login/",
                                   {"username": username, "password": password})

    def test_a_new_member_is_created_with_holder_from_the_ledenbase(self):
        self.ledenbase.add("lb_new", "ledenbase pw", **member(101))
        r = self.login("lb_new", "ledenbase pw")
        self.assertEqual(r.status, 200, r)
        user = r.json["user"]
        self.assertEqual(user["username"], "lb_new")
        self.assertEqual(user["first_name"], "Jan")
        self.assertEqual(user["last_name"], "van der Berg")
        self.assertEqual(user["image_url"], "https://leden.example/foto/101.jpg")
        self.assertEqual(user["roles"], [])  # LEDENBASE_ADMINS unset: none
        holder = self.server.request("GET", f"/api/holders/{user['holder']}/",
                                     token=r.json["access"])
        self.assertEqual(holder.status, 200, holder)
        self.assertEqual(holder.json["ledenbase_id"], 101)
        self.assertEqual(holder.json["stand"], 0)
        # What the ledenbase was sent: our token, the member's own credentials.
        method, path, headers, body = self.ledenbase.logins()[-1]
        self.assertEqual(path, "/api/login/")
        self.assertEqual(headers["Authorization"], TOKEN)
        self.assertEqual(body, {"username": "lb_new", "password": "ledenbase pw"})

    def test_a_returning_member_keeps_their_account_and_gets_new_names(self):
        self.ledenbase.add("lb_back", "ledenbase pw", **member(102))
        first = self.login("lb_back", "ledenbase pw").json["user"]
        self.ledenbase.add("lb_back", "ledenbase pw",
                           **member(102, tussenvoegsel=None, achternaam="Jansen"))
        again = self.login("lb_back", "ledenbase pw")
        self.assertEqual(again.status, 200, again)
        self.assertEqual(again.json["user"]["id"], first["id"])
        self.assertEqual(again.json["user"]["holder"], first["holder"])
        self.assertEqual(again.json["user"]["last_name"], "Jansen")

    def test_a_renamed_member_is_found_by_ledenbase_id(self):
        self.ledenbase.add("lb_old_name", "ledenbase pw", **member(103))
        first = self.login("lb_old_name", "ledenbase pw").json["user"]
        self.ledenbase.remove("lb_old_name")
        self.ledenbase.add("lb_new_name", "ledenbase pw", **member(103))
        renamed = self.login("lb_new_name", "ledenbase pw")
        self.assertEqual(renamed.status, 200, renamed)
        self.assertEqual(renamed.json["user"]["id"], first["id"])
        self.assertEqual(renamed.json["user"]["username"], "lb_new_name")
        self.assertEqual(self.login("lb_old_name", "ledenbase pw").status, 401)

    def test_an_imported_member_without_password_logs_in_through_the_ledenbase(self):
        self.server.cli("adduser", "lb_imported", "--ledenbase-id", "104")
        self.ledenbase.add("lb_imported", "ledenbase pw", **member(104, voornaam="Piet"))
        r = self.login("lb_imported", "ledenbase pw")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["user"]["first_name"], "Piet")

    def test_a_holder_linked_to_another_member_is_a_conflict(self):
        self.server.cli("adduser", "lb_linked", "--ledenbase-id", "105")
        self.ledenbase.add("lb_linked", "ledenbase pw", **member(999))
        r = self.login("lb_linked", "ledenbase pw")
        self.assertError(r, 409, "conflict")
        self.assertIn("another ledenbase member", r.json["detail"])

    def test_a_wrong_password_is_401(self):
        self.ledenbase.add("lb_wrong", "ledenbase pw", **member(106))
        self.assertError(self.login("lb_wrong", "wrong pw"), 401, "invalid_credentials")
        self.assertError(self.login("lb_nobody", "wrong pw"), 401, "invalid_credentials")

    def test_a_local_account_never_asks_the_ledenbase(self):
        before = len(self.ledenbase.logins())
        self.assertEqual(self.login("local", PASSWORD).status, 200)
        self.assertEqual(self.login("local", "wrong pw").status, 401)
        self.assertEqual(len(self.ledenbase.logins()), before)

    def test_a_broken_ledenbase_is_503_while_local_accounts_log_in(self):
        self.ledenbase.add("lb_down", "ledenbase pw", **member(107))
        self.ledenbase.behave(fail_status=500)
        r = self.login("lb_down", "ledenbase pw")
        self.assertError(r, 503, "unavailable")
        self.assertIn("ledenbase", r.json["detail"])
        self.assertEqual(self.login("local", PASSWORD).status, 200)

    def test_a_slow_ledenbase_is_503_after_the_timeout(self):
        self.ledenbase.add("lb_slow", "ledenbase pw", **member(108))
        self.ledenbase.behave(delay_s=REQUEST_TIMEOUT_S + 2)
        started = time.monotonic()
        r = self.login("lb_slow", "ledenbase pw")
        took = time.monotonic() - started
        self.assertError(r, 503, "unavailable")
        self.assertIn("ledenbase", r.json["detail"])
        self.assertLess(took, REQUEST_TIMEOUT_S + 1.5)
        # Meanwhile and afterwards local accounts log in at once.
        started = time.monotonic()
        self.assertEqual(self.login("local", PASSWORD).status, 200)
        self.assertLess(time.monotonic() - started, 2)

    def test_the_website_logs_members_in_through_the_ledenbase(self):
        self.ledenbase.add("lb_web", "ledenbase pw", **member(109))
        b = Browser(self.server)
        r = b.log_in("lb_web", "ledenbase pw")
        self.assertEqual(r.status, 303, r.text[:500])
        self.assertIn("mamon_session", b.cookies)
        home = b.request("GET", "/home/")
        self.assertEqual(home.status, 200)
        self.assertIn("Jan van der Berg", home.text)

    def test_the_website_says_the_ledenbase_is_down_on_the_form(self):
        self.ledenbase.add("lb_web_down", "ledenbase pw", **member(110))
        self.ledenbase.behave(fail_status=502)
        b = Browser(self.server)
        r = b.log_in("lb_web_down", "ledenbase pw")
        self.assertEqual(r.status, 503)
        self.assertIn("ledenbase reageert niet", r.text)
        self.assertIn('value="lb_web_down"', r.text)
        self.assertNotIn("mamon_session", b.cookies)
        self.assertEqual(Browser(self.server).log_in("local").status, 303)


class LedenbaseAdmins(ApiTestCase):
    def test_a_group_that_does_not_exist_stops_the_server_at_start(self):
        server = MamonServer({"LEDENBASE_URL": "http://127.0.0.1:9/api",
                              "LEDENBASE_TOKEN": TOKEN, "LEDENBASE_ADMINS": "Bestuurr"})
        try:
            with self.assertRaises(AssertionError) as failed:
                server.start()
            self.assertIn("LEDENBASE_ADMINS", str(failed.exception))
            self.assertIn("'Bestuurr', which does not exist", str(failed.exception))
        finally:
            server.stop(check_ledger=False)

    def test_administrators_join_the_named_group(self):
        ledenbase = FakeLedenbase().start()
        server = MamonServer({"LEDENBASE_URL": ledenbase.url, "LEDENBASE_TOKEN": TOKEN,
                              "LEDENBASE_ADMINS": "Bestuur"})
        try:
            server.start()
            ledenbase.add("lb_admin", "ledenbase pw", **member(201, admin=True))
            ledenbase.add("lb_member", "ledenbase pw", **member(202))
            admin = server.request("POST", "/api/login/",
                                   {"username": "lb_admin", "password": "ledenbase pw"})
            self.assertEqual(admin.status, 200, admin)
            self.assertEqual(admin.json["user"]["roles"], ["Bestuur"])
            plain = server.request("POST", "/api/login/",
                                   {"username": "lb_member", "password": "ledenbase pw"})
            self.assertEqual(plain.json["user"]["roles"], [])
        finally:
            try:
                server.stop()
            finally:
                ledenbase.stop()


if __name__ == "__main__":
    unittest.main()
