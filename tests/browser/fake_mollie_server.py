"""The fake Mollie of tests/http/fake_mollie.py as a process, for the browser tests (Node).

Prints one JSON line on stdout once both servers listen, then serves until SIGTERM:
  {"apiUrl": "http://127.0.0.1:P/v2", "apiKey": "...", "controlUrl": "http://127.0.0.1:Q"}
apiUrl is what Mamon's MOLLIE_API_URL points at. The control server lets a test play Mollie's part:
  GET  /payments                      -> every payment created, as Mollie returns them
  POST /status {"id": ..., "status": "paid"|"failed"|"expired"|"canceled"|"open"}
  POST /fail   {"statuses": [500, ...]} -> the next API calls answer with these statuses
  GET  /checkout/<id>                 -> a small checkout page (what Mollie's hosted page is in
                                         test mode): buttons that set the status and redirect the
                                         browser to the payment's redirectUrl
Each payment's checkout link points at that page, so a browser following it stays on loopback.
Standard library only (PyPI is not reachable; see WEB.md §1).
"""
import html
import json
import os
import signal
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "http"))
import fake_mollie  # noqa: E402

STATUSES = {"open", "paid", "failed", "expired", "canceled"}


def main():
    fake = fake_mollie.FakeMollie()
    control = ThreadingHTTPServer(("127.0.0.1", 0), control_handler(fake))
    control.daemon_threads = True
    control_url = f"http://127.0.0.1:{control.server_address[1]}"

    original_create = fake._create

    def create(body):  # the checkout link leads to our local page instead of Mollie's host
        status, doc = original_create(body)
        if status == 201:
            href = f"{control_url}/checkout/{doc['id']}"
            with fake.lock:
                fake.payments[doc["id"]]["_links"]["checkout"]["href"] = href
            doc["_links"]["checkout"]["href"] = href
        return status, doc

    fake._create = create
    fake.start()
    threading.Thread(target=control.serve_forever, daemon=True).start()
    print(json.dumps({"apiUrl": fake.url, "apiKey": fake_mollie.API_KEY,
                      "controlUrl": control_url}), flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    control.shutdown()
    fake.stop()


def control_handler(fake):
    class Handler(BaseHTTPRequestHandler):
        def _send(self, status, body, content_type="application/json", headers=None):
            data = body if isinstance(body, bytes) else json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _body(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            ctype = self.headers.get("Content-Type", "")
            if ctype.startswith("application/x-www-form-urlencoded"):
                return {k: v[0] for k, v in urllib.parse.parse_qs(raw.decode()).items()}
            return json.loads(raw) if raw else {}

        def do_GET(self):
            if self.path == "/payments":
                with fake.lock:
                    return self._send(200, list(fake.payments.values()))
            if self.path.startswith("/checkout/"):
                return self._checkout_page(self.path[len("/checkout/"):])
            return self._send(404, {"error": "unknown"})

        def do_POST(self):
            body = self._body()
            if self.path == "/status":
                return self._set_status(body, redirect=False)
            if self.path.startswith("/checkout/"):
                body["id"] = self.path[len("/checkout/"):]
                return self._set_status(body, redirect=True)
            if self.path == "/fail":
                fake.fail(*[int(s) for s in body.get("statuses", [])])
                return self._send(200, {"ok": True})
            return self._send(404, {"error": "unknown"})

        def _set_status(self, body, redirect):
            pid, status = body.get("id"), body.get("status")
            with fake.lock:
                payment = fake.payments.get(pid)
            if payment is None or status not in STATUSES:
                return self._send(400, {"error": "unknown payment or status"})
            fake.set_status(pid, status)
            if redirect:
                return self._send(303, b"", "text/plain", {"Location": payment["redirectUrl"]})
            return self._send(200, {"ok": True})

        def _checkout_page(self, pid):
            with fake.lock:
                payment = fake.payments.get(pid)
            if payment is None:
                return self._send(404, b"no such payment", "text/plain")
            value = html.escape(payment["amount"]["value"])
            buttons = "".join(
                f'<button type="submit" name="status" value="{s}">{s}</button> '
                for s in ("paid", "failed", "canceled", "expired"))
            page = (f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
                    f'<title>Fake Mollie checkout</title></head><body><main>'
                    f'<h1>Fake Mollie: pay EUR {value}</h1>'
                    f'<form method="post" action="/checkout/{html.escape(pid)}">{buttons}</form>'
                    f'</main></body></html>')
            return self._send(200, page.encode(), "text/html; charset=utf-8")

        def log_message(self, *args):
            pass

    return Handler


if __name__ == "__main__":
    main()
