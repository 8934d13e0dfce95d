"""API.md "Catalogue" and "Misc": products, product overview, categories, environment, the
OpenAPI document."""
import unittest

from api_support import load_catalogue
from bar_support import add_member
from harness import ApiTestCase, MamonServer

PRODUCT_FIELDS = {"id", "name", "price", "color", "active", "image", "units", "master_stock",
                  "grootboek_waarde"}


class Catalogue(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer()
        s = cls.server
        load_catalogue(s)
        add_member(s, "tapper", personnel="Tap", groups=["Tapper"])
        add_member(s, "board", groups=["Bestuur"])
        add_member(s, "member")
        s.add_user("root", superuser=True)
        s.start()
        cls.tapper = s.login("tapper")["access"]
        cls.board = s.login("board")["access"]
        cls.member = s.login("member")["access"]
        cls.root = s.login("root")["access"]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def req(self, method, path, token, body=None, raw_body=None):
        return self.server.request(method, path, body, token=token, raw_body=raw_body)


    # --- products ------------------------------------------------------------------------------
    def test_list_products_is_a_bare_array_with_the_contract_fields(self):
        r = self.req("GET", "/api/products/", self.member)
        self.assertEqual(r.status, 200, r)
        self.assertIsInstance(r.json, list)
        # Active products only: the app makes a tile of every product it gets (issue 7, E).
        self.assertEqual([p["id"] for p in r.json], [1, 2])
        for p in r.json:
            self.assertEqual(set(p), PRODUCT_FIELDS)
        pils = r.json[0]
        self.assertEqual(pils["price"], 2.5)
        self.assertEqual(pils["color"], "#FFCC00")
        self.assertTrue(pils["active"])
        self.assertEqual(pils["image"], self.server.base + "/media/products/pils.png")
        self.assertIsNone(pils["master_stock"])
        self.assertEqual(r.json[1]["price"], 1.75)
        # No picture: the default picture's absolute URL, never "" (issue 7, D).
        self.assertEqual(r.json[1]["image"], self.server.base + "/media/products/default.png")
        self.assertEqual(self.req("GET", "/api/products", self.member).json, r.json)
        inactive = self.req("GET", "/api/products/?active=false", self.member)
        self.assertEqual([p["id"] for p in inactive.json], [3])
        self.assertEqual(inactive.json[0]["image"], "https://cdn.example/oud.png")
        self.assertFalse(inactive.json[0]["active"])
        self.assertEqual(self.req("GET", "/api/products/?active=true", self.member).json, r.json)
        self.assertError(self.req("GET", "/api/products/?active=maybe", self.member), 400,
                         "invalid", "active")
        # Inactive products stay reachable by id.
        self.assertEqual(self.req("GET", "/api/products/3/", self.member).json["name"],
                         "Oud product")

    def test_get_product_by_id_and_unknown_is_404_json(self):
        r = self.req("GET", "/api/products/2/", self.member)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["name"], "Cola")
        self.assertEqual(self.req("GET", "/api/products/2", self.member).json, r.json)
        self.assertError(self.req("GET", "/api/products/999/", self.member), 404)
        self.assertError(self.req("GET", "/api/products/abc/", self.member), 404)
        self.assertError(self.req("DELETE", "/api/products/2/", self.member), 405)
        self.assertError(self.req("GET", "/api/products/2/", None), 401)

    def test_put_product_needs_the_board_or_a_superuser(self):
        r = self.req("PUT", "/api/products/3/", self.tapper, {"name": "Tap-naam", "color": "#000000"})
        self.assertError(r, 403, "permission_denied")
        r = self.req("PUT", "/api/products/3/", self.member, {"name": "Lid-naam", "color": "#000000"})
        self.assertError(r, 403)
        r = self.req("PUT", "/api/products/3/", self.board,
                     {"name": "Oud bier", "color": "#112233", "price": 99})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["name"], "Oud bier")
        self.assertEqual(r.json["color"], "#112233")
        self.assertEqual(r.json["price"], 1.0)  # only name and colour change
        r = self.req("PUT", "/api/products/3", self.root, {"name": "Oud product", "color": "#FFFFFF"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(self.req("GET", "/api/products/3", self.member).json["name"], "Oud product")

    def test_put_product_validation_conflict_and_unknown(self):
        for body, field in (({"name": "X", "color": "red"}, "color"),
                            ({"name": "X", "color": "#12345G"}, "color"),
                            ({"name": "X", "color": "#1234567"}, "color"),
                            ({"name": "", "color": "#123456"}, "name"),
                            ({"color": "#123456"}, "name"),
                            ({"name": "X"}, "color"),
                            ({"name": 5, "color": "#123456"}, "name"),
                            ({"name": "X", "color": None}, "color")):
            r = self.req("PUT", "/api/products/3/", self.board, body)
            self.assertError(r, 400)
            self.assertIn(field, r.json.get("errors", {}), (body, r))
        self.assertError(self.req("PUT", "/api/products/3/", self.board, ["x"]), 400)
        self.assertError(self.req("PUT", "/api/products/3/", self.board, raw_body=b"{oops"), 400,
                         "invalid_json")
        r = self.req("PUT", "/api/products/3/", self.board, {"name": "Pils", "color": "#123456"})
        self.assertError(r, 409, "conflict")
        r = self.req("PUT", "/api/products/999/", self.board, {"name": "Nieuw", "color": "#123456"})
        self.assertError(r, 404)
        self.assertEqual(self.req("GET", "/api/products/3", self.member).json["name"], "Oud product")

    def test_overview_counts_what_the_caller_bought(self):
        r = self.req("GET", "/api/products/overview/", self.member)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(set(r.json), {"quant", "products"})
        self.assertEqual([p["id"] for p in r.json["products"]], [1, 2])  # active only
        inactive = self.req("GET", "/api/products/overview/?active=false", self.member)
        self.assertEqual([p["id"] for p in inactive.json["products"]], [3])
        before = r.json["quant"].get("1", 0)
        holder = self.server.login("member")["user"]["holder"]
        top_up = self.req("POST", "/api/walletupgrades/", self.tapper,
                          {"amount": 10, "refund": False, "cash": True, "pin": False, "comment": "",
                           "holder": {"id": holder}})
        if top_up.status != 201:
            self.skipTest(f"wallet top-ups not available: {top_up}")
        sale = self.req("POST", "/api/purchases/", self.tapper,
                        {"orders": [{"product": 1, "quantity": 2}], "balance": True, "cash": False,
                         "pin": False, "buyer": holder})
        self.assertEqual(sale.status, 201, sale)
        r = self.req("GET", "/api/products/overview", self.member)
        self.assertEqual(r.json["quant"]["1"], before + 2)
        self.assertNotIn("1", self.req("GET", "/api/products/overview", self.board).json["quant"])

    # --- categories ----------------------------------------------------------------------------
    def test_categories_with_their_products(self):
        r = self.req("GET", "/api/categories/", self.member)
        self.assertEqual(r.status, 200, r)
        self.assertIsInstance(r.json, list)
        self.assertEqual([c["name"] for c in r.json], ["Bier", "Fris"])
        bier, fris = r.json
        self.assertEqual(set(bier), {"id", "name", "description", "products"})
        self.assertEqual(bier["description"], "Van de tap")
        self.assertEqual([p["id"] for p in bier["products"]], [1])
        self.assertEqual(sorted(p["id"] for p in fris["products"]), [2])  # 3 is inactive
        inactive = self.req("GET", "/api/categories/?active=false", self.member).json
        self.assertEqual([[p["id"] for p in c["products"]] for c in inactive], [[], [3]])
        self.assertEqual(set(fris["products"][0]), PRODUCT_FIELDS)
        self.assertError(self.req("GET", "/api/categories/", None), 401)
        self.assertError(self.req("POST", "/api/categories/", self.board, {}), 405)

    # --- misc ----------------------------------------------------------------------------------
    def test_environment_serves_only_open_settings(self):
        r = self.req("GET", "/api/environment/open_bar_name/", self.member)
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json, {"open_bar_name": "De Test Bar"})
        self.assertEqual(self.req("GET", "/api/environment/open_bar_name", None).status, 200)
        self.assertError(self.req("GET", "/api/environment/SECRET_KEY/", self.root), 403)
        self.assertError(self.req("GET", "/api/environment/DATABASE_URL", self.member), 403)
        self.assertError(self.req("GET", "/api/environment/open_missing/", self.member), 404)

    def test_openapi_document_is_served(self):
        r = self.req("GET", "/api/", None)
        self.assertEqual(r.status, 200, r)
        self.assertTrue(r.json["openapi"].startswith("3."))
        for path in ("/api/login/", "/api/products/{id}/", "/api/holders/", "/api/purchases/",
                     "/api/walletupgrades/", "/api/reports/", "/api/barcycles/{id}/",
                     "/api/wallet/opwarderen/", "/mollie/webhook/", "/healthz", "/metrics"):
            self.assertIn(path, r.json["paths"])
        for schema in ("Error", "User", "Product", "Holder", "Card", "Category"):
            self.assertIn(schema, r.json["components"]["schemas"])
        self.assertEqual(self.req("GET", "/api", None).status, 200)


if __name__ == "__main__":
    unittest.main()
