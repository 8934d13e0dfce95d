"""Shared set-up for the bar API tests (purchases, wallet upgrades, reports).

There is no product-creating endpoint in API.md, so products come from a tiny Django-format
fixture loaded with `mamon loaddata`, like the seed data of the old system.
"""

from harness import PASSWORD, ApiTestCase, MamonServer

# pk -> (name, price, active)
PRODUCTS = {
    1: ("Pils", 2.5, True),
    2: ("Cola", 1.75, True),
    3: ("Oud product", 1.0, False),
    4: ("Gratis water", 0, True),
}
PILS, COLA, INACTIVE, WATER = 1, 2, 3, 4


def load_products(server):
    records = [{"model": "purchase.product", "pk": pk,
                "fields": {"name": name, "price": price, "color": "#FFFFFF", "active": active,
                           "image": ""}}
               for pk, (name, price, active) in PRODUCTS.items()]
    server.load_records(records)


def add_member(server, username, ledenbase_id=None, personnel=None, groups=()):
    """A user with a holder; optionally personnel and a ledenbase id (via the real CLI)."""
    args = ["adduser", username, "--password-env", "MAMON_T_PW",
            "--first-name", username.capitalize(), "--last-name", "Test"]
    for g in groups:
        args += ["--group", g]
    if personnel:
        args += ["--personnel", personnel]
    if ledenbase_id is not None:
        args += ["--ledenbase-id", str(ledenbase_id)]
    server.cli(*args, env={"MAMON_T_PW": PASSWORD})


class Actor:
    """A logged-in user: token, holder id, personnel id."""

    def __init__(self, server, username):
        login = server.login(username)
        self.server = server
        self.username = username
        self.token = login["access"]
        self.holder = login["user"]["holder"]
        self.personnel = login["user"]["personel"]

    def post(self, path, body, key=None, raw_body=None):
        headers = {"Idempotency-Key": key} if key is not None else None
        return self.server.request("POST", path, body, token=self.token, headers=headers,
                                   raw_body=raw_body)

    def get(self, path):
        return self.server.request("GET", path, token=self.token)

    def top_up(self, holder, amount, method="cash", **extra):
        body = {"amount": amount, "refund": False, "cash": method == "cash",
                "pin": method == "pin", "comment": "", "holder": {"id": holder}}
        body.update(extra)
        r = self.post("/api/walletupgrades/", body)
        if r.status != 201:
            raise AssertionError(f"top-up failed: {r}")
        return r.json

    def sell_cash(self, product, quantity=1):
        r = self.post("/api/purchases/", {"orders": [{"product": product, "quantity": quantity}],
                                          "balance": False, "cash": True, "pin": False})
        if r.status != 201:
            raise AssertionError(f"cash sale failed: {r}")
        return r.json


def report_body(action, total_cash=100, flow_meter1=1000, flow_meter2=2000, comment="", **extra):
    """A bar report as the app sends it (POST /api/reports/, and the POS's blind count POST
    /api/reports/counts/); total_cash None leaves it out (a count by denominations, `breakdown`
    in `extra`)."""
    body = {"action": action, "flow_meter1": flow_meter1, "flow_meter2": flow_meter2,
            "comment": comment}
    if total_cash is not None:
        body["total_cash"] = total_cash
    body.update(extra)
    return body


def start_bar_server(extra_env=None):
    """A started server with products, a tapper ("tapper", personnel "tap") and a plain member
    ("alice", ledenbase id 5001). `extra_env` adds settings (e.g. MOLLIE_API_URL)."""
    server = MamonServer(extra_env).start()
    try:
        load_products(server)
        server.add_user("tapper", groups=["Tapper"], personnel="tap")
        add_member(server, "alice", ledenbase_id=5001)
    except BaseException:
        server.stop(check_ledger=False)
        raise
    return server


class ReportsTestCase(ApiTestCase):
    """A bar server (start_bar_server) with two bar staff, a member and a board member, for the
    report and blind-count suites: tapper, tapper2 (personnel "tap2"), alice and board."""

    @classmethod
    def setUpClass(cls):
        cls.server = start_bar_server()
        try:
            cls.server.add_user("tapper2", groups=["Tapper"], personnel="tap2")
            cls.server.add_user("board", groups=["Bestuur"])
        except BaseException:
            cls.server.stop(check_ledger=False)
            raise
        cls.tapper = Actor(cls.server, "tapper")
        cls.tapper2 = Actor(cls.server, "tapper2")
        cls.alice = Actor(cls.server, "alice")
        cls.board = Actor(cls.server, "board")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
