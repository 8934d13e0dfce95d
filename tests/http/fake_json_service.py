"""What the fakes of outside JSON services (fake_mollie.py, fake_ledenbase.py) share: a threaded
HTTP server on a free loopback port, started and stopped by the test, that records every request
and answers what the subclass's `_answer(method, path, headers, body)` returns as
`(status, document)`. A body that is not JSON reaches `_answer` as MALFORMED."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MALFORMED = "<malformed>"


class FakeJsonService:
    content_type = "application/json"
    url_path = ""  # appended to http://127.0.0.1:<port> in `url`

    def __init__(self):
        self.lock = threading.Lock()
        self.requests = []  # (method, path, headers dict, body dict or None), under `lock`
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}{self.url_path}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def _record(self, method, path, headers, body):
        with self.lock:
            self.requests.append((method, path, headers, body))

    def _answer(self, method, path, headers, body):
        raise NotImplementedError

    def _handler_class(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = MALFORMED
                status, doc = fake._answer(self.command, self.path, dict(self.headers), body)
                data = json.dumps(doc).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", fake.content_type)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass  # the client gave up (a timeout test)

            do_GET = _serve
            do_POST = _serve

            def log_message(self, *args):
                pass

        return Handler
