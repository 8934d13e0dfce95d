#!/usr/bin/env python3
"""Drives a running Mamon server from the outside, as scripts/container-check.sh does with the
server inside the image: /healthz, an API login of bar staff, a cash purchase, and the website
(log in as the board, open that purchase's page). Standard library only.

Usage: drive_server.py BASE_URL STAFF_USER BOARD_USER   (both passwords in MAMON_CHECK_PASSWORD)
Prints one line per step; exits 0 when every step passed, 1 with the failing step's reason.
"""
import http.cookiejar
import json
import os
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT_S = 30


class StepFailed(Exception):
    pass


class Client:
    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def request(self, method, path, body=None, headers=None, form=False):
        hdrs = dict(headers or {})
        data = None
        if body is not None and form:
            data = urllib.parse.urlencode(body).encode()
            hdrs["Content-Type"] = "application/x-www-form-urlencoded"
            hdrs["Origin"] = self.base
        elif body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        req = urllib.request.Request(self.base + path, data=data, headers=hdrs, method=method)
        try:
            with self.opener.open(req, timeout=TIMEOUT_S) as resp:
                return resp.status, resp.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as err:
            return err.code, err.read().decode("utf-8", "replace")


def expect(condition, message):
    if not condition:
        raise StepFailed(message)


def step_healthz(base):
    status, text = Client(base).request("GET", "/healthz")
    expect(status == 200, f"/healthz answered {status}: {text[:200]}")
    body = json.loads(text)
    expect(body == {"status": "ok", "database": "ok"}, f"/healthz said {body}")
    return "status ok, database ok"


def step_api_login(base, username, password):
    status, text = Client(base).request("POST", "/api/login/",
                                        {"username": username, "password": password})
    expect(status == 200, f"POST /api/login/ answered {status}: {text[:200]}")
    body = json.loads(text)
    expect(body.get("access") and body["user"]["username"] == username, f"login said {body}")
    return body["access"]


def step_purchase(base, access):
    auth = {"Authorization": f"Bearer {access}"}
    client = Client(base)
    status, text = client.request("GET", "/api/products/", headers=auth)
    expect(status == 200, f"GET /api/products/ answered {status}: {text[:200]}")
    products = json.loads(text)
    expect(products, "the starter data has no active products")
    product = products[0]
    order = {"orders": [{"product": product["id"], "quantity": 2}],
             "cash": True, "balance": False, "pin": False}
    status, text = client.request("POST", "/api/purchases/", order, headers=auth)
    expect(status == 201, f"POST /api/purchases/ answered {status}: {text[:200]}")
    purchase = json.loads(text)
    status, text = client.request("GET", f"/api/purchases/{purchase['id']}", headers=auth)
    expect(status == 200 and json.loads(text)["total"] == purchase["total"],
           f"GET /api/purchases/{purchase['id']} answered {status}: {text[:200]}")
    return purchase, product


def step_website(base, username, password, purchase, product):
    client = Client(base)
    status, text = client.request("GET", "/login/")
    expect(status == 200, f"GET /login/ answered {status}")
    match = re.search(r'name="csrf_token" value="([^"]+)"', text)
    expect(match, "the login page has no csrf_token")
    status, text = client.request("POST", "/login/", {"csrf_token": match.group(1),
                                                      "username": username,
                                                      "password": password}, form=True)
    expect(status == 200 and "/logout" in text,
           f"website login as {username} did not land on a logged-in page ({status})")
    path = f"/board/purchases/{purchase['id']}/"
    status, text = client.request("GET", path)
    expect(status == 200, f"GET {path} answered {status}")
    expect(product["name"] in text, f"{path} does not show {product['name']!r}")
    return f"{path} shows {product['name']!r}"


def main(argv):
    if len(argv) != 4 or not os.environ.get("MAMON_CHECK_PASSWORD"):
        print(__doc__, file=sys.stderr)
        return 2
    base, staff, board = argv[1].rstrip("/"), argv[2], argv[3]
    password = os.environ["MAMON_CHECK_PASSWORD"]
    try:
        started = time.monotonic()
        print(f"drive: GET /healthz: {step_healthz(base)}")
        access = step_api_login(base, staff, password)
        print(f"drive: POST /api/login/ as {staff}: 200, access token")
        purchase, product = step_purchase(base, access)
        print(f"drive: POST /api/purchases/: 201, purchase {purchase['id']} of 2 x "
              f"{product['name']!r}, total {purchase['total']}")
        print(f"drive: website login as {board}: {step_website(base, board, password, purchase, product)}")
        print(f"drive: all steps passed in {time.monotonic() - started:.1f} s")
        return 0
    except (StepFailed, OSError, ValueError, KeyError) as err:
        print(f"drive: FAILED: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
