"""A fake of the association's ledenbase on a free loopback port (DESIGN.md §8), for the
ledenbase login tests: POST /login/ {"username", "password"} -> {"token"} (400 with
non_field_errors for wrong credentials, as Django REST framework answers), GET
/personen/{token}/ -> the member. Both check the Authorization header (LEDENBASE_TOKEN). A test
can make it fail (HTTP 500) or answer too slowly; every request is recorded."""
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOKEN = "fake-ledenbase-client-token-0123456789"


class FakeLedenbase:
    def __init__(self):
        self.lock = threading.Lock()
        self.members = {}        # username -> (password, member dict)
        self.sessions = {}       # member token -> member dict
        self.requests = []       # (method, path, headers dict, body dict or None)
        self.fail_status = None  # answer every request with this status
        self.delay_s = 0         # sleep before answering
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/api"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def add(self, username, password, **member):
        with self.lock:
            self.members[username] = (password, member)

    def remove(self, username):
        with self.lock:
            self.members.pop(username, None)

    def behave(self, fail_status=None, delay_s=0):
        with self.lock:
            self.fail_status = fail_status
            self.delay_s = delay_s

    def logins(self):
        with self.lock:
            return [r for r in self.requests if r[0] == "POST"]

    def _answer(self, method, path, headers, body):
        with self.lock:
            self.requests.append((method, path, headers, body))
            fail, delay = self.fail_status, self.delay_s
        if delay:
            time.sleep(delay)
        if fail:
            return fail, {"detail": "broken"}
        if headers.get("Authorization") != TOKEN:
            return 403, {"detail": "unknown client application"}
        with self.lock:
            if method == "POST" and path == "/api/login/":
                entry = self.members.get((body or {}).get("username"))
                if entry is None or entry[0] != body.get("password"):
                    return 400, {"non_field_errors": ["Unable to log in with provided credentials."]}
                token = secrets.token_hex(16)
                self.sessions[token] = entry[1]
                return 200, {"token": token}
            if method == "GET" and path.startswith("/api/personen/") and path.endswith("/"):
                member = self.sessions.get(path[len("/api/personen/"):-1])
                if member is None:
                    return 404, {"detail": "Not found."}
                return 200, member
        return 404, {"detail": "Not found."}

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self, method):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = None
                status, doc = fake._answer(method, self.path, dict(self.headers), body)
                data = json.dumps(doc).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (a timeout test)

            def do_GET(self):
                self._handle("GET")

            def do_POST(self):
                self._handle("POST")

            def log_message(self, *args):
                pass

        return Handler
