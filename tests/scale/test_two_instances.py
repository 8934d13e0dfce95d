#!/usr/bin/env python3
"""Two `mamon serve` on one PostgreSQL behind Debian's nginx (issue 11 item 6, docs/scaling.md):
the instances must behave as one server. nginx runs on loopback as a round-robin proxy with its
own configuration in a temporary directory; TRUSTED_PROXIES names it (127.0.0.1), so clients are
made to come from other loopback addresses (127.0.0.2 ...) where their address matters.

What is checked: concurrent purchases, top-ups and Mollie webhooks on shared holders through both
instances give exact balances, one credit per payment and a clean `mamon check`; a web session
made on one instance works on the other; login failures count across instances; one
Idempotency-Key on both instances makes one purchase; a deactivated user and a product change
made behind both instances' backs (in the database) are seen within the cache bounds of
limits.h; the client address comes from X-Forwarded-For only when nginx sent it.

PostgreSQL only: skipped, saying so, without MAMON_TEST_PG_URL (MAMON_REQUIRE_PG=1 fails
instead). Needs nginx (scripts/install-deps.sh --test).
"""
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import types
import unittest
import urllib.parse
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "http"))

from fake_mollie import API_KEY, FakeMollie  # noqa: E402
from harness import MAMON_BIN, PASSWORD, Database, Response, free_port  # noqa: E402
from test_web_foundation import Browser  # noqa: E402

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PILS_CENTS = 250
PRINCIPAL_CACHE_S = 2.0   # limits.h kPrincipalCacheMs
CATALOGUE_CHECK_S = 1.0   # limits.h kCatalogueVersionCheckMs
SLACK_S = 1.5             # scheduling on a loaded 2-core machine
PAIR_MAX = 10             # limits.h kLoginFailuresPerPairMax


def http_request(port, method, path, body=None, token=None, headers=None, raw_body=None,
                 source="127.0.0.1"):
    """One request on a fresh connection to 127.0.0.1:port from the loopback address `source`."""
    hdrs = dict(headers or {})
    data = None
    if raw_body is not None:
        data = raw_body.encode() if isinstance(raw_body, str) else raw_body
    elif body is not None:
        data = json.dumps(body).encode()
        hdrs.setdefault("Content-Type", "application/json")
    if token is not None:
        hdrs["Authorization"] = "Bearer " + token
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60, source_address=(source, 0))
    try:
        conn.request(method, path, data, hdrs)
        resp = conn.getresponse()
        return Response(resp.status, resp.headers, resp.read())
    finally:
        conn.close()


class Instance:
    """One `mamon serve` process on its own port; the database is the cluster's."""

    def __init__(self, name, env, tmp):
        self.name = name
        self.port = free_port()
        self.env = dict(env, BIND=f"127.0.0.1:{self.port}")
        self.log_path = os.path.join(tmp, f"server-{name}.log")
        self.proc = None
        self.log = None

    def start(self):
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen([MAMON_BIN, "serve"], env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT)

    def request(self, method, path, **kwargs):
        return http_request(self.port, method, path, **kwargs)

    def read_log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def stop(self):
        """SIGTERM; returns the exit code (killed if it does not end)."""
        try:
            if self.proc is None or self.proc.poll() is not None:
                return None if self.proc is None else self.proc.returncode
            self.proc.send_signal(signal.SIGTERM)
            try:
                return self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                return -9
        finally:
            if self.log is not None:
                self.log.close()


class Nginx:
    """Debian's nginx as a loopback round-robin proxy in front of `backends`, all of it in `dir`."""

    def __init__(self, dir, port, backends):
        self.dir = dir
        self.port = port
        self.proc = None
        servers = "\n".join(f"    server 127.0.0.1:{b.port} max_fails=0;" for b in backends)
        conf = f"""
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 512; }}
http {{
  access_log off;
  client_body_temp_path {dir}/client_body;
  proxy_temp_path {dir}/proxy;
  fastcgi_temp_path {dir}/fastcgi;
  uwsgi_temp_path {dir}/uwsgi;
  scgi_temp_path {dir}/scgi;
  upstream mamon {{
{servers}
    keepalive 16;
  }}
  server {{
    listen 127.0.0.1:{self.port};
    location / {{
      proxy_pass http://mamon;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_next_upstream off;  # never send a POST twice
    }}
  }}
}}
"""
        self.conf_path = os.path.join(dir, "nginx.conf")
        with open(self.conf_path, "w") as f:
            f.write(conf)

    def start(self):
        self.log = open(os.path.join(self.dir, "nginx.out"), "wb")
        self.proc = subprocess.Popen([NGINX, "-p", self.dir, "-e", self.dir + "/error.log",
                                      "-c", self.conf_path], stdout=self.log,
                                     stderr=subprocess.STDOUT)

    def stop(self):
        try:
            if self.proc is not None and self.proc.poll() is None:
                self.proc.send_signal(signal.SIGQUIT)  # graceful: finish open requests
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
                    self.proc.wait()
        finally:
            if getattr(self, "log", None) is not None:
                self.log.close()


class Cluster:
    """One PostgreSQL database, a fake Mollie, instances a and b, and nginx in front."""

    def __init__(self):
        self.db = Database("postgres")
        self.tmp = self.db.tmp
        os.chmod(self.tmp, 0o755)  # nginx's workers may run as another user
        self.mollie = FakeMollie().start()
        self.nginx = None
        self.instances = []
        proxy_port = free_port()
        self.public_url = f"http://127.0.0.1:{proxy_port}"
        self.env = dict(os.environ)
        self.env.update({
            "DATABASE_URL": self.db.url,
            "SECRET_KEY": "test-secret-key-" + "x" * 32,
            "JWT_KEY": "test-jwt-key-" + "y" * 32,
            "PUBLIC_URL": self.public_url,
            "TRUSTED_PROXIES": "127.0.0.1/32",
            "MOLLIE_API_KEY": API_KEY,
            "MOLLIE_API_URL": self.mollie.url,
            "open_bar_name": "De Test Bar",
            "WORKERS": "4",
        })
        try:
            self.cli("migrate")
        except BaseException:
            self.mollie.stop()
            self.db.drop()
            raise
        self.a = Instance("a", self.env, self.tmp)
        self.b = Instance("b", self.env, self.tmp)
        self.instances = [self.a, self.b]
        self.nginx = Nginx(self.tmp, proxy_port, self.instances)

    def start(self):
        for instance in self.instances:
            instance.start()
        self.nginx.start()
        deadline = time.time() + 30
        for port in [i.port for i in self.instances] + [self.nginx.port]:
            while True:
                try:
                    if http_request(port, "GET", "/healthz").status == 200:
                        break
                except OSError:
                    pass
                if time.time() > deadline:
                    raise AssertionError("the cluster did not become healthy:\n" + self.logs())
                time.sleep(0.05)
        return self

    def logs(self):
        text = "\n".join(f"--- {i.name}\n{i.read_log()[-3000:]}" for i in self.instances)
        error_log = os.path.join(self.tmp, "error.log")
        if os.path.exists(error_log):
            with open(error_log, errors="replace") as f:
                text += "\n--- nginx\n" + f.read()[-3000:]
        return text

    def request(self, method, path, **kwargs):
        """Through nginx."""
        return http_request(self.nginx.port, method, path, **kwargs)

    def cli(self, *args, env=None):
        result = subprocess.run([MAMON_BIN, *args], env=dict(self.env, **(env or {})),
                                capture_output=True, text=True, timeout=120, cwd=self.tmp)
        if result.returncode != 0:
            raise AssertionError(f"mamon {' '.join(args)}: {result.stdout}{result.stderr}")
        return result

    def sql(self, statement):
        result = subprocess.run(["psql", self.db.url, "-qtA", "-v", "ON_ERROR_STOP=1", "-c",
                                 statement], capture_output=True, text=True, check=True)
        return result.stdout.strip()

    def add_member(self, username, *extra):
        self.cli("adduser", username, "--password-env", "MAMON_T_PW", "--first-name",
                 username.capitalize(), "--last-name", "Test", *extra,
                 env={"MAMON_T_PW": PASSWORD})

    def login(self, username, via=None):
        r = (via or self).request("POST", "/api/login/",
                                  body={"username": username, "password": PASSWORD})
        if r.status != 200:
            raise AssertionError(f"login {username}: {r}")
        return r.json

    def stop(self):
        """Stops everything (whatever failed before); the instances must exit 0 and the ledger
        must be clean."""
        problems = []
        try:
            if self.nginx is not None:
                self.nginx.stop()
            for instance in self.instances:
                code = instance.stop()
                if code not in (0, None):
                    problems.append(f"instance {instance.name} exited {code}")
            if self.instances:
                check = subprocess.run([MAMON_BIN, "check"], env=self.env, capture_output=True,
                                       text=True, timeout=120, cwd=self.tmp)
                if check.returncode != 0:
                    problems.append("mamon check: " + check.stdout + check.stderr)
        finally:
            self.mollie.stop()
            self.db.drop()
        if problems:
            raise AssertionError("; ".join(problems))


def load_products(cluster):
    records = [{"model": "purchase.product", "pk": 1, "fields": {
        "name": "Pils", "price": PILS_CENTS / 100, "color": "#FFCC00", "active": True,
        "image": ""}}]
    path = os.path.join(cluster.tmp, "products.json")
    with open(path, "w") as f:
        json.dump(records, f)
    cluster.cli("loaddata", path)


def parallel(jobs):
    """Runs the callables at once; returns their results in order (re-raises the first error)."""
    results = [None] * len(jobs)
    errors = []

    def run(i):
        try:
            results[i] = jobs[i]()
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    if errors:
        raise errors[0]
    return results


@unittest.skipUnless(os.environ.get("MAMON_TEST_PG_URL") or os.environ.get("MAMON_REQUIRE_PG"),
                     "two instances share one PostgreSQL: set MAMON_TEST_PG_URL to run them")
class TwoInstances(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.environ.get("MAMON_TEST_PG_URL"):
            raise AssertionError("MAMON_REQUIRE_PG=1 but MAMON_TEST_PG_URL is not set")
        if not os.path.exists(NGINX):
            raise AssertionError("nginx is missing: scripts/install-deps.sh --test installs it")
        cls.cluster = Cluster()
        cls.addClassCleanup(cls.cluster.stop)
        load_products(cls.cluster)
        cls.cluster.add_member("tapper", "--group", "Tapper", "--personnel", "tap")
        cls.cluster.start()
        cls.tapper = cls.cluster.login("tapper")["access"]

    def member(self, username):
        self.cluster.add_member(username)
        return self.cluster.login(username)

    def balance_cents(self, holder, via):
        r = via.request("GET", f"/api/holders/{holder}/", token=self.tapper)
        self.assertEqual(r.status, 200, r)
        return round(r.json["stand"] * 100)

    def top_up(self, holder, cents, via):
        r = via.request("POST", "/api/walletupgrades/", token=self.tapper, body={
            "amount": cents / 100, "refund": False, "cash": True, "pin": False, "comment": "",
            "holder": {"id": holder}})
        self.assertEqual(r.status, 201, r)
        return r

    def buy(self, holder, via, key=None):
        headers = {"Idempotency-Key": key} if key else None
        return via.request("POST", "/api/purchases/", token=self.tapper, headers=headers, body={
            "orders": [{"product": 1, "quantity": 1}], "balance": True, "cash": False,
            "pin": False, "buyer": holder})

    # --- money through both instances -----------------------------------------------------------
    def test_concurrent_purchases_top_ups_and_webhooks_on_shared_holders(self):
        c = self.cluster
        members = [self.member(f"shared{i}") for i in range(3)]
        holders = [m["user"]["holder"] for m in members]
        start_cents, purchases_each, top_ups_each, top_up_cents = 10000, 12, 4, 1000
        for h in holders:
            self.top_up(h, start_cents, c)
        # One online top-up per member, started through the proxy and paid at Mollie.
        online_cents = 1250
        payment_ids = []
        for m in members:
            r = c.request("POST", "/api/wallet/opwarderen/", token=m["access"],
                          body={"amount": online_cents / 100})
            self.assertEqual(r.status, 201, r)
            payment_id = r.json["checkout_url"].rsplit("/", 1)[1]
            c.mollie.set_status(payment_id, "paid")
            payment_ids.append(payment_id)

        routes = [c, c.a, c.b]  # the proxy (round robin) and each instance directly
        jobs = []
        for h in holders:
            jobs += [lambda h=h, i=i: self.buy(h, routes[i % 3]) for i in range(purchases_each)]
            jobs += [lambda h=h, i=i: self.top_up(h, top_up_cents, routes[i % 3])
                     for i in range(top_ups_each)]
        for p in payment_ids:  # Mollie calls the webhook more than once, at any instance
            jobs += [lambda p=p, i=i: routes[i % 3].request(
                "POST", "/mollie/webhook/", raw_body="id=" + p,
                headers={"Content-Type": "application/x-www-form-urlencoded"}) for i in range(6)]
        results = parallel(jobs)
        for r in results:
            self.assertIn(r.status, (200, 201), r)

        expected = (start_cents + top_ups_each * top_up_cents + online_cents -
                    purchases_each * PILS_CENTS)
        for h in holders:
            self.assertEqual(self.balance_cents(h, c.a), expected)
            self.assertEqual(self.balance_cents(h, c.b), expected)
        credits = c.sql("SELECT count(*) FROM transfers WHERE kind = 'mollie_top_up'")
        self.assertEqual(int(credits), len(payment_ids), "one credit per paid payment")
        # Both instances took part, through the proxy too.
        for instance in c.instances:
            self.assertIn('path="/api/purchases/"', instance.read_log())
        self.assertIn("ledger clean", c.cli("check").stdout)

    # --- state the instances share through the database -----------------------------------------
    def test_a_web_session_made_on_one_instance_works_on_the_other(self):
        c = self.cluster
        c.add_member("websessie")
        on_a = types.SimpleNamespace(port=c.a.port, base=c.public_url)
        on_b = types.SimpleNamespace(port=c.b.port, base=c.public_url)
        browser = Browser(on_a)
        r = browser.log_in("websessie")
        self.assertEqual(r.status, 303, r.text[:300])
        browser.server = on_b
        page = browser.request("GET", "/profile/")
        self.assertEqual(page.status, 200, page.text[:300])
        self.assertIn("websessie", page.text)
        # Logging out on b ends the session on a too.
        r = browser.request("POST", "/logout/", {"csrf_token": browser.csrf("/profile/")})
        self.assertEqual(r.status, 303)
        browser.server = on_a
        self.assertEqual(browser.request("GET", "/profile/").status, 303)

    def test_login_failures_count_on_every_instance(self):
        c = self.cluster
        c.add_member("geraden")
        wrong = {"username": "geraden", "password": "guess"}
        for i in range(PAIR_MAX):  # half on a, half on b, all from 127.0.0.2
            r = c.instances[i % 2].request("POST", "/api/login/", body=wrong, source="127.0.0.2")
            self.assertEqual(r.status, 401, r)
        right = {"username": "geraden", "password": PASSWORD}
        for instance in c.instances:
            r = instance.request("POST", "/api/login/", body=right, source="127.0.0.2")
            self.assertEqual(r.status, 429, r)
        # Through nginx the client is still 127.0.0.2 (X-Forwarded-For from a trusted proxy),
        # whatever address the client claims itself.
        for claimed in (None, "127.0.0.9", "127.0.0.9, 127.0.0.10"):
            headers = {"X-Forwarded-For": claimed} if claimed else None
            r = c.request("POST", "/api/login/", body=right, source="127.0.0.2", headers=headers)
            self.assertEqual(r.status, 429, (claimed, r))
        # The owner elsewhere gets in, through the proxy and directly.
        self.assertEqual(c.request("POST", "/api/login/", body=right, source="127.0.0.3").status,
                         200)
        self.assertEqual(c.b.request("POST", "/api/login/", body=right, source="127.0.0.3").status,
                         200)
        # An untrusted peer's X-Forwarded-For is ignored: 127.0.0.3 cannot pass as 127.0.0.2's
        # victim, nor 127.0.0.2 escape its limit by naming another address.
        r = c.a.request("POST", "/api/login/", body=right, source="127.0.0.2",
                        headers={"X-Forwarded-For": "127.0.0.3"})
        self.assertEqual(r.status, 429, r)

    def test_the_client_address_is_the_forwarded_one_only_behind_nginx(self):
        c = self.cluster

        def logged_ip(request_id):
            for instance in c.instances:
                for line in instance.read_log().splitlines():
                    if f"request_id={request_id} " in line:
                        return re.search(r" ip=(\S+)", line).group(1)
            return None

        cases = [
            (c, "127.0.0.4", None, "127.0.0.4"),            # nginx appends the peer
            (c, "127.0.0.4", "10.1.2.3", "127.0.0.4"),      # a claimed address is not believed
            (c.a, "127.0.0.4", "10.1.2.3", "127.0.0.4"),    # untrusted peer: header ignored
            (c.b, "127.0.0.1", "10.1.2.3", "10.1.2.3"),     # a trusted peer (nginx's address)
        ]
        for via, source, claimed, expected in cases:
            request_id = "xff-" + uuid.uuid4().hex
            headers = {"X-Request-Id": request_id}
            if claimed:
                headers["X-Forwarded-For"] = claimed
            self.assertEqual(via.request("GET", "/healthz", source=source,
                                         headers=headers).status, 200)
            deadline = time.time() + 5
            while logged_ip(request_id) is None and time.time() < deadline:
                time.sleep(0.05)
            self.assertEqual(logged_ip(request_id), expected, (via, source, claimed))

    def test_one_idempotency_key_on_both_instances_makes_one_purchase(self):
        c = self.cluster
        holder = self.member("sleutel")["user"]["holder"]
        self.top_up(holder, 1000, c)
        key = str(uuid.uuid4())
        first = self.buy(holder, c.a, key=key)
        self.assertEqual(first.status, 201, first)
        again = self.buy(holder, c.b, key=key)
        self.assertEqual(again.status, 201, again)
        self.assertEqual(again.json, first.json)
        # At once on both, with a fresh key: one purchase.
        key = str(uuid.uuid4())
        results = parallel([lambda i=i: self.buy(holder, c.instances[i % 2], key=key)
                            for i in range(6)])
        self.assertEqual([r.status for r in results], [201] * 6, results)
        self.assertEqual(len({r.json["id"] for r in results}), 1)
        self.assertEqual(self.balance_cents(holder, c.b), 1000 - 2 * PILS_CENTS)

    # --- caches ---------------------------------------------------------------------------------
    def wait_until(self, predicate, bound_s):
        """Seconds until predicate() held; fails if it does not within bound_s + slack."""
        started = time.monotonic()
        while not predicate():
            if time.monotonic() - started > bound_s + SLACK_S:
                self.fail(f"not seen within {bound_s} s (+{SLACK_S} s slack)")
            time.sleep(0.05)
        return time.monotonic() - started

    def test_a_deactivated_user_is_refused_by_both_within_the_cache_bound(self):
        c = self.cluster
        m = self.member("weggaan")
        path = f"/api/holders/{m['user']['holder']}/"
        for instance in c.instances:  # both have the principal in their caches now
            self.assertEqual(instance.request("GET", path, token=m["access"]).status, 200)
        c.sql("UPDATE users SET is_active = FALSE WHERE username = 'weggaan'")
        for instance in c.instances:
            self.wait_until(
                lambda: instance.request("GET", path, token=m["access"]).status == 401,
                PRINCIPAL_CACHE_S)

    def catalogue_etag(self, instance):
        return instance.request("GET", "/api/products/", token=self.tapper).headers["ETag"]

    def test_a_product_change_is_served_by_both_within_the_check_interval(self):
        c = self.cluster
        first = c.a.request("GET", "/api/products/", token=self.tapper)
        self.assertEqual(first.status, 200, first)
        etags = {i.name: self.catalogue_etag(i) for i in c.instances}
        self.assertEqual(etags["a"], etags["b"])
        c.sql("UPDATE products SET color = '#123456' WHERE id = 1")
        for instance in c.instances:
            def changed():
                r = instance.request("GET", "/api/products/", token=self.tapper,
                                     headers={"If-None-Match": etags["a"]})
                return r.status == 200 and "#123456" in r.raw.decode()
            self.wait_until(changed, CATALOGUE_CHECK_S)
        new = {i.name: self.catalogue_etag(i) for i in c.instances}
        self.assertEqual(new["a"], new["b"])
        self.assertNotEqual(new["a"], etags["a"])
        c.sql("UPDATE products SET color = '#FFCC00' WHERE id = 1")


if __name__ == "__main__":
    unittest.main(verbosity=2)
