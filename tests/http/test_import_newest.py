"""The newest schema's dump against the real server (issue 10, item 1).

`mamon loaddata` imports ../shared/fixtures/newest-schema-sample.json (with one user's password
replaced by a real Django pbkdf2 hash of a known password: the sample's hashes are of unknown
passwords), then:
  - that user logs in with the old password;
  - a client-application token minted the old way (HS256 with JWT_KEY, claims IDENTIFIER, PATHS,
    USER; PATHS as the old system split its `paths` text) works on an allowed path and gets 403
    elsewhere;
  - products show `units` in the stock's unit (0.25) and `master_stock` as a stock item's id;
  - `mamon check` is clean afterwards (MamonServer.stop).
"""
import base64
import hashlib
import hmac
import json
import os
import unittest

from harness import ApiTestCase, MamonServer

FIXTURES = os.environ.get("MAMON_FIXTURES_DIR") or os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "shared", "fixtures")
SAMPLE = os.path.join(FIXTURES, "newest-schema-sample.json")
OLD_PASSWORD = "oude-mamon-wachtwoord"


def django_pbkdf2(password, salt, iterations=390000):
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${base64.b64encode(digest).decode()}"


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def old_client_jwt(application, key):
    """What the old system's ClientApplication.JWT() handed out (PyJWT, HS256, no exp)."""
    claims = {"IDENTIFIER": application["identifier"],
              "PATHS": application["paths"].replace("\n", "").split(","),
              "USER": application["user"]}
    header = {"alg": "HS256", "typ": "JWT"}
    signing_input = (b64url(json.dumps(header, separators=(",", ":")).encode()) + "." +
                     b64url(json.dumps(claims, separators=(",", ":")).encode()))
    signature = hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(signature)


class NewestSchemaImport(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        with open(SAMPLE, encoding="utf-8") as f:
            dump = json.load(f)
        user = next(r for r in dump if r["model"] == "auth.user" and r["fields"]["username"] == "finn0")
        user["fields"]["password"] = django_pbkdf2(OLD_PASSWORD, "oldsalt42")
        cls.application = next(r["fields"] for r in dump if r["model"] == "client.clientapplication")
        cls.server = MamonServer()
        path = os.path.join(cls.server.db.tmp, "newest.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(dump, f)
        cls.loaded = cls.server.cli("loaddata", path)
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_summary_names_what_came_across(self):
        out = self.loaded.stdout
        for line in ("stock items: 2", "cards: 10 (1 card ids upper-cased)", "meals: 1",
                     "1 marked paid in the old system (no transfer)",
                     "client applications: 1 (2 paths, 1 administrators)",
                     "history entries (audit log): 1", "ledger check: clean"):
            self.assertIn(line, out)

    def test_imported_user_logs_in_with_the_old_password(self):
        r = self.server.request("POST", "/api/login/",
                                {"username": "finn0", "password": OLD_PASSWORD})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["user"]["username"], "finn0")
        wrong = self.server.request("POST", "/api/login/",
                                    {"username": "kees5", "password": OLD_PASSWORD})
        self.assertError(wrong, 401)

    def test_old_client_token_works_on_allowed_paths_only(self):
        token = old_client_jwt(self.application, self.server.env["JWT_KEY"])
        allowed = self.server.request("GET", "/api/holders/", token=token, auth_prefix=None)
        self.assertEqual(allowed.status, 200, allowed)
        self.assertError(self.server.request("GET", "/api/purchases/", token=token,
                                             auth_prefix=None), 403)
        other_key = old_client_jwt(self.application, "not-the-old-jwt-key-" + "z" * 32)
        self.assertError(self.server.request("GET", "/api/holders/", token=other_key,
                                             auth_prefix=None), 401)

    def test_products_show_units_in_the_stock_unit(self):
        # Through the harness, so the OpenAPI contract check sees the fractional units too.
        token = old_client_jwt(self.application, self.server.env["JWT_KEY"])
        r = self.server.request("GET", "/api/products/", token=token, auth_prefix=None)
        self.assertEqual(r.status, 200, r)
        products = r.json
        by_id = {p["id"]: p for p in products}
        self.assertEqual(by_id[301]["units"], 0.25)
        self.assertEqual(by_id[301]["master_stock"], 1)
        self.assertEqual(by_id[302]["units"], 1.8)
        self.assertEqual(by_id[303]["units"], 1)
        self.assertIsNone(by_id[303]["master_stock"])


if __name__ == "__main__":
    unittest.main()
