"""The website's foundation (issue 8 item 1, WEB.md §1): the web route group, sessions, login and
logout, CSRF, open-redirect refusal, the shared login rate limit, security headers, HTML vs JSON
errors, the language switch, hashed assets and the password change. Cookies are handled by hand
over http.client (no redirects followed). Session lifetimes are tested by editing the session
row's timestamps in the test database (sqlite3 module / psql)."""
import http.client
import re
import sqlite3
import subprocess
import unittest
import urllib.parse

from harness import BACKEND, MamonServer, PASSWORD

SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}
IDLE_SECONDS = 3600          # limits.h kWebSessionIdleSeconds
ABSOLUTE_SECONDS = 12 * 3600  # limits.h kWebSessionAbsoluteSeconds
PAIR_MAX = 10                # limits.h kLoginFailuresPerPairMax


class Browser:
    """A cookie jar and http.client, one connection per request, from a loopback address."""

    def __init__(self, server, address="127.0.0.1"):
        self.server = server
        self.address = address
        self.cookies = {}

    def request(self, method, path, form=None, headers=None, origin=True):
        hdrs = dict(headers or {})
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            hdrs.setdefault("Content-Type", "application/x-www-form-urlencoded")
            if origin:
                hdrs.setdefault("Origin", self.server.base)
        if self.cookies:
            hdrs["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30,
                                          source_address=(self.address, 0))
        try:
            conn.request(method, path, body, hdrs)
            resp = conn.getresponse()
            raw = resp.read()
        finally:
            conn.close()
        set_cookies = resp.headers.get_all("Set-Cookie") or []
        for header in set_cookies:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        resp.text = raw.decode("utf-8", "replace")
        resp.set_cookies = set_cookies
        return resp

    def csrf(self, path="/"):
        page = self.request("GET", path)
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert match, page.text[:500]
        return match.group(1)

    def log_in(self, username, password=PASSWORD, next_path=None):
        form = {"csrf_token": self.csrf(), "username": username, "password": password}
        if next_path is not None:
            form["next"] = next_path
        return self.request("POST", "/login/", form)


def logged_in_browsers(server, usernames, prefix=""):
    """{name: Browser} with `prefix + name` logged in on the website (password PASSWORD)."""
    browsers = {}
    for name in usernames:
        b = Browser(server)
        r = b.log_in(prefix + name)
        assert r.status == 303, (name, r.status, r.text[:300])
        browsers[name] = b
    return browsers


def add_users(server, users, prefix=""):
    """Adds `prefix + name` for each {name: (groups, personnel nickname or None, superuser)}."""
    for name, (groups, personnel, superuser) in users.items():
        server.add_user(prefix + name, groups=groups, personnel=personnel, superuser=superuser)


class WebFoundation(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer()
        for name in ("anna", "bob", "carl", "dora", "erik", "fien"):
            cls.server.add_user(name)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def sql(self, statement):
        if BACKEND == "sqlite":
            path = self.server.db.url[len("sqlite:///"):]
            with sqlite3.connect(path) as db:
                db.execute(statement)
        else:
            subprocess.run(["psql", self.server.db.url, "-q", "-c", statement], check=True)

    def assertSecurityHeaders(self, r):
        for name, value in SECURITY_HEADERS.items():
            self.assertEqual(r.getheader(name), value, name)
        csp = r.getheader("Content-Security-Policy")
        self.assertIn("script-src 'self'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertIsNone(r.getheader("Access-Control-Allow-Origin"))

    # --- the route group ------------------------------------------------------------------------
    def test_html_404_for_web_paths_and_json_404_under_api(self):
        b = Browser(self.server)
        r = b.request("GET", "/nope/")
        self.assertEqual(r.status, 404)
        self.assertTrue(r.getheader("Content-Type").startswith("text/html"))
        self.assertIn("<html lang=\"nl\"", r.text)
        self.assertSecurityHeaders(r)
        r = b.request("GET", "/api/nope/", headers={"Origin": "http://x.example"})
        self.assertEqual(r.status, 404)
        self.assertEqual(r.getheader("Content-Type"), "application/json")
        self.assertIn('"code":"not_found"', r.text)
        self.assertEqual(r.getheader("Access-Control-Allow-Origin"), "*")
        self.assertIsNone(r.getheader("X-Frame-Options"))

    def test_security_headers_on_every_html_answer(self):
        b = Browser(self.server)
        for method, path in (("GET", "/"), ("GET", "/login/"), ("GET", "/profile/"),
                             ("GET", "/logout/"), ("GET", "/nope/")):
            r = b.request(method, path)
            self.assertSecurityHeaders(r)
        b.log_in("fien")
        for path in ("/", "/profile/", "/nope/"):
            self.assertSecurityHeaders(b.request("GET", path))

    def test_anonymous_is_sent_to_login_with_next(self):
        r = Browser(self.server).request("GET", "/profile/?tab=x")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.getheader("Location"), "/login/?next=/profile/%3Ftab%3Dx")

    def test_landing_page(self):
        b = Browser(self.server)
        r = b.request("GET", "/")
        self.assertEqual(r.status, 200)
        self.assertIn('href="/login/"', r.text)
        b.log_in("fien")
        self.assertIn('href="/home/"', b.request("GET", "/").text)

    # --- login, sessions, logout ----------------------------------------------------------------
    def test_login_failure_is_422_with_the_username_kept(self):
        b = Browser(self.server)
        r = b.log_in("anna", "wrong")
        self.assertEqual(r.status, 422)
        self.assertIn('value="anna"', r.text)
        self.assertIn("klopt niet", r.text)
        self.assertNotIn("mamon_session", b.cookies)

    def test_login_sets_a_rotated_session_cookie_with_flags(self):
        b = Browser(self.server)
        b.cookies["mamon_session"] = "a" * 64  # planted before login: never adopted
        r = b.log_in("anna", next_path="/profile/")
        self.assertEqual(r.status, 303)
        self.assertEqual(r.getheader("Location"), "/profile/")
        cookie = [c for c in r.set_cookies if c.startswith("mamon_session=")][0]
        for flag in ("HttpOnly", "SameSite=Lax", "Path=/"):
            self.assertIn(flag, cookie)
        self.assertNotIn("Secure", cookie)  # PUBLIC_URL is http here
        first = b.cookies["mamon_session"]
        self.assertNotEqual(first, "a" * 64)
        self.assertEqual(b.request("GET", "/profile/").status, 200)
        b.log_in("anna")
        self.assertNotEqual(b.cookies["mamon_session"], first)  # a new id at every login
        old = Browser(self.server)
        old.cookies["mamon_session"] = first
        self.assertEqual(old.request("GET", "/profile/").status, 303)  # the old one is gone

    def test_logout_by_post_only(self):
        b = Browser(self.server)
        b.log_in("bob")
        r = b.request("GET", "/logout/")
        self.assertEqual(r.status, 405)
        self.assertEqual(b.request("GET", "/profile/").status, 200)  # still logged in
        token = b.csrf("/profile/")
        session = b.cookies["mamon_session"]
        r = b.request("POST", "/logout/", {"csrf_token": token})
        self.assertEqual(r.status, 303)
        self.assertNotIn("mamon_session", b.cookies)
        again = Browser(self.server)
        again.cookies["mamon_session"] = session
        self.assertEqual(again.request("GET", "/profile/").status, 303)

    def test_idle_and_absolute_expiry(self):
        b = Browser(self.server)
        b.log_in("carl")
        self.assertEqual(b.request("GET", "/profile/").status, 200)
        self.sql("UPDATE web_sessions SET last_seen_at_us = last_seen_at_us - "
                 f"{(IDLE_SECONDS + 5) * 1000000} WHERE user_id = "
                 "(SELECT id FROM users WHERE username = 'carl')")
        r = b.request("GET", "/profile/")
        self.assertEqual(r.status, 303)
        self.assertTrue(r.getheader("Location").startswith("/login/?next="))
        b.log_in("carl")
        self.sql(f"UPDATE web_sessions SET expires_at_us = expires_at_us - "
                 f"{ABSOLUTE_SECONDS * 1000000} WHERE user_id = "
                 "(SELECT id FROM users WHERE username = 'carl')")
        self.assertEqual(b.request("GET", "/profile/").status, 303)

    def test_expired_session_on_post_goes_to_login_and_back(self):
        b = Browser(self.server)
        b.log_in("carl")
        token = b.csrf("/profile/")
        self.sql("DELETE FROM web_sessions WHERE user_id = "
                 "(SELECT id FROM users WHERE username = 'carl')")
        r = b.request("POST", "/profile/", {"csrf_token": token, "current_password": "x"})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.getheader("Location"), "/login/?next=/profile/")

    # --- CSRF and redirects ------------------------------------------------------------------------
    def test_csrf_refusals(self):
        b = Browser(self.server)
        token = b.csrf()
        form = {"username": "anna", "password": PASSWORD}
        r = b.request("POST", "/login/", form)  # no token
        self.assertEqual(r.status, 403)
        self.assertSecurityHeaders(r)
        self.assertEqual(b.request("POST", "/login/", {**form, "csrf_token": "x" + token}).status,
                         403)
        r = b.request("POST", "/login/", {**form, "csrf_token": token},
                      headers={"Origin": "https://evil.example"})
        self.assertEqual(r.status, 403)
        r = b.request("POST", "/login/", {**form, "csrf_token": token}, origin=False,
                      headers={"Referer": "https://evil.example/form"})
        self.assertEqual(r.status, 403)
        forged = Browser(self.server)  # a cookie the attacker made up: not signed by us
        forged.cookies["mamon_csrf"] = "0" * 64 + "." + "0" * 64
        self.assertEqual(forged.request("POST", "/login/", {**form, "csrf_token": "0" * 64 + "." +
                                                            "0" * 64}).status, 403)
        # Logged in: the session's token, not the pre-login one.
        b.log_in("anna")
        r = b.request("POST", "/profile/", {"csrf_token": token, "current_password": "x"})
        self.assertEqual(r.status, 403)
        # Scripts may send the header instead of the field.
        r = b.request("POST", "/language/", {"language": "nl", "next": "/"},
                      headers={"X-CSRF-Token": b.csrf("/profile/")})
        self.assertEqual(r.status, 303)

    def test_open_redirects_are_refused(self):
        for bad in ("//evil.example", "https://evil.example", "/\\evil.example", "evil",
                    "/%2F/evil.example"):
            b = Browser(self.server)
            r = b.log_in("dora", next_path=bad)
            self.assertEqual(r.status, 303, bad)
            self.assertEqual(r.getheader("Location"), "/home/", bad)
        b = Browser(self.server)
        self.assertEqual(b.log_in("dora", next_path="/profile/?a=1").getheader("Location"),
                         "/profile/?a=1")

    def test_too_many_failures_share_the_api_counters(self):
        address = "127.0.0.9"
        for _ in range(PAIR_MAX - 1):  # the API counts ...
            conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30,
                                              source_address=(address, 0))
            conn.request("POST", "/api/login/", '{"username": "erik", "password": "no"}',
                         {"Content-Type": "application/json"})
            self.assertEqual(conn.getresponse().status, 401)
            conn.close()
        b = Browser(self.server, address)
        self.assertEqual(b.log_in("erik", "no").status, 422)  # ... the tenth, on the web ...
        r = b.log_in("erik")  # ... and now even the right password waits
        self.assertEqual(r.status, 429)
        self.assertGreaterEqual(int(r.getheader("Retry-After")), 1)
        self.assertIn("seconden", r.text)

    # --- language ---------------------------------------------------------------------------------
    def test_language_from_accept_language_cookie_and_profile(self):
        b = Browser(self.server)
        r = b.request("GET", "/login/", headers={"Accept-Language": "en-GB,en;q=0.9,nl;q=0.5"})
        self.assertIn('<html lang="en"', r.text)
        self.assertIn("Log in", r.text)
        self.assertIn('<html lang="nl"', b.request("GET", "/login/").text)
        token = b.csrf()
        r = b.request("POST", "/language/", {"csrf_token": token, "language": "en",
                                              "next": "//evil.example"})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.getheader("Location"), "/")
        self.assertEqual(b.cookies.get("mamon_lang"), "en")
        self.assertIn('<html lang="en"', b.request("GET", "/login/").text)
        # Logged in, the choice is remembered on the user: a new browser gets it after login.
        b.log_in("dora")
        r = b.request("POST", "/language/", {"csrf_token": b.csrf("/profile/"), "language": "en",
                                              "next": "/profile/"})
        self.assertEqual(r.getheader("Location"), "/profile/")
        other = Browser(self.server)
        other.log_in("dora")
        self.assertIn('<html lang="en"', other.request("GET", "/profile/").text)

    # --- assets ----------------------------------------------------------------------------------
    def test_assets_have_hashed_urls_and_immutable_caching(self):
        page = Browser(self.server).request("GET", "/").text
        urls = re.findall(r'(?:href|src)="(/static/[0-9a-f]{16}/[^"]+)"', page)
        names = {u.rsplit("/", 1)[1] for u in urls}
        self.assertTrue({"bulma.min.css", "mamon.css", "mamon.js"} <= names, urls)
        for url in urls:
            r = Browser(self.server).request("GET", url)
            self.assertEqual(r.status, 200, url)
            self.assertEqual(r.getheader("Cache-Control"), "public, max-age=31536000, immutable")
            want = "text/css" if url.endswith(".css") else "text/javascript"
            self.assertTrue(r.getheader("Content-Type").startswith(want), url)
            self.assertIsNone(r.getheader("Set-Cookie"))
        bulma = [u for u in urls if u.endswith("bulma.min.css")][0]
        self.assertIn("bulma.io v0.9.4", Browser(self.server).request("GET", bulma).text[:200])
        stale = "/static/0000000000000000/mamon.css"
        self.assertEqual(Browser(self.server).request("GET", stale).status, 404)

    # --- profile: password change ------------------------------------------------------------------
    def test_password_change(self):
        self.server.add_user("gert")
        b = Browser(self.server)
        b.log_in("gert")
        other = Browser(self.server)
        other.log_in("gert")
        token = b.csrf("/profile/")
        r = b.request("POST", "/profile/", {"csrf_token": token, "current_password": "wrong",
                                             "new_password": "n3w-secret",
                                             "new_password2": "n3w-secret"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-current_password-error"', r.text)
        r = b.request("POST", "/profile/", {"csrf_token": token, "current_password": PASSWORD,
                                             "new_password": "n3w-secret",
                                             "new_password2": "other"})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-new_password2-error"', r.text)
        r = b.request("POST", "/profile/", {"csrf_token": token, "current_password": PASSWORD,
                                             "new_password": "n3w-secret",
                                             "new_password2": "n3w-secret"})
        self.assertEqual(r.status, 303)
        self.assertEqual(r.getheader("Location"), "/profile/")
        self.assertIn("gewijzigd", b.request("GET", "/profile/").text)  # the flash
        self.assertEqual(other.request("GET", "/profile/").status, 303)  # other sessions end
        self.assertEqual(Browser(self.server).log_in("gert").status, 422)
        self.assertEqual(Browser(self.server).log_in("gert", "n3w-secret").status, 303)
        r = self.server.request("POST", "/api/login/", {"username": "gert",
                                                        "password": "n3w-secret"})
        self.assertEqual(r.status, 200)


if __name__ == "__main__":
    unittest.main()
