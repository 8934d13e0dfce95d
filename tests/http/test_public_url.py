"""PUBLIC_URL's default (issue 7, item D): without PUBLIC_URL, absolute URLs are built from the
address the server listens on — not a fixed 127.0.0.1:8000, and never from the request's Host."""
import unittest

from api_support import load_catalogue
from harness import MamonServer


class PublicUrlDefault(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer()
        cls.server.env.pop("PUBLIC_URL", None)  # the harness sets it; this suite must not
        load_catalogue(cls.server)
        cls.server.add_user("publicurl")
        cls.server.start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_absolute_urls_use_the_bound_address(self):
        prefix = f"http://127.0.0.1:{self.server.port}/"
        login = self.server.login("publicurl")
        products = self.server.request("GET", "/api/products/", token=login["access"],
                                       headers={"Host": "evil.example:1234"})
        self.assertEqual(products.status, 200, products)
        urls = [p["image"] for p in products.json]
        urls.append(login["user"]["image_url"])
        # Images of our own (not the catalogue's external https://cdn.example/ one).
        ours = [u for u in urls if u and not u.startswith("https://cdn.example/")]
        self.assertTrue(ours, urls)  # at least the product with image "products/pils.png"
        for url in ours:
            self.assertTrue(url.startswith(prefix), (url, prefix))


if __name__ == "__main__":
    unittest.main()
