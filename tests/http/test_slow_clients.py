"""Slow clients (issue 7, security 2 and item 9) against the real binary, on loopback only.

One address holding more connections than its cap (limits.h kHttpConnectionsPerAddressMax = 64)
must not shut anyone else out, and a request whose head stalls gets a 408 JSON answer after the
head deadline (kHttpHeaderTimeoutSeconds = 10) instead of a silent close. Bounded: 65 sockets from
127.0.0.2, about 10 s; every socket is closed in `finally`.
"""
import json
import re
import socket
import time
import unittest

from harness import MamonServer

PER_ADDRESS_CAP = 64          # limits.h kHttpConnectionsPerAddressMax
HEAD_DEADLINE_SECONDS = 10    # limits.h kHttpHeaderTimeoutSeconds
SLOW_ADDRESS = "127.0.0.2"


def connect_from(source, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind((source, 0))
        s.settimeout(5)
        s.connect(("127.0.0.1", port))
    except OSError:
        s.close()
        raise
    return s


def read_response(s, timeout):
    """Reads until the peer closes or a whole response (head + Content-Length body) is in."""
    s.settimeout(timeout)
    data = b""
    while True:
        head_end = data.find(b"\r\n\r\n")
        if head_end >= 0:
            m = re.search(rb"(?i)\r\ncontent-length:\s*(\d+)", data[:head_end])
            if m and len(data) >= head_end + 4 + int(m.group(1)):
                break
        try:
            chunk = s.recv(65536)
        except socket.timeout:
            break
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/1.1 ") else None
    try:
        parsed = json.loads(body) if body else None
    except ValueError:
        parsed = None
    return status, parsed, data


class SlowClients(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def open_connections(self):
        r = self.server.request("GET", "/metrics")
        m = re.search(r"^mamon_http_connections_open (\S+)$", r.raw.decode(), re.M)
        return float(m.group(1)) if m else -1

    def test_a_slow_address_over_its_cap_does_not_shut_out_others(self):
        held = []
        try:
            # A slowloris: every connection sends part of a request head and stalls.
            for _ in range(PER_ADDRESS_CAP):
                s = connect_from(SLOW_ADDRESS, self.server.port)
                held.append(s)
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            started = time.monotonic()
            deadline = started + 5
            # Wait until the server has accepted all of them (+1: the /metrics request itself).
            while self.open_connections() < PER_ADDRESS_CAP + 1 and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertGreaterEqual(self.open_connections(), PER_ADDRESS_CAP + 1)

            # One more from the same address: refused at once with a JSON 503.
            over = connect_from(SLOW_ADDRESS, self.server.port)
            held.append(over)
            status, body, raw = read_response(over, timeout=5)
            self.assertEqual(status, 503, raw)
            self.assertEqual(body["code"], "too_many_connections", raw)
            self.assertEqual(body["detail"], body["message"])

            # Everybody else keeps being served.
            for _ in range(5):
                r = self.server.request("GET", "/healthz")
                self.assertEqual(r.status, 200, r)

            # Item 9: each stalled head is answered with 408 JSON after the head deadline.
            for s in held[:PER_ADDRESS_CAP]:
                remaining = started + HEAD_DEADLINE_SECONDS + 5 - time.monotonic()
                status, body, raw = read_response(s, timeout=max(remaining, 0.5))
                self.assertEqual(status, 408, raw)
                self.assertEqual(body["code"], "request_timeout", raw)
                self.assertEqual(body["detail"], body["message"])
                self.assertIn(b"connection: close", raw.lower())
            self.assertGreaterEqual(time.monotonic() - started, HEAD_DEADLINE_SECONDS - 1)
        finally:
            for s in held:
                s.close()
        # The slots are free again: the slow address is served once it behaves.
        deadline = time.monotonic() + 5
        while self.open_connections() > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        s = connect_from(SLOW_ADDRESS, self.server.port)
        try:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            status, _, raw = read_response(s, timeout=5)
            self.assertEqual(status, 200, raw)
        finally:
            s.close()


if __name__ == "__main__":
    unittest.main()
