"""The board's product and category pages and picture uploads (issue 9, items 4 and 5).

A board member creates a product with a picture (multipart/form-data), changes its price and
sees the history; uploads are refused by content (wrong magic bytes, an SVG with script), by size
(the upload route's own body limit, while the API keeps 1 MiB) and for a path in the file name;
stored pictures and imported paths are served at /media/ and /mediafiles/ with their real
Content-Type and nosniff; a missing file answers its kind's default picture. Kascommissie gets
403 on every management page; every POST needs the CSRF token."""
import hashlib
import http.client
import os
import shutil
import tempfile
import unittest
import uuid

from harness import MamonServer
from test_web_foundation import Browser

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32
SVG = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'><script>alert(2)</script></svg>"
UPLOAD_BODY_MAX = 10 * 1024 * 1024 + 64 * 1024  # limits::kUploadBodyBytesMax


def multipart(fields, files):
    """(body, content type) of a multipart/form-data form; files: name → (filename, bytes, type)."""
    boundary = "----mamon" + uuid.uuid4().hex
    out = []
    for name, value in fields:
        out.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n"
                   .encode() + value.encode() + b"\r\n")
    for name, (filename, data, ctype) in files.items():
        out.append(f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; "
                   f"filename=\"{filename}\"\r\nContent-Type: {ctype}\r\n\r\n".encode()
                   + data + b"\r\n")
    out.append(f"--{boundary}--\r\n".encode())
    return b"".join(out), f"multipart/form-data; boundary={boundary}"


class ManageProducts(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp(prefix="mamon-media-")
        # An imported picture, as the old mediafiles/ folder copied into MEDIA_ROOT holds it.
        os.makedirs(os.path.join(cls.media, "products"))
        with open(os.path.join(cls.media, "products", "oud bier.png"), "wb") as f:
            f.write(PNG)
        cls.server = MamonServer({"MEDIA_ROOT": cls.media})
        cls.server.add_user("bestuur", groups=("Bestuur",))
        cls.server.add_user("kas", groups=("Kascommissie",))
        cls.server.start()
        cls.board = Browser(cls.server)
        assert cls.board.log_in("bestuur").status == 303
        cls.kas = Browser(cls.server)
        assert cls.kas.log_in("kas").status == 303

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.media, ignore_errors=True)

    def post_multipart(self, browser, path, fields, files, csrf=True):
        token = browser.csrf(path if path.endswith("/new/") else "/manage/products/new/")
        all_fields = ([("csrf_token", token)] if csrf else []) + list(fields)
        body, ctype = multipart(all_fields, files)
        return self._raw(browser, path, body, ctype)

    def _raw(self, browser, path, body, ctype):
        hdrs = {"Content-Type": ctype, "Origin": self.server.base,
                "Cookie": "; ".join(f"{k}={v}" for k, v in browser.cookies.items())}
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        try:
            conn.request("POST", path, body, hdrs)
            resp = conn.getresponse()
            resp.text = resp.read().decode("utf-8", "replace")
        except (BrokenPipeError, ConnectionResetError):
            resp = None
        finally:
            conn.close()
        return resp

    def product_fields(self, name, price="2,50", **extra):
        fields = [("name", name), ("price", price), ("color", "#ffcc00"), ("active", "1"),
                  ("units", "1"), ("ledger_account", "8000")]
        fields += list(extra.items())
        return fields

    def test_create_with_a_picture_change_the_price_and_see_the_history(self):
        r = self.post_multipart(self.board, "/manage/products/new/",
                                self.product_fields("Pils"),
                                {"image": ("pils.png", PNG, "image/png")})
        self.assertEqual(r.status, 303, r.text[:500])
        location = r.getheader("Location")
        self.assertRegex(location, r"^/manage/products/\d+/$")
        product_id = int(location.split("/")[3])
        page = self.board.request("GET", location)
        self.assertEqual(page.status, 200)
        digest = hashlib.sha256(PNG).hexdigest()
        self.assertIn(f"/media/products/{digest}.png", page.text)
        self.assertTrue(os.path.exists(os.path.join(self.media, "products", digest + ".png")))
        self.assertIn(f'href="/board/products/{product_id}/"', page.text)

        # The picture is served with its real type, nosniff and caching, under both prefixes.
        for prefix in ("/media/", "/mediafiles/"):
            served = self.server.request("GET", f"{prefix}products/{digest}.png")
            self.assertEqual(served.status, 200)
            self.assertEqual(served.headers["Content-Type"], "image/png")
            self.assertEqual(served.headers["X-Content-Type-Options"], "nosniff")
            self.assertIn("max-age", served.headers["Cache-Control"])
            self.assertEqual(served.raw, PNG)
        # The API hands it to the bar app.
        token = self.server.login("bestuur")["access"]
        api = self.server.request("GET", f"/api/products/{product_id}/", token=token).json
        self.assertTrue(api["image"].endswith(f"/media/products/{digest}.png"), api["image"])

        # A new price, without a new picture (the old one is kept).
        r = self.post_multipart(self.board, location, self.product_fields("Pils", "3.00"),
                                {"image": ("", b"", "application/octet-stream")})
        self.assertEqual(r.status, 303, r.text[:500])
        page = self.board.request("GET", location).text
        history = page[page.index("mamon-price-history"):]
        self.assertLess(history.index("3,00"), history.index("2,50"))  # newest first
        self.assertIn(f"/media/products/{digest}.png", page)
        api = self.server.request("GET", f"/api/products/{product_id}/", token=token).json
        self.assertEqual(api["price"], 3.0)

    def refused(self, filename, data, ctype="image/png"):
        r = self.post_multipart(self.board, "/manage/products/new/",
                                self.product_fields("Refused " + uuid.uuid4().hex[:8]),
                                {"image": (filename, data, ctype)})
        self.assertEqual(r.status, 422, r.text[:300])
        self.assertIn('id="field-image-error"', r.text)
        return r.text

    def test_uploads_are_refused_by_content_size_and_name(self):
        before = sorted(os.listdir(os.path.join(self.media, "products")))
        # (The pages answer in Dutch: no Accept-Language.)
        self.assertIn("geen PNG-, JPEG-, WebP- of GIF-afbeelding",
                      self.refused("bier.png", b"GIF8 not quite"))
        self.assertIn("scripts", self.refused("logo.svg", SVG, "image/svg+xml"))
        self.assertIn("scripts", self.refused("logo.png", SVG))  # lies about its type
        self.assertIn("bevat een map", self.refused("../../etc/evil.png", PNG))
        self.assertIn("bevat een map", self.refused("C:\\Users\\me\\bier.png", PNG))
        self.assertEqual(sorted(os.listdir(os.path.join(self.media, "products"))), before)
        self.assertFalse(os.path.exists(os.path.join(self.media, "..", "etc", "evil.png")))

    def test_an_oversized_upload_is_refused_before_it_is_read(self):
        body, ctype = multipart([("csrf_token", self.board.csrf("/manage/products/new/"))],
                                {"image": ("big.png", PNG + b"\x00" * UPLOAD_BODY_MAX, "image/png")})
        r = self._raw(self.board, "/manage/products/new/", body, ctype)
        if r is not None:  # the server may close while we still send
            self.assertEqual(r.status, 413)
        # A picture of several MiB is fine on the upload route...
        r = self.post_multipart(self.board, "/manage/products/new/",
                                self.product_fields("Foto"),
                                {"image": ("foto.jpg", JPEG + b"\x00" * (5 << 20), "image/jpeg")})
        self.assertEqual(r.status, 303, r.text[:300])
        # ...while every other route keeps the API's 1 MiB.
        big = self.server.request("POST", "/api/login/", raw_body=b"{" + b" " * (2 << 20) + b"}",
                                  headers={"Content-Type": "application/json"})
        self.assertEqual(big.status, 413)

    def test_imported_paths_and_missing_files(self):
        for prefix in ("/media/", "/mediafiles/"):
            r = self.server.request("GET", prefix + "products/oud%20bier.png")
            self.assertEqual(r.status, 200)
            self.assertEqual(r.headers["Content-Type"], "image/png")
            self.assertEqual(r.headers["X-Content-Type-Options"], "nosniff")
            self.assertEqual(r.raw, PNG)
            missing = self.server.request("GET", prefix + "products/gone.png")
            self.assertEqual(missing.status, 200)  # the default product picture
            self.assertEqual(missing.headers["Content-Type"], "image/png")
            self.assertNotEqual(missing.raw, PNG)

    def test_categories_create_order_and_membership(self):
        token = self.board.csrf("/manage/categories/new/")
        ids = []
        for name in ("Bier", "Fris"):
            r = self.board.request("POST", "/manage/categories/new/",
                                   {"csrf_token": token, "name": name, "description": ""})
            self.assertEqual(r.status, 303, r.text[:300])
            ids.append(int(r.getheader("Location").split("/")[3]))
        r = self.board.request("POST", f"/manage/categories/{ids[1]}/move/",
                               {"csrf_token": token, "direction": "up"})
        self.assertEqual(r.status, 303)
        listing = self.board.request("GET", "/manage/categories/").text
        self.assertLess(listing.index(">Fris<"), listing.index(">Bier<"))
        r = self.post_multipart(self.board, "/manage/products/new/",
                                self.product_fields("Cola") + [("categories", str(ids[1]))], {})
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertIn("Cola", self.board.request("GET", f"/manage/categories/{ids[1]}/").text)
        r = self.board.request("POST", "/manage/categories/new/",
                               {"csrf_token": token, "name": "", "description": ""})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-name-error"', r.text)

    def test_field_errors_keep_the_input(self):
        r = self.post_multipart(self.board, "/manage/products/new/",
                                self.product_fields("Typo", price="twee"), {})
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-price-error"', r.text)
        self.assertIn('value="twee"', r.text)
        self.assertIn('value="Typo"', r.text)

    def test_kascommissie_gets_403_and_every_post_needs_the_csrf_token(self):
        for path in ("/manage/products/", "/manage/products/new/", "/manage/categories/",
                     "/manage/categories/new/"):
            r = self.kas.request("GET", path)
            self.assertEqual(r.status, 403, path)
            self.assertIn("manage_products", r.text)
        r = self.post_multipart(self.kas, "/manage/products/new/", self.product_fields("Kas"), {})
        self.assertEqual(r.status, 403)
        r = self.post_multipart(self.board, "/manage/products/new/",
                                self.product_fields("NoToken"), {}, csrf=False)
        self.assertEqual(r.status, 403)
        self.assertNotIn("NoToken", self.board.request("GET", "/manage/products/").text)


if __name__ == "__main__":
    unittest.main()
