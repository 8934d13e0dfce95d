"""Black-box harness: runs the real `mamon` binary on a free loopback port with a fresh database.

Environment:
  MAMON_BIN            path to the mamon executable (set by ctest)
  MAMON_HTTP_BACKEND   "sqlite" (default) or "postgres"
  MAMON_TEST_PG_URL    a PostgreSQL server database where fresh databases can be created

A MamonServer owns one database and one server process. After the tests that use it, stop()
terminates the server with SIGTERM (it must exit 0) and runs `mamon check`: the ledger must be clean.
"""
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

import openapi_contract

MAMON_BIN = os.environ.get("MAMON_BIN", "mamon")
BACKEND = os.environ.get("MAMON_HTTP_BACKEND", "sqlite")
PASSWORD = "correct horse battery staple"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Response:
    def __init__(self, status, headers, raw):
        self.status = status
        self.headers = headers
        self.raw = raw
        try:
            self.json = json.loads(raw.decode("utf-8")) if raw else None
        except ValueError:
            self.json = None

    def __repr__(self):
        return f"<Response {self.status} {self.raw[:300]!r}>"


class Database:
    """A fresh, empty database: a temporary SQLite file or a new PostgreSQL database."""

    def __init__(self, backend=BACKEND):
        self.backend = backend
        self.tmp = tempfile.mkdtemp(prefix="mamon-http-")
        if backend == "sqlite":
            self.url = "sqlite:///" + os.path.join(self.tmp, "mamon.sqlite3")  # absolute: 4 slashes
            self.name = None
        elif backend == "postgres":
            admin = os.environ["MAMON_TEST_PG_URL"]
            self.name = "mamon_h_" + secrets.token_hex(6)
            subprocess.run(["psql", admin, "-q", "-c", f"CREATE DATABASE {self.name}"], check=True)
            parsed = urllib.parse.urlsplit(admin)
            self.admin = admin
            self.url = urllib.parse.urlunsplit(parsed._replace(path="/" + self.name))
        else:
            raise ValueError("unknown backend " + backend)

    def drop(self):
        if self.backend == "postgres":
            subprocess.run(["psql", self.admin, "-q", "-c",
                            f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"], check=False)
        shutil.rmtree(self.tmp, ignore_errors=True)


class MamonServer:
    def __init__(self, extra_env=None):
        self.db = Database()
        self.port = free_port()  # chosen again by start() when taken in the meantime
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ)
        self.env.update({
            "DATABASE_URL": self.db.url,
            "SECRET_KEY": "test-secret-key-" + "x" * 32,
            "JWT_KEY": "test-jwt-key-" + "y" * 32,
            "BIND": f"127.0.0.1:{self.port}",
            "PUBLIC_URL": self.base,
            "open_bar_name": "De Test Bar",
            "WORKERS": "4",
        })
        if extra_env:
            self.env.update(extra_env)
        self.proc = None
        self.log_path = os.path.join(self.db.tmp, "server.log")
        self.cli("migrate")

    # --- the CLI -------------------------------------------------------------------------------
    def cli(self, *args, env=None, check=True):
        full_env = dict(self.env)
        if env:
            full_env.update(env)
        result = subprocess.run([MAMON_BIN, *args], env=full_env, capture_output=True, text=True,
                                timeout=120)
        if check and result.returncode != 0:
            raise AssertionError(f"mamon {' '.join(args)} failed ({result.returncode}): "
                                 f"{result.stderr.strip()}")
        return result

    def load_records(self, records):
        """`mamon loaddata` of Django-format records (a list of {"model", "pk", "fields"})."""
        fd, path = tempfile.mkstemp(suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump(records, f)
        try:
            self.cli("loaddata", path)
        finally:
            os.unlink(path)

    def add_user(self, username, groups=(), personnel=None, superuser=False, password=PASSWORD):
        args = ["adduser", username, "--password-env", "MAMON_T_PW",
                "--first-name", username.capitalize(), "--last-name", "Test"]
        for g in groups:
            args += ["--group", g]
        if personnel:
            args += ["--personnel", personnel]
        if superuser:
            args += ["--superuser"]
        self.cli(*args, env={"MAMON_T_PW": password})

    # --- the process ---------------------------------------------------------------------------
    def use_port(self, port):
        """Serve on `port` from the next start(): BIND, and PUBLIC_URL unless a test set its own."""
        if self.env.get("PUBLIC_URL") == self.base:
            self.env["PUBLIC_URL"] = f"http://127.0.0.1:{port}"
        self.port = port
        self.base = f"http://127.0.0.1:{port}"
        self.env["BIND"] = f"127.0.0.1:{port}"

    def start(self, attempts=3):
        """Serves and waits for /healthz. The port from free_port() is free when chosen, but until
        the server binds it another process's outgoing connection may take it as its local port:
        on "cannot bind" the server is started again on a fresh port (at most `attempts` times)."""
        for attempt in range(attempts):
            if attempt:
                self.use_port(free_port())
            if self._start_once(last=attempt == attempts - 1):
                return self
        raise AssertionError("unreachable")

    def _start_once(self, last):
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([MAMON_BIN, "serve", "--bind", f"127.0.0.1:{self.port}"],
                                     env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            if self.proc.poll() is not None:
                self.log.close()
                if not last and "cannot bind" in self.read_log():
                    return False
                raise AssertionError("server exited early:\n" + self.read_log())
            try:
                if self.request("GET", "/healthz").status == 200:
                    return True
            except OSError:
                pass
            time.sleep(0.05)
        raise AssertionError("server did not become healthy:\n" + self.read_log())

    def read_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")[-5000:]

    def stop(self, check_ledger=True):
        """SIGTERM, expect a clean exit, then verify the ledger with `mamon check`."""
        try:
            if self.proc is not None and self.proc.poll() is None:
                self.proc.send_signal(signal.SIGTERM)
                code = self.proc.wait(timeout=20)
                if code != 0:
                    raise AssertionError(f"server exited with {code}:\n" + self.read_log())
            if check_ledger:
                result = self.cli("check", check=False)
                if result.returncode != 0:
                    raise AssertionError("mamon check failed after the tests:\n" + result.stdout +
                                         result.stderr)
        finally:
            if self.proc is not None and self.proc.poll() is None:
                self.proc.kill()
            if getattr(self, "log", None) is not None:
                self.log.close()
            self.db.drop()

    # --- HTTP ----------------------------------------------------------------------------------
    def request(self, method, path, body=None, token=None, headers=None, raw_body=None,
                auth_prefix="Bearer"):
        hdrs = {}
        data = None
        if raw_body is not None:
            data = raw_body if isinstance(raw_body, bytes) else raw_body.encode()
            hdrs["Content-Type"] = "application/json"
        elif body is not None:
            data = json.dumps(body).encode()
            hdrs["Content-Type"] = "application/json"
        if token is not None:
            hdrs["Authorization"] = f"{auth_prefix} {token}" if auth_prefix else token
        if headers:
            hdrs.update(headers)
        req = urllib.request.Request(self.base + path, data=data, method=method, headers=hdrs)
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                response = Response(resp.status, resp.headers, resp.read())
        except urllib.error.HTTPError as err:
            response = Response(err.code, err.headers, err.read())
        openapi_contract.check_response(method, path, response)  # docs/openapi.json must hold
        return response

    def login(self, username, password=PASSWORD):
        r = self.request("POST", "/api/login/", {"username": username, "password": password})
        if r.status != 200:
            raise AssertionError(f"login {username} failed: {r}")
        return r.json


ERROR_FIELDS = {"detail", "message", "code"}


class ApiTestCase(unittest.TestCase):
    """Assertions shared by the API suites."""

    def assertError(self, r, status, code=None, field=None):
        """`r` is the JSON error envelope (API.md) with `status`, and `code` / a message for
        `field` under "errors" when given."""
        self.assertEqual(r.status, status, r)
        self.assertIsInstance(r.json, dict, r)
        self.assertTrue(ERROR_FIELDS <= set(r.json), r)
        self.assertEqual(r.json["detail"], r.json["message"], r)
        if code is not None:
            self.assertEqual(r.json["code"], code, r)
        if field is not None:
            self.assertIn(field, r.json.get("errors", {}), r)
