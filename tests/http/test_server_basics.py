"""The server's own contract: health, metrics, JSON errors, limits, CORS, graceful shutdown."""
import socket
import unittest

from harness import ApiTestCase, MamonServer


class ServerBasics(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def test_healthz_reports_database(self):
        r = self.server.request("GET", "/healthz")
        self.assertEqual(r.status, 200)
        self.assertEqual(r.json, {"status": "ok", "database": "ok"})

    def test_metrics_is_prometheus_text(self):
        self.server.request("GET", "/healthz")
        r = self.server.request("GET", "/metrics")
        self.assertEqual(r.status, 200)
        self.assertIn("text/plain", r.headers.get("Content-Type", ""))
        self.assertIn("mamon_http_requests_total", r.raw.decode())

    def test_unknown_path_is_404_json(self):
        r = self.server.request("GET", "/api/no-such-thing/")
        self.assertEqual(r.status, 404)
        self.assertIn("detail", r.json)
        self.assertEqual(r.json["detail"], r.json["message"])

    def test_wrong_method_is_405_json(self):
        r = self.server.request("DELETE", "/healthz")
        self.assertEqual(r.status, 405)
        self.assertIn("detail", r.json)

    def test_preflight_needs_no_auth(self):
        r = self.server.request("OPTIONS", "/api/purchases/", headers={
            "Origin": "http://tablet.local", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type, Idempotency-Key"})
        self.assertIn(r.status, (200, 204))
        self.assertIn("Access-Control-Allow-Origin", r.headers)
        allowed = r.headers.get("Access-Control-Allow-Headers", "").lower()
        for h in ("authorization", "content-type", "idempotency-key"):
            self.assertIn(h, allowed)

    def test_body_over_one_mib_is_413_json(self):
        r = self.server.request("POST", "/api/login/", raw_body=b"x" * (1536 * 1024))
        self.assertEqual(r.status, 413)
        self.assertIn("detail", r.json)

    def test_malformed_json_is_400(self):
        r = self.server.request("POST", "/api/login/", raw_body=b"{not json")
        self.assertEqual(r.status, 400)
        self.assertIn("detail", r.json)

    def test_keep_alive_serves_two_requests_on_one_connection(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as s:
            request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
            s.sendall(request + request)
            data = b""
            while data.count(b"HTTP/1.1 200") < 2:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
            self.assertEqual(data.count(b"HTTP/1.1 200"), 2)


class PortTakenBeforeTheServerBinds(unittest.TestCase):
    """The harness's port is free when chosen; when another process's socket takes it before the
    server binds (an outgoing connection's local port, under load), the server refuses to start
    with "cannot bind" and the harness starts it again on a fresh port."""

    def test_start_moves_to_a_fresh_port(self):
        server = MamonServer()
        taken = server.port
        blocker = socket.socket()  # bound, not listening: like a client connection's local port
        try:
            blocker.bind(("127.0.0.1", taken))
            server.start()
            self.assertNotEqual(server.port, taken)
            self.assertEqual(server.env["BIND"], f"127.0.0.1:{server.port}")
            self.assertEqual(server.env["PUBLIC_URL"], server.base)
            self.assertEqual(server.request("GET", "/healthz").status, 200)
        finally:
            blocker.close()
            server.stop()


if __name__ == "__main__":
    unittest.main()
