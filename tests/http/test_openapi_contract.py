"""The contract checker itself (openapi_contract.py): it must reject what the document forbids, so
the black-box suites cannot pass by a checker that accepts everything. No server needed."""
import copy
import json
import unittest

import openapi_contract
from bar_support import COLA, Actor, add_member, start_bar_server
from harness import ApiTestCase
from openapi_contract import Contract, Validator

JSON = {"Content-Type": "application/json"}
IMAGE = "http://127.0.0.1:8000/media/holder/user-default.jpg"


def user(**changes):
    body = {"id": 3, "username": "anna", "first_name": "Anna", "last_name": "Test",
            "email": "anna@example.org", "holder": 5, "personel": None, "nickname": None,
            "image_url": IMAGE, "name": "Anna Test"}
    body.update(changes)
    return body


def holder(**changes):
    body = {"id": 5, "user": user(), "name": "Anna Test", "image": IMAGE, "stand": 12.07,
            "ledenbase_id": 0}
    body.update(changes)
    return body


def error(code="invalid_input", **extra):
    body = {"detail": "Bad.", "message": "Bad.", "code": code}
    body.update(extra)
    return body


class DocumentContract(unittest.TestCase):
    """The real docs/openapi.json with the checker's transitional allowances switched off."""

    @classmethod
    def setUpClass(cls):
        cls.doc = Contract.load().doc
        cls.contract = Contract(cls.doc, transitional={})

    def violations(self, method, path, status, body, headers=JSON, contract=None):
        raw = body if isinstance(body, bytes) else json.dumps(body).encode()
        return [str(v) for v in (contract or self.contract).check(method, path, status, headers,
                                                                  raw)]

    def assertAccepted(self, method, path, status, body, headers=JSON):
        self.assertEqual(self.violations(method, path, status, body, headers), [])

    def assertRejected(self, method, path, status, body, *fragments, headers=JSON):
        found = self.violations(method, path, status, body, headers)
        self.assertTrue(found, f"{method} {path} {status} was accepted")
        text = "\n".join(found)
        for fragment in fragments:
            self.assertIn(fragment, text)

    # --- accepts good bodies -------------------------------------------------------------------
    def test_accepts_good_bodies(self):
        self.assertAccepted("GET", "/api/holders/5/", 200, holder())
        self.assertAccepted("GET", "/api/holders/5", 200, holder())  # trailing slash optional
        self.assertAccepted("GET", "/api/holders/?page=2", 200, [holder(), holder(id=6)],
                            headers={**JSON, "X-Total-Count": "2"})
        self.assertAccepted("POST", "/api/purchases/", 400, error(errors={"buyer": ["Unknown."]}))
        self.assertAccepted("GET", "/api/products/overview/", 200, {"quant": {"7": 2},
                                                                   "products": []})
        self.assertAccepted("GET", "/healthz", 200, {"status": "ok", "database": "ok"})
        self.assertAccepted("HEAD", "/api/products/", 200, b"")

    def test_money_with_two_decimals_is_accepted_three_are_not(self):
        # 0.07 is what a float-based multipleOf: 0.01 rejects.
        self.assertAccepted("GET", "/api/holders/5/", 200, holder(stand=0.07))
        self.assertAccepted("GET", "/api/holders/5/", 200, holder(stand=-1234.5))
        self.assertRejected("GET", "/api/holders/5/", 200, holder(stand=0.075),
                            "/stand", "more than 2 decimals")

    # --- rejects what the document forbids -----------------------------------------------------
    def test_rejects_a_wrong_type(self):
        self.assertRejected("GET", "/api/holders/5/", 200, holder(stand="12.07"),
                            "GET /api/holders/{id}/ -> 200 at /stand", "expected number, got string")
        self.assertRejected("GET", "/api/holders/5/", 200, holder(user=user(id="3")),
                            "at /user/id", "expected integer")
        self.assertRejected("GET", "/api/holders/5/", 200, holder(ledenbase_id=True),
                            "at /ledenbase_id")

    def test_rejects_a_missing_required_field(self):
        body = holder()
        del body["ledenbase_id"]
        self.assertRejected("GET", "/api/holders/5/", 200, body,
                            "required property 'ledenbase_id' is missing")
        self.assertRejected("POST", "/api/login/", 401, {"detail": "x", "message": "x"},
                            "POST /api/login/ -> 401", "required property 'code'")

    def test_rejects_an_undocumented_status(self):
        self.assertRejected("GET", "/api/products/", 500, error("internal"),
                            "GET /api/products/ -> 500", "status 500 is not documented")
        self.assertRejected("GET", "/api/holders/5/", 201, holder(), "status 201 is not documented")

    def test_rejects_null_where_not_nullable(self):
        self.assertRejected("GET", "/api/holders/5/", 200, holder(ledenbase_id=None),
                            "at /ledenbase_id", "null where integer is required")
        self.assertRejected("GET", "/api/holders/5/", 200, holder(user=user(username=None)),
                            "at /user/username", "not nullable")
        # nullable fields take null
        self.assertAccepted("GET", "/api/holders/5/", 200, holder(user=user(holder=None)))

    def test_rejects_an_empty_or_relative_image_url(self):
        self.assertRejected("GET", "/api/holders/5/", 200, holder(image=""), "at /image")
        self.assertRejected("GET", "/api/holders/5/", 200, holder(image="/media/x.png"),
                            "not an absolute URI")

    def test_rejects_a_bad_date_time_and_enum(self):
        self.assertRejected("POST", "/mollie/webhook/", 200, {"status": "maybe"}, "is not one of")
        body = {"id": 1, "amount": 10, "checkout_url": "", "status": "open",
                "created": "yesterday", "paid": None}
        self.assertRejected("POST", "/api/wallet/opwarderen/", 201, body, "at /created",
                            "date-time")

    def test_rejects_a_non_json_body_or_content_type(self):
        self.assertRejected("GET", "/api/holders/5/", 200, b"<html>", "not JSON")
        self.assertRejected("GET", "/api/holders/5/", 200, holder(),
                            "Content-Type 'text/html'", headers={"Content-Type": "text/html"})

    def test_unrouted_api_paths_must_be_404_json(self):
        self.assertAccepted("GET", "/api/nope/", 404, error("not_found"))
        self.assertAccepted("GET", "/api/products/abc/", 404, error("not_found"))  # {id} is int
        self.assertRejected("GET", "/api/nope/", 200, {"ok": True}, "expected 404")
        self.assertAccepted("PATCH", "/api/products/", 405, error("method_not_allowed"))
        self.assertRejected("PATCH", "/api/products/", 200, [], "expected 405")

    def test_common_responses_anywhere(self):
        self.assertAccepted("GET", "/api/products/", 408, error("request_timeout"))
        self.assertAccepted("POST", "/api/reports/", 503, error("too_many_connections"))
        self.assertRejected("GET", "/api/products/", 408, b"", "not JSON")

    def test_required_headers_and_not_modified(self):
        self.assertAccepted("GET", "/api/products/", 304, b"", headers={"ETag": '"v1"'})
        self.assertRejected("GET", "/api/products/", 304, [], "without a body")
        self.assertRejected("GET", "/api/holders/", 200, [], "header X-Total-Count",
                            headers={**JSON, "X-Total-Count": "many"})

    def test_no_transitional_allowances_are_left(self):
        # The server sends ledenbase_id 0 and absolute default image URLs now (issue 7, A and D).
        self.assertEqual(self.violations("GET", "/api/holders/5/", 200, holder()), [])
        self.assertTrue(self.violations("GET", "/api/holders/5/", 200, holder(ledenbase_id=None)))
        self.assertTrue(self.violations("GET", "/api/holders/5/", 200, holder(image="")))


class SchemaKeywords(unittest.TestCase):
    """The JSON-Schema subset on small schemas of its own."""

    def errors(self, schema, value, doc=None):
        return Validator(doc or {}, transitional={}).validate(schema, value)

    def test_type_lists_and_nullable(self):
        self.assertEqual(self.errors({"type": ["integer", "null"]}, None), [])
        self.assertTrue(self.errors({"type": ["integer", "null"]}, 1.5))
        self.assertEqual(self.errors({"type": "string", "nullable": True}, None), [])
        self.assertTrue(self.errors({"type": "string"}, None))
        self.assertTrue(self.errors({"type": "integer"}, True))  # a bool is not an integer
        self.assertEqual(self.errors({"type": "number"}, 3), [])

    def test_composition(self):
        one_of = {"oneOf": [{"type": "integer"}, {"type": "number"}]}
        self.assertTrue(self.errors(one_of, 3))  # matches both
        self.assertEqual(self.errors(one_of, 3.5), [])
        self.assertTrue(self.errors({"anyOf": [{"type": "string"}, {"type": "null"}]}, 1))
        all_of = {"allOf": [{"required": ["a"]}, {"required": ["b"]}]}
        self.assertEqual(len(self.errors(all_of, {})), 2)

    def test_object_and_array_keywords(self):
        schema = {"type": "object", "properties": {"a": {"type": "integer", "minimum": 1}},
                  "additionalProperties": False}
        self.assertEqual(self.errors(schema, {"a": 1}), [])
        self.assertEqual(self.errors(schema, {"a": 0})[0][0], "/a")
        self.assertEqual(self.errors(schema, {"b": 1})[0][0], "/b")
        typed = {"type": "object", "additionalProperties": {"type": "integer"}}
        self.assertEqual(self.errors(typed, {"x/y": "s"})[0][0], "/x~1y")
        items = {"type": "array", "items": {"enum": ["a", "b"]}, "maxItems": 2}
        self.assertEqual(self.errors(items, ["a", "c"])[0][0], "/1")
        self.assertTrue(self.errors(items, ["a", "a", "a"]))

    def test_ref_and_exact_multiple_of(self):
        doc = {"components": {"schemas": {"N": {"type": "integer", "maximum": 5}}}}
        self.assertTrue(self.errors({"$ref": "#/components/schemas/N"}, 6, doc))
        self.assertEqual(self.errors({"multipleOf": 0.01}, 0.07), [])  # exact, unlike floats
        self.assertTrue(self.errors({"multipleOf": 0.01}, 0.075))


class DocumentRules(unittest.TestCase):
    """Rules the document keeps (issue 7 item 7)."""

    @classmethod
    def setUpClass(cls):
        cls.doc = Contract.load().doc

    def walk(self, node, pointer=""):
        yield pointer, node
        if isinstance(node, dict):
            for key, value in node.items():
                yield from self.walk(value, f"{pointer}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from self.walk(value, f"{pointer}/{i}")

    def test_no_fractional_multiple_of(self):
        for pointer, node in self.walk(self.doc):
            if isinstance(node, dict) and "multipleOf" in node:
                self.assertEqual(node["multipleOf"], int(node["multipleOf"]), pointer)

    def test_every_paginated_list_documents_400_and_the_total(self):
        contract = Contract(self.doc)
        lists = 0
        for template, item in self.doc["paths"].items():
            for method, operation in item.items():
                if method == "parameters":
                    continue
                names = [contract._deref(p).get("name") for p in operation.get("parameters", [])]
                if "page" not in names:
                    continue
                lists += 1
                responses = operation["responses"]
                self.assertIn("400", responses, f"{method} {template}")
                ok = contract._deref(responses["200"])
                self.assertIn("X-Total-Count", ok.get("headers", {}), f"{method} {template}")
        self.assertGreaterEqual(lists, 7)

    def test_every_operation_can_time_out(self):
        for template, item in self.doc["paths"].items():
            for method, operation in item.items():
                if method != "parameters":
                    self.assertIn("408", operation["responses"], f"{method} {template}")

    def test_the_checker_is_strict_by_default(self):
        self.assertEqual(openapi_contract.MODE in ("strict", "report", "off"), True)
        doc = copy.deepcopy(self.doc)
        self.assertTrue(Contract(doc).check("GET", "/api/products/", 599, JSON, b"{}"))


class LiveProbe(ApiTestCase):
    """Operations the other suites reach rarely, answered by the real server: every response goes
    through MamonServer.request() and so through the checker (strict unless told otherwise)."""

    @classmethod
    def setUpClass(cls):
        cls.server = start_bar_server()
        try:
            cls.server.add_user("root", superuser=True)
            add_member(cls.server, "board", groups=["Bestuur"])
        except BaseException:
            cls.server.stop(check_ledger=False)
            raise
        cls.tapper = Actor(cls.server, "tapper")
        cls.alice = Actor(cls.server, "alice")
        cls.root = Actor(cls.server, "root")
        cls.board = Actor(cls.server, "board")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_the_server_serves_the_checked_document(self):
        r = self.server.request("GET", "/api/")
        self.assertEqual(r.status, 200, r)
        with open(openapi_contract.DOC_PATH, encoding="utf-8") as f:
            self.assertEqual(r.json, json.load(f), "rebuild mamon: GET /api/ is not docs/openapi.json")

    def test_bad_paging_is_400_on_every_list(self):
        doc = Contract.load()
        lists = [(template, method) for template, item in doc.doc["paths"].items()
                 for method, operation in item.items() if method != "parameters" and
                 "page" in [doc._deref(p).get("name") for p in operation.get("parameters", [])]]
        for template, method in lists:
            if method != "get" or "{" in template:
                continue  # a list under an object (/api/stock/{id}/mutations/): its own suite
            for query in ("page=abc", "page=0", "page_size=0", "page_size=501"):
                with self.subTest(template=template, query=query):
                    r = self.server.request("GET", f"{template}?{query}", token=self.root.token)
                    self.assertError(r, 400)
            r = self.server.request("GET", f"{template}?page=1&page_size=2", token=self.root.token)
            self.assertEqual(r.status, 200, r)
            self.assertIsNotNone(r.headers.get("X-Total-Count"), template)

    def test_a_whole_bar_cycle_matches_the_document(self):
        tapper = self.tapper
        self.assertEqual(tapper.post("/api/reports/", {"action": "open", "total_cash": 100.07,
                                                       "flow_meter1": 1, "flow_meter2": 2}).status,
                         201)
        tapper.top_up(self.alice.holder, 20.07)
        tapper.sell_cash(COLA, 2)
        r = tapper.post("/api/purchases/", {"orders": [{"product": COLA, "quantity": 1}],
                                            "balance": True, "cash": False, "pin": False,
                                            "buyer": self.alice.holder})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(tapper.post("/api/reports/", {"action": "middle", "total_cash": 101,
                                                       "flow_meter1": 3, "flow_meter2": 4}).status,
                         201)
        for user in (self.root, self.board, tapper):
            for path in ("/api/barcycles/", "/api/reports/", "/api/purchases/",
                         "/api/walletupgrades/", "/api/holders/", "/api/products/overview/",
                         "/api/categories/", "/api/products/?active=false"):
                with self.subTest(user=user.username, path=path):
                    self.assertLess(user.get(path).status, 500)
        r = tapper.post("/api/reports/", {"action": "close", "total_cash": 110.5,
                                          "flow_meter1": 5, "flow_meter2": 6})
        self.assertEqual(r.status, 201, r)
        cycle = r.json["barcycle"]
        self.assertEqual(self.root.get(f"/api/barcycles/{cycle}/").status, 200)
        self.assertEqual(self.alice.get("/api/purchases/").status, 200)

    def test_an_unknown_holder_in_a_body_is_a_field_error(self):
        # issue 7 item 8: 400 with the field the body named, on every endpoint
        unknown = 999999
        r = self.tapper.post("/api/purchases/", {"orders": [{"product": COLA, "quantity": 1}],
                                                 "balance": True, "cash": False, "pin": False,
                                                 "buyer": unknown})
        self.assertError(r, 400)
        self.assertIn("buyer", r.json.get("errors", {}), r)
        r = self.tapper.post("/api/walletupgrades/", {"amount": 5, "refund": False, "cash": True,
                                                      "pin": False, "comment": "",
                                                      "holder": {"id": unknown}})
        self.assertError(r, 400, field="holder")
        r = self.tapper.post("/api/holders/cards/", {"card_id": "04AABBCC", "card_name": "x",
                                                     "user": {"id": unknown}})
        self.assertError(r, 400, field="user")


if __name__ == "__main__":
    unittest.main()
