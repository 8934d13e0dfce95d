"""A fake of Mollie's v2 payments API on a free loopback port, for the online top-up tests.

It speaks the subset Mamon uses (POST /v2/payments, GET /v2/payments/{id}) with Mollie's
documented shapes, checks the Bearer API key, and lets a test play Mollie's part: set a payment's
status, change its amount, make the next calls fail. Every request is recorded for assertions.
"""
import json
import secrets

from fake_json_service import FakeJsonService

API_KEY = "test_fakemolliekey1234567890"


def _error(status, title, detail):
    return status, {"status": status, "title": title, "detail": detail,
                    "_links": {"documentation": {"href": "https://docs.mollie.com/"}}}


class FakeMollie(FakeJsonService):
    content_type = "application/hal+json"
    url_path = "/v2"

    def __init__(self):
        super().__init__()
        self.payments = {}
        self.fail_next = []      # HTTP statuses to answer with, first in first out

    # --- Mollie's part, played by the test -----------------------------------------------------
    def set_status(self, payment_id, status):
        with self.lock:
            self.payments[payment_id]["status"] = status
            if status != "open":
                self.payments[payment_id]["_links"].pop("checkout", None)

    def set_amount(self, payment_id, value):
        with self.lock:
            self.payments[payment_id]["amount"]["value"] = value

    def fail(self, *statuses):
        with self.lock:
            self.fail_next.extend(statuses)

    def created(self):
        with self.lock:
            return [body for method, path, _, body in self.requests
                    if method == "POST" and path == "/v2/payments"]

    # --- the HTTP side --------------------------------------------------------------------------
    def _answer(self, method, path, headers, body):
        with self.lock:
            self.requests.append((method, path, headers, body))
            if self.fail_next:
                status = self.fail_next.pop(0)
                return _error(status, "Internal Server Error", "The fake was told to fail.")
        if headers.get("Authorization") != "Bearer " + API_KEY:
            return _error(401, "Unauthorized Request", "Missing authentication, or failed to "
                          "authenticate")
        if method == "POST" and path == "/v2/payments":
            return self._create(body)
        if method == "GET" and path.startswith("/v2/payments/"):
            with self.lock:
                payment = self.payments.get(path[len("/v2/payments/"):])
                if payment is None:
                    return _error(404, "Not Found", "No payment exists with token " + path)
                return 200, json.loads(json.dumps(payment))
        return _error(404, "Not Found", "Unknown endpoint")

    def _create(self, body):
        if not isinstance(body, dict):
            return _error(400, "Bad Request", "The JSON is malformed")
        amount = body.get("amount") or {}
        if amount.get("currency") != "EUR" or not isinstance(amount.get("value"), str):
            return _error(422, "Unprocessable Entity", "The amount is invalid")
        for field in ("description", "redirectUrl", "webhookUrl"):
            if not body.get(field):
                return _error(422, "Unprocessable Entity", f"The {field} is missing")
        payment_id = "tr_" + secrets.token_hex(5)
        payment = {
            "resource": "payment", "id": payment_id, "mode": "test", "status": "open",
            "createdAt": "2026-11-24T10:00:00+00:00", "expiresAt": "2026-11-24T10:15:00+00:00",
            "amount": dict(amount), "description": body["description"],
            "method": None, "metadata": body.get("metadata"), "sequenceType": "oneoff",
            "redirectUrl": body["redirectUrl"], "webhookUrl": body["webhookUrl"],
            "_links": {"self": {"href": f"{self.url}/payments/{payment_id}"},
                       "checkout": {"href": f"https://pay.fake-mollie.test/{payment_id}",
                                    "type": "text/html"}},
        }
        with self.lock:
            self.payments[payment_id] = payment
            return 201, json.loads(json.dumps(payment))
