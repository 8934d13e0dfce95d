"""The bar app as it really talks (issue 7, A-E): the request shapes its code sends, the answers
its code needs, and the caches behind the reads it repeats all evening."""
import http.client
import json
import os
import shutil
import tempfile
import time
import unittest

from api_support import sql
from bar_support import COLA, PILS, Actor, add_member, start_bar_server
from harness import PASSWORD, ApiTestCase

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def raw_post(server, path, body, token, content_type):
    """A POST whose Content-Type the test controls exactly (None: no header at all)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        headers = {"Authorization": f"Bearer {token}"}
        if content_type is not None:
            headers["Content-Type"] = content_type
        conn.request("POST", path, body=body.encode(), headers=headers)
        resp = conn.getresponse()
        raw = resp.read()
        return resp.status, json.loads(raw) if raw else None
    finally:
        conn.close()


def wait_for(predicate, seconds=5.0):
    """Polls `predicate` until it is true or `seconds` pass; returns its last value."""
    deadline = time.time() + seconds
    while True:
        value = predicate()
        if value or time.time() > deadline:
            return value
        time.sleep(0.1)


class BarApp(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp(prefix="mamon-media-")
        os.makedirs(os.path.join(cls.media, "products"))
        os.makedirs(os.path.join(cls.media, "holder"))
        with open(os.path.join(cls.media, "products", "pils.png"), "wb") as f:
            f.write(PNG)
        with open(os.path.join(cls.media, "holder", "evil.png"), "wb") as f:
            f.write(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")
        cls.server = start_bar_server({"MEDIA_ROOT": cls.media})
        add_member(cls.server, "board", groups=["Bestuur"])
        add_member(cls.server, "nobody")  # adduser without --ledenbase-id
        cls.tapper = Actor(cls.server, "tapper")
        cls.alice = Actor(cls.server, "alice")
        cls.board = Actor(cls.server, "board")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.media, ignore_errors=True)

    def listed_holder(self, username):
        holders = self.tapper.get("/api/holders/?page_size=500").json
        return next(h for h in holders if h["user"]["username"] == username)

    # --- A: ledenbase_id is never null ---------------------------------------------------------
    def test_a_every_listed_holder_has_an_integer_ledenbase_id(self):
        holders = self.tapper.get("/api/holders/?page_size=500").json
        self.assertGreaterEqual(len(holders), 4)
        for h in holders:
            self.assertIsInstance(h["ledenbase_id"], int, h)  # the app calls toString() on it
        self.assertEqual(self.listed_holder("nobody")["ledenbase_id"], 0)
        self.assertEqual(self.listed_holder("alice")["ledenbase_id"], 5001)

    def test_a_ledenbase_id_0_names_nobody(self):
        r = self.tapper.post("/api/walletupgrades/", {"amount": 1, "cash": True,
                                                      "holder": {"ledenbase_id": 0}})
        self.assertError(r, 400, "invalid", "holder.ledenbase_id")
        r = self.tapper.post("/api/walletupgrades/", {"amount": 1, "cash": True,
                                                      "holder": {"ledenbase_id": 5001}})
        self.assertEqual(r.status, 201, r)

    # --- B: POST /api/walletupgrades/ as the app sends it ---------------------------------------
    def app_upgrade(self, holder, amount, refund="false", comment="", **extra):
        body = {"refund": refund, "amount": amount, "comment": comment, "holder": holder,
                "personel": {"username": "tapper", "password": PASSWORD}, "cash": True}
        body.update(extra)
        return self.tapper.post("/api/walletupgrades/", body)

    def test_b_the_apps_top_up_and_refund(self):
        holder = dict(self.listed_holder("alice"), value=1, label="Alice Test",
                      searchHelp="alice 5001")
        before = holder["stand"]
        r = self.app_upgrade(holder, 12.5)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["stand"], before + 12.5)
        self.assertEqual(r.json["amount"], 12.5)
        r = self.app_upgrade(holder, 2.5, refund="TRUE", comment="teveel opgewaardeerd")
        self.assertEqual(r.status, 201, r)
        self.assertTrue(r.json["refund"])
        self.assertEqual(r.json["stand"], before + 10)
        r = self.app_upgrade(holder, 1, refund="False", pin="true", cash="FALSE")
        self.assertEqual(r.status, 201, r)

    def test_b_bad_flags_and_disagreeing_ids_are_400(self):
        holder = self.listed_holder("alice")
        self.assertError(self.app_upgrade(holder, 1, refund="maybe"), 400, "invalid", "refund")
        self.assertError(self.app_upgrade(holder, 1, cash="ja"), 400, "invalid", "cash")
        other = dict(holder, ledenbase_id=holder["ledenbase_id"] + 1)
        self.assertError(self.app_upgrade(other, 1), 400, "invalid", "holder.ledenbase_id")
        self.assertError(self.app_upgrade(holder, 1, refund="true"), 400, "invalid", "comment")

    def test_b_wrong_staff_password_is_still_501_seller_not_found(self):
        body = {"refund": "false", "amount": 5, "comment": "", "cash": True,
                "holder": self.listed_holder("alice"),
                "personel": {"username": "tapper", "password": "wrong"}}
        r = self.tapper.post("/api/walletupgrades/", body)
        self.assertEqual(r.status, 501, r)
        self.assertEqual(r.json["message"], "Seller not found")

    def test_b_bar_staff_refunds_are_bounded_the_board_is_not(self):
        holder = self.listed_holder("alice")
        self.assertEqual(self.app_upgrade(holder, 200).status, 201)
        r = self.app_upgrade(holder, 60, refund="true", comment="vertrekt")
        self.assertError(r, 403, "permission_denied")
        r = self.board.post("/api/walletupgrades/", {"amount": 60, "refund": True, "cash": True,
                                                     "comment": "vertrekt", "holder": holder})
        self.assertEqual(r.status, 201, r)

    # --- C: Content-Type */* and none ------------------------------------------------------------
    def test_c_any_and_missing_content_type_are_json(self):
        body = json.dumps({"amount": 3, "refund": False, "cash": True,
                           "holder": {"id": self.alice.holder}})
        for content_type in ("*/*", None, "application/json; charset=UTF-8"):
            status, answer = raw_post(self.server, "/api/walletupgrades/", body,
                                      self.tapper.token, content_type)
            self.assertEqual(status, 201, (content_type, answer))
        status, answer = raw_post(self.server, "/api/walletupgrades/", body, self.tapper.token,
                                  "text/plain")
        self.assertEqual(status, 415, answer)
        status, answer = raw_post(self.server, "/api/walletupgrades/", body, self.tapper.token,
                                  "application/json; charset=iso-8859-1")
        self.assertEqual(status, 415, answer)
        self.assertIn("UTF-8", answer["detail"])
        status, answer = raw_post(self.server, "/api/walletupgrades/", "not json",
                                  self.tapper.token, "*/*")
        self.assertEqual(status, 400, answer)
        self.assertEqual(answer["code"], "invalid_json")

    def test_c_the_card_tapper_report_screens(self):
        report = {"action": "open", "total_cash": 100, "flow_meter1": 1, "flow_meter2": 2,
                  "comment": "", "personel": {"username": "tapper", "password": PASSWORD}}
        status, answer = raw_post(self.server, "/api/reports/", json.dumps(report),
                                  self.tapper.token, "*/*")
        self.assertEqual(status, 201, answer)
        report["action"] = "close"
        status, answer = raw_post(self.server, "/api/reports/", json.dumps(report),
                                  self.tapper.token, "*/*")
        self.assertEqual(status, 201, answer)

    # --- D: absolute image URLs and the media routes ---------------------------------------------
    def test_d_image_urls_are_absolute_with_defaults(self):
        base = self.server.base
        holder = self.listed_holder("nobody")
        self.assertEqual(holder["image"], base + "/media/holder/user-default.jpg")
        self.assertEqual(holder["user"]["image_url"], base + "/media/holder/user-default.jpg")
        products = self.tapper.get("/api/products/").json
        for p in products:
            self.assertTrue(p["image"].startswith(base + "/media/"), p)
            self.assertIn("default", p["image"])  # bar_support's products have no picture
        login = self.server.login("tapper")
        self.assertTrue(login["user"]["image_url"].startswith(base + "/media/"), login)

    def test_d_default_images_are_served_under_both_prefixes(self):
        for path, content_type, magic in (
                ("/media/products/default.png", "image/png", b"\x89PNG"),
                ("/mediafiles/products/default.png", "image/png", b"\x89PNG"),
                ("/media/holder/user-default.jpg", "image/jpeg", b"\xff\xd8\xff"),
                ("/mediafiles/personel/default.png", "image/png", b"\x89PNG")):
            r = self.server.request("GET", path)
            self.assertEqual(r.status, 200, path)
            self.assertEqual(r.headers["Content-Type"], content_type, path)
            self.assertEqual(r.headers["X-Content-Type-Options"], "nosniff", path)
            self.assertTrue(r.raw.startswith(magic), path)

    def test_d_stored_files_and_missing_ones(self):
        r = self.server.request("GET", "/mediafiles/products/pils.png")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.raw, PNG)
        default_product = self.server.request("GET", "/media/products/default.png").raw
        default_holder = self.server.request("GET", "/media/holder/user-default.jpg").raw
        # An imported path whose file was not copied: the default of its kind, never a 404.
        self.assertEqual(self.server.request("GET", "/media/products/gone.jpg").raw,
                         default_product)
        self.assertEqual(self.server.request("GET", "/media/holder/gone.jpg").raw, default_holder)
        # A file that lies about its type (SVG named .png) is never served, nor anything outside.
        evil = self.server.request("GET", "/media/holder/evil.png")
        self.assertEqual(evil.headers["Content-Type"], "image/jpeg")
        self.assertEqual(evil.raw, default_holder)
        for probe in ("/media/../harness.py", "/media/holder/%2e%2e/%2e%2e/etc/passwd"):
            r = self.server.request("GET", probe)
            self.assertIn(r.status, (200, 404), probe)
            self.assertTrue(r.raw in (default_holder, default_product) or r.status == 404, probe)

    # --- E and item 12: the catalogue from memory, with ETag -------------------------------------
    def test_e_catalogue_etag_and_invalidation(self):
        first = self.tapper.get("/api/products/")
        self.assertEqual(first.status, 200)
        etag = first.headers["ETag"]
        self.assertTrue(etag.startswith('"'), etag)
        again = self.server.request("GET", "/api/products/", token=self.tapper.token,
                                    headers={"If-None-Match": etag})
        self.assertEqual(again.status, 304)
        self.assertEqual(again.raw, b"")
        self.assertEqual(again.headers["ETag"], etag)
        weak = self.server.request("GET", "/api/products/", token=self.tapper.token,
                                   headers={"If-None-Match": '"other", W/' + etag})
        self.assertEqual(weak.status, 304)
        # A change on this instance shows at once.
        root_name = "root_etag"
        self.server.add_user(root_name, superuser=True)
        root = Actor(self.server, root_name)
        r = self.server.request("PUT", f"/api/products/{COLA}/", {"name": "Cola Zero",
                                                                  "color": "#000000"},
                                token=root.token)
        self.assertEqual(r.status, 200, r)
        changed = self.tapper.get("/api/products/")
        self.assertNotEqual(changed.headers["ETag"], etag)
        self.assertIn("Cola Zero", [p["name"] for p in changed.json])
        # A change made elsewhere (another instance, the CLI, SQL) shows within the bound.
        sql(self.server, f"UPDATE products SET name = 'Pils Speciaal' WHERE id = {PILS}")
        seen = wait_for(lambda: "Pils Speciaal" in [p["name"] for p in
                                                    self.tapper.get("/api/products/").json])
        self.assertTrue(seen, "a database change was not seen within 5 s")
        categories = self.tapper.get("/api/categories/")
        self.assertEqual(categories.status, 200)
        self.assertIn("ETag", categories.headers)

    # --- item 12: the principal cache is bounded -------------------------------------------------
    def test_a_deactivated_user_is_refused_within_the_cache_bound(self):
        add_member(self.server, "leaving", personnel="leaving")
        leaving = Actor(self.server, "leaving")
        self.assertEqual(leaving.get("/api/products/").status, 200)  # cached now
        sql(self.server, "UPDATE users SET is_active = false WHERE username = 'leaving'")
        refused = wait_for(lambda: leaving.get("/api/holders/").status == 401)
        self.assertTrue(refused, "a deactivated user still had access after 5 s")
        self.assertEqual(leaving.get("/api/products/").status, 401)

    # --- items 10 and 11: what the parser refuses ------------------------------------------------
    def test_duplicate_keys_and_nul_text(self):
        r = self.tapper.post("/api/walletupgrades/", None, raw_body=(
            '{"amount": 1, "amount": 900, "cash": true, "holder": {"id": %d}}' % self.alice.holder))
        self.assertError(r, 400, "invalid_json")
        r = self.tapper.post("/api/walletupgrades/", {"amount": 1, "cash": True,
                                                      "comment": "a\u0000b",
                                                      "holder": {"id": self.alice.holder}})
        self.assertError(r, 400, "invalid", "comment")
        self.assertNotIn("sqlite", r.json["detail"].lower())
        r = self.server.request("POST", "/api/login/", {"username": "x\u0000", "password": "y"})
        self.assertError(r, 400, "invalid", "username")


if __name__ == "__main__":
    unittest.main()
