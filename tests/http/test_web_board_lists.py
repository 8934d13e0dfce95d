"""The board's purchases and holders pages (issue 8 item 4, WEB.md §2 "Purchases", "Holders"):
/board/purchases/ with its filters, count/sum line, pagination and CSV/XLSX export, the purchase
detail, /board/holders/ with search, sort and export, and the read-only holder detail with its
timeline and cards. The data is made through the API as the bar app makes it; the pages are read
through the web login like a browser (test_web_foundation.Browser)."""
import csv
import datetime
import io
import json
import re
import subprocess
import tempfile
import unittest
import zoneinfo

from bar_support import COLA, PILS, PRODUCTS, Actor, add_member, start_bar_server
from bar_support import report_body as report
from test_web_foundation import Browser

# Debian's interpreter, where python3-openpyxl lives (a python3 earlier on PATH, e.g. pyenv's,
# may not have it); the XLSX exports are read back with it in a child process.
DEBIAN_PYTHON = "/usr/bin/python3"
READ_XLSX = r"""
import datetime, json, sys, openpyxl
def cell(v):
    if isinstance(v, datetime.datetime): return ["datetime", v.isoformat()]
    return [type(v).__name__, v]
sheet = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(json.dumps([[cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]))
"""

ZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")
PAGE_SIZE = 50  # board_list_support.h kBoardListPageSize
PRICES = {pk: round(price * 100) for pk, (_, price, _) in PRODUCTS.items()}
BOM = "\ufeff"


def nl_money(cents):
    """formats.h, Dutch: "€ 1.234,50"."""
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"€ {sign}{whole:,}".replace(",", ".") + f",{frac:02d}"


def en_money(cents):
    sign = "-" if cents < 0 else ""
    whole, frac = divmod(abs(cents), 100)
    return f"{sign}€{whole:,}.{frac:02d}"


def purchase_ids(html):
    return [int(i) for i in re.findall(r'<td[^>]*><a href="/board/purchases/(\d+)/">', html)]


def xlsx_rows(body):
    """The first sheet's rows as openpyxl reads them (datetimes as datetime objects)."""
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as f:
        f.write(body)
        f.flush()
        out = subprocess.run([DEBIAN_PYTHON, "-c", READ_XLSX, f.name], capture_output=True,
                             text=True, check=True, timeout=60).stdout
    return [tuple(datetime.datetime.fromisoformat(v) if t == "datetime" else v for t, v in row)
            for row in json.loads(out)]


def csv_rows(body, separator):
    text = body.decode("utf-8")
    assert text.startswith(BOM), text[:20]
    return list(csv.reader(io.StringIO(text[1:]), delimiter=separator))


class BoardLists(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = start_bar_server({"TIME_ZONE": "Europe/Amsterdam"})
        try:
            cls.make_data()
        except BaseException:
            cls.server.stop(check_ledger=False)
            raise

    @classmethod
    def make_data(cls):
        s = cls.server
        s.add_user("tapper2", groups=["Tapper"], personnel="tap2")
        s.add_user("board", groups=["Bestuur"])
        s.add_user("board2", groups=["Bestuur"])  # reads in English (the choice is remembered)
        s.add_user("root", superuser=True)
        add_member(s, "bob")
        add_member(s, "carl")
        cls.tapper = Actor(s, "tapper")
        cls.tapper2 = Actor(s, "tapper2")
        cls.alice = Actor(s, "alice")
        cls.bob = Actor(s, "bob")
        r = cls.alice.post("/api/cards/", {"card_id": "04a1b2c3", "card_name": "blauw"})
        assert r.status == 201, r
        cls.tapper.top_up(cls.alice.holder, 50)
        cls.tapper.top_up(cls.bob.holder, 10)
        cls.sales = []  # {id, method, seller, buyer, products, total, cycle}

        def sell(actor, lines, method, buyer=None, cycle=None):
            body = {"orders": [{"product": p, "quantity": q} for p, q in lines],
                    "balance": method == "balance", "cash": method == "cash",
                    "pin": method == "pin"}
            if buyer is not None:
                body["buyer"] = buyer
            r = actor.post("/api/purchases/", body)
            assert r.status == 201, r
            cls.sales.append({"id": r.json["id"], "method": method, "seller": actor.personnel,
                              "buyer": buyer, "products": {p for p, _ in lines},
                              "total": sum(PRICES[p] * q for p, q in lines), "cycle": cycle})

        sell(cls.tapper, [(PILS, 2)], "balance", cls.alice.holder)
        sell(cls.tapper, [(COLA, 1), (PILS, 1)], "balance", cls.alice.holder)
        sell(cls.tapper, [(PILS, 1)], "balance", cls.bob.holder)
        sell(cls.tapper2, [(COLA, 2)], "pin")
        sell(cls.tapper2, [(COLA, 1)], "pin")
        opened = cls.tapper.post("/api/reports/", report("open"))
        assert opened.status == 201, opened
        cls.cycle = opened.json["barcycle"]
        for _ in range(PAGE_SIZE + 10):  # more than a page, inside the cycle
            sell(cls.tapper, [(PILS, 1)], "cash", cycle=cls.cycle)
        closed = cls.tapper.post("/api/reports/", report("close"))
        assert closed.status == 201, closed
        cls.today = datetime.datetime.now(ZONE).date()
        cls.month_start = cls.today.replace(day=1)
        next_month = (cls.month_start + datetime.timedelta(days=32)).replace(day=1)
        cls.month_end = next_month - datetime.timedelta(days=1)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def browser(self, username, language=None):
        b = Browser(self.server)
        r = b.log_in(username)
        self.assertEqual(r.status, 303, r.text[:300])
        if language:
            r = b.request("POST", "/language/", {"csrf_token": b.csrf("/profile/"),
                                                 "language": language, "next": "/profile/"})
            self.assertEqual(r.status, 303, r.text[:300])
        return b

    def expected(self, **filters):
        rows = [s for s in self.sales
                if all((s[k] == v) if k != "products" else (v in s[k]) for k, v in filters.items())]
        return rows

    def get(self, b, path, status=200):
        r = b.request("GET", path)
        self.assertEqual(r.status, status, f"{path}: {r.text[:400]}")
        return r

    def get_bytes(self, b, path):
        """An export: (response, raw body bytes)."""
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            conn.request("GET", path, headers={
                "Cookie": "; ".join(f"{k}={v}" for k, v in b.cookies.items())})
            resp = conn.getresponse()
            body = resp.read()
        finally:
            conn.close()
        self.assertEqual(resp.status, 200, body[:300])
        return resp, body

    # --- permissions ----------------------------------------------------------------------------
    def pages(self):
        first = self.sales[0]["id"]
        return ["/board/purchases/", f"/board/purchases/{first}/", "/board/holders/",
                f"/board/holders/{self.alice.holder}/", "/board/purchases/?format=csv",
                "/board/holders/?format=xlsx"]

    def test_every_page_for_the_board_and_a_superuser(self):
        for user in ("board", "root"):
            b = self.browser(user)
            for path in self.pages():
                self.get(b, path)
            nav = self.get(b, "/board/purchases/").text
            self.assertIn('href="/board/purchases/" aria-current="page"', nav)  # the board tabs
            self.assertIn('href="/board/holders/"', nav)

    def test_anonymous_goes_to_the_login(self):
        b = Browser(self.server)
        for path in self.pages():
            r = b.request("GET", path)
            self.assertEqual(r.status, 303, path)
            self.assertTrue(r.getheader("Location").startswith("/login/?next=/board/"), path)

    def test_a_member_gets_the_403_page_even_for_their_own_purchase_and_holder(self):
        own_purchase = self.expected(buyer=self.alice.holder)[0]["id"]
        for user, extra in (("carl", []), ("alice", [f"/board/purchases/{own_purchase}/"])):
            b = self.browser(user)
            for path in self.pages() + extra:
                r = self.get(b, path, 403)
                self.assertTrue(r.getheader("Content-Type").startswith("text/html"), path)
                self.assertIn("view_reports", r.text)  # the page names the missing permission
            self.assertNotIn('href="/board/purchases/"', self.get(b, "/profile/").text)

    # --- the purchases list ----------------------------------------------------------------------
    def check_list(self, b, query, rows, language="nl"):
        page = self.get(b, "/board/purchases/" + query).text
        total = sum(r["total"] for r in rows)
        money = nl_money(total) if language == "nl" else en_money(total)
        word = ("aankoop" if len(rows) == 1 else "aankopen") if language == "nl" else (
            "purchase" if len(rows) == 1 else "purchases")
        self.assertIn(f"{len(rows)} {word}, {money}", page, query)
        newest_first = sorted((r["id"] for r in rows), reverse=True)
        self.assertEqual(purchase_ids(page), newest_first[:PAGE_SIZE], query)
        return page

    def test_default_range_is_the_current_month_with_count_and_sum(self):
        b = self.browser("board")
        page = self.check_list(b, "", self.sales)
        self.assertIn(f'name="start" value="{self.month_start.isoformat()}"', page)
        self.assertIn(f'name="end" value="{self.month_end.isoformat()}"', page)
        self.assertIn("Pagina 1 van 2", page)

    def test_every_filter_narrows_the_list(self):
        b = self.browser("board")
        self.check_list(b, "?method=balance", self.expected(method="balance"))
        self.check_list(b, "?method=pin", self.expected(method="pin"))
        self.check_list(b, f"?seller={self.tapper2.personnel}",
                        self.expected(seller=self.tapper2.personnel))
        self.check_list(b, f"?buyer={self.alice.holder}", self.expected(buyer=self.alice.holder))
        self.check_list(b, f"?product={COLA}", self.expected(products=COLA))
        self.check_list(b, f"?cycle={self.cycle}", self.expected(cycle=self.cycle))
        self.check_list(b, f"?method=balance&product={COLA}",
                        self.expected(method="balance", products=COLA))
        self.check_list(b, f"?seller={self.tapper2.personnel}&method=cash", [])
        yesterday = (self.today - datetime.timedelta(days=1)).isoformat()
        page = self.check_list(b, f"?start={yesterday}&end={yesterday}", [])
        self.assertIn("Er zijn geen aankopen", page)
        today = self.today.isoformat()
        self.check_list(b, f"?start={today}&end={today}", self.sales)

    def test_filters_stay_in_the_form_and_the_links(self):
        b = self.browser("board")
        page = self.get(b, f"/board/purchases/?cycle={self.cycle}&method=cash").text
        self.assertIn(f'id="filter-cycle" name="cycle" value="{self.cycle}"', page)
        self.assertIn('<option value="cash" selected>', page)
        self.assertIn(f'href="/board/purchases/?cycle={self.cycle}&amp;method=cash&amp;page=2"',
                      page)
        self.assertIn(f'href="/board/purchases/?cycle={self.cycle}&amp;method=cash&amp;format=csv"',
                      page)
        second = self.get(b, f"/board/purchases/?cycle={self.cycle}&method=cash&page=2").text
        ids = sorted((r["id"] for r in self.expected(cycle=self.cycle)), reverse=True)
        self.assertEqual(purchase_ids(second), ids[PAGE_SIZE:])
        self.assertIn("Pagina 2 van 2", second)
        # the product filter offers every product by name, inactive ones marked
        self.assertIn(f'<option value="{COLA}">Cola</option>', page)
        self.assertIn("Oud product (niet meer te koop)", page)

    def test_english_summary(self):
        b = self.browser("board2", "en")
        self.check_list(b, "?method=pin", self.expected(method="pin"), language="en")

    def test_bad_filters_are_422_with_the_message_beside_the_field(self):
        b = self.browser("board")
        for query, field, text in (
                ("?seller=abc", "seller", "Vul een geheel getal in"),
                ("?buyer=-3", "buyer", "Vul een geheel getal in"),
                ("?cycle=1.5", "cycle", "Vul een geheel getal in"),
                ("?start=2026-13-01", "start", "Vul een datum in"),
                ("?end=gisteren", "end", "Vul een datum in"),
                ("?start=2026-03-10&end=2026-03-01", "end", "vóór de begindatum"),
                ("?method=bitcoin", "method", "Kies een betaalwijze"),
                ("?cycle=999999", "cycle", "Deze barcyclus bestaat niet"),
                ("?format=pdf", "format", "CSV of XLSX"),
                ("?format=csv&product=x", "product", "Vul een geheel getal in")):
            r = b.request("GET", "/board/purchases/" + query)
            self.assertEqual(r.status, 422, query)
            self.assertTrue(r.getheader("Content-Type").startswith("text/html"), query)
            self.assertIn(text, r.text, query)
            if field != "format":
                self.assertRegex(r.text, f'id="filter-{field}-error">[^<]*{re.escape(text)}',
                                 query)
                self.assertIn(f'href="#filter-{field}"', r.text, query)

    def test_purchase_detail_with_lines_seller_buyer_and_balance_after(self):
        b = self.browser("board")
        sale = self.expected(buyer=self.alice.holder)[1]  # Cola + Pils, balance 50 - 5 - 4.25
        page = self.get(b, f"/board/purchases/{sale['id']}/").text
        self.assertIn(f"Aankoop {sale['id']}", page)
        self.assertIn("Cola", page)
        self.assertIn("Pils", page)
        self.assertIn(nl_money(175), page)
        self.assertIn(nl_money(425), page)
        self.assertIn(nl_money(5000 - 500 - 425), page)  # balance after
        self.assertIn(">tap<", page)
        self.assertIn(f'href="/board/holders/{self.alice.holder}/">Alice Test</a>', page)
        self.get(b, "/board/purchases/999999/", 404)

    # --- exports ---------------------------------------------------------------------------------
    def test_csv_export_in_dutch_is_exactly_the_filtered_rows_over_every_page(self):
        b = self.browser("board")
        r, body = self.get_bytes(b, f"/board/purchases/?cycle={self.cycle}&page=2&format=csv")
        self.assertEqual(r.getheader("Content-Type"), "text/csv; charset=utf-8")
        name = f"mamon-purchases-{self.month_start.isoformat()}-{self.month_end.isoformat()}.csv"
        self.assertEqual(r.getheader("Content-Disposition"), f'attachment; filename="{name}"')
        rows = csv_rows(body, ";")
        self.assertEqual(rows[0][0], "Nummer")
        self.assertIn("Totaal", rows[0])
        expected = sorted((s["id"] for s in self.expected(cycle=self.cycle)), reverse=True)
        self.assertEqual([int(row[0]) for row in rows[1:]], expected)  # all pages, only these
        total = rows[0].index("Totaal")
        self.assertEqual({row[total] for row in rows[1:]}, {"2,50"})
        self.assertEqual({row[rows[0].index("Betaalwijze")] for row in rows[1:]}, {"Contant"})

    def test_csv_export_in_english(self):
        b = self.browser("board2", "en")
        _, body = self.get_bytes(b, f"/board/purchases/?buyer={self.alice.holder}&format=csv")
        rows = csv_rows(body, ",")
        self.assertEqual(rows[0][0], "Number")
        sales = sorted(self.expected(buyer=self.alice.holder), key=lambda s: -s["id"])
        self.assertEqual([int(row[0]) for row in rows[1:]], [s["id"] for s in sales])
        self.assertEqual([row[rows[0].index("Total")] for row in rows[1:]],
                         [f"{s['total'] // 100}.{s['total'] % 100:02d}" for s in sales])
        self.assertEqual({row[rows[0].index("Buyer")] for row in rows[1:]}, {"Alice Test"})
        self.assertEqual(rows[1][rows[0].index("Balance after")], "40.75")

    def test_xlsx_export_has_numbers_as_numbers(self):
        b = self.browser("board")
        r, body = self.get_bytes(b, "/board/purchases/?format=xlsx")
        self.assertEqual(r.getheader("Content-Type"),
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        self.assertIn(".xlsx", r.getheader("Content-Disposition"))
        values = xlsx_rows(body)
        header = values[0]
        self.assertEqual(header[0], "Nummer")
        rows = values[1:]
        self.assertEqual(len(rows), len(self.sales))
        self.assertEqual(sorted(row[0] for row in rows), sorted(s["id"] for s in self.sales))
        total = header.index("Totaal")
        by_id = {s["id"]: s for s in self.sales}
        for row in rows:
            self.assertIsInstance(row[0], int)
            self.assertIsInstance(row[total], (int, float))
            self.assertEqual(round(row[total] * 100), by_id[row[0]]["total"])
            self.assertIsInstance(row[header.index("Datum en tijd")], datetime.datetime)
        self.assertAlmostEqual(sum(row[total] for row in rows),
                               sum(s["total"] for s in self.sales) / 100)

    # --- holders ---------------------------------------------------------------------------------
    def holder_names(self, html):
        return re.findall(r'<td[^>]*><a href="/board/holders/\d+/">([^<]+)</a></td>', html)

    def test_holders_search_by_name_username_ledenbase_id_and_card(self):
        b = self.browser("board")
        everyone = self.get(b, "/board/holders/").text
        self.assertIn("8 leden", everyone)
        self.assertEqual(self.holder_names(everyone), sorted(self.holder_names(everyone)))
        for search in ("alice", "ALI", "5001", "04a1b2c3", "Alice Test"):
            page = self.get(b, f"/board/holders/?search={search.replace(' ', '+')}").text
            self.assertEqual(self.holder_names(page), ["Alice Test"], search)
            self.assertIn("1 lid", page)
        page = self.get(b, "/board/holders/?search=nobody-like-this").text
        self.assertIn("Niemand voldoet", page)

    def test_holders_by_balance_lowest_first(self):
        b = self.browser("board")
        page = self.get(b, "/board/holders/?sort=balance").text
        names = self.holder_names(page)
        self.assertEqual(names[-2:], ["Bob Test", "Alice Test"])  # 7.50, 40.75; the rest 0
        self.assertIn(nl_money(4075), page)
        self.assertIn('<option value="balance" selected>', page)

    def test_holders_bad_input_is_422(self):
        b = self.browser("board")
        r = b.request("GET", "/board/holders/?sort=richest")
        self.assertEqual(r.status, 422)
        self.assertIn('id="filter-sort-error"', r.text)
        r = b.request("GET", "/board/holders/?search=" + "x" * 151)
        self.assertEqual(r.status, 422)
        self.assertIn('id="filter-search-error"', r.text)

    def test_holders_exports(self):
        b = self.browser("board")
        r, body = self.get_bytes(b, "/board/holders/?sort=balance&format=csv")
        self.assertTrue(r.getheader("Content-Disposition").startswith(
            'attachment; filename="mamon-holders-'))
        rows = csv_rows(body, ";")
        self.assertEqual(len(rows), 1 + 8)
        balance = rows[0].index("Saldo")
        self.assertEqual([row[balance] for row in rows[-2:]], ["7,50", "40,75"])
        _, body = self.get_bytes(b, "/board/holders/?search=alice&format=csv")
        self.assertEqual(len(csv_rows(body, ";")), 2)
        _, body = self.get_bytes(b, "/board/holders/?search=alice&format=xlsx")
        values = xlsx_rows(body)
        self.assertEqual(len(values), 2)
        row = dict(zip(values[0], values[1]))
        self.assertEqual(row["Saldo"], 40.75)
        self.assertEqual(row["Ledenbase-nummer"], 5001)
        self.assertEqual(row["Passen"], 1)

    def test_holder_detail_with_timeline_and_cards(self):
        b = self.browser("board")
        page = self.get(b, f"/board/holders/{self.alice.holder}/").text
        self.assertIn("<h1 class=\"title\">Alice Test</h1>", page)
        self.assertIn(nl_money(4075), page)   # balance
        self.assertIn("04A1B2C3", page)        # the card
        self.assertIn("blauw", page)
        self.assertIn("3 boekingen", page)     # a top-up and two purchases
        for sale in self.expected(buyer=self.alice.holder):
            self.assertIn(f'href="/board/purchases/{sale["id"]}/"', page)
        self.assertIn("2× Pils", page)
        self.assertIn("1× Cola, 1× Pils", page)
        self.assertIn("Opwaardering · contant", page)
        self.assertIn(f'">Aankoop {self.expected(buyer=self.alice.holder)[0]["id"]}</a> · saldo',
                      page)
        self.assertIn(f'href="/board/purchases/?buyer={self.alice.holder}"', page)
        carl = self.get(b, "/board/holders/").text
        self.assertIn("Carl Test", carl)
        self.get(b, "/board/holders/999999/", 404)


if __name__ == "__main__":
    unittest.main()
