"""The board's report pages (issue 8 item 4, WEB.md §2): /board/ (overview), /board/daily/,
/board/cycles/, /board/cycles/{id}/ and /board/products/{id}/, their permissions, their figures
against a small data set made through the API (and the API's own cycle summary), and the CSV and
XLSX exports (read back with Debian's python3-openpyxl)."""
import datetime
import html.parser
import io
import unittest
import urllib.parse
import zoneinfo

try:
    import openpyxl
except ImportError:  # a non-Debian python3 (pyenv): Debian's python3-openpyxl is pure Python
    import sys
    sys.path.append("/usr/lib/python3/dist-packages")
    import openpyxl

from bar_support import COLA, PILS, PRODUCTS, Actor, add_member
from bar_support import report_body as report
from harness import MamonServer
from test_web_foundation import Browser

ZONE = zoneinfo.ZoneInfo("Europe/Amsterdam")
PAGES = ["/board/", "/board/daily/", "/board/cycles/"]


class Tables(html.parser.HTMLParser):
    """Every <table id=...> of a page as {id: {"caption", "rows": [[cell text]]}} (thead, tbody and
    tfoot rows in order), plus the text of elements with an id."""

    def __init__(self, text):
        super().__init__()
        self.tables, self.ids, self._table, self._row, self._cell = {}, {}, None, None, None
        self._caption = None
        self._id_stack = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "id" in a:
            self._table = self.tables.setdefault(a["id"], {"caption": "", "rows": []})
        elif tag == "caption" and self._table is not None:
            self._caption = ""
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = ""
        if "id" in a and tag not in ("table",):
            self._id_stack.append((tag, a["id"]))
            self.ids[a["id"]] = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "caption" and self._caption is not None:
            self._table["caption"] = self._caption.strip()
            self._caption = None
        elif tag == "tr" and self._row is not None:
            self._table["rows"].append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        if self._id_stack and self._id_stack[-1][0] == tag:
            self._id_stack.pop()

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        if self._caption is not None:
            self._caption += data
        for _, element_id in self._id_stack:
            self.ids[element_id] += data


def body_rows(table):
    return {row[0]: row[1:] for row in table["rows"][1:]}


class WebBoard(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer().start()
        s = cls.server
        try:
            s.add_user("tapper", groups=["Tapper"], personnel="tap")
            add_member(s, "alice")
            add_member(s, "vera", groups=["Bezoekers"])
            s.add_user("board", groups=["Bestuur"])
            s.add_user("kas", groups=["Kascommissie"])
            s.add_user("root", superuser=True)
            cls.load_category(s)
            cls.make_data()
        except BaseException:
            s.stop(check_ledger=False)
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    @staticmethod
    def load_category(server):
        # Products and a category in one dump (a dump's references stay inside it).
        records = [{"model": "purchase.product", "pk": pk,
                    "fields": {"name": name, "price": price, "color": "#FFFFFF",
                               "active": active, "image": ""}}
                   for pk, (name, price, active) in PRODUCTS.items()]
        records += [{"model": "purchase.category", "pk": 7,
                    "fields": {"name": "Bier", "description": "", "products": [PILS]}}]
        server.load_records(records)

    @classmethod
    def make_data(cls):
        s = cls.server
        t = Actor(s, "tapper")
        cls.alice, cls.vera = Actor(s, "alice"), Actor(s, "vera")
        opened = t.post("/api/reports/", report("open", 100, 1000, 2000))
        assert opened.status == 201, opened
        cls.cycle = opened.json["barcycle"]
        t.top_up(cls.alice.holder, 20)                          # cash top-up 20.00
        t.top_up(cls.vera.holder, 10, method="pin")             # PIN top-up 10.00
        for buyer, product, qty in ((cls.alice, PILS, 2), (cls.vera, COLA, 1)):
            r = t.post("/api/purchases/", {"orders": [{"product": product, "quantity": qty}],
                                           "balance": True, "buyer": buyer.holder})
            assert r.status == 201, r                           # wallet 5.00 (member), 1.75 (visitor)
        t.sell_cash(PILS, 1)                                    # anonymous cash 2.50
        r = t.post("/api/walletupgrades/", {"amount": 3, "refund": True, "cash": True,
                                            "comment": "leaving", "holder": {"id": cls.alice.holder}})
        assert r.status == 201, r                               # cash refund 3.00
        assert t.post("/api/reports/", report("middle", 110, 1050, 2020)).status == 201
        assert t.post("/api/reports/", report("close", 120, 1100, 2050)).status == 201
        board = Actor(s, "board")
        cls.api_cycle = board.get(f"/api/barcycles/{cls.cycle}/").json
        today = datetime.datetime.now(ZONE).date()
        cls.start = (today - datetime.timedelta(days=1)).isoformat()
        cls.end = (today + datetime.timedelta(days=1)).isoformat()
        cls.range = f"?start={cls.start}&end={cls.end}"

    @staticmethod
    def nl_date(iso):
        y, m, d = iso.split("-")
        return f"{d}-{m}-{y}"

    def browser(self, username, language=None):
        b = Browser(self.server)
        if language:
            b.cookies["mamon_lang"] = language
        r = b.log_in(username)
        self.assertEqual(r.status, 303, r.text[:500])
        return b

    def get(self, browser, path, status=200):
        r = browser.request("GET", path)
        self.assertEqual(r.status, status, f"{path}: {r.text[:800]}")
        return r

    # --- permissions -----------------------------------------------------------------------------
    def all_paths(self):
        return PAGES + [f"/board/cycles/{self.cycle}/", f"/board/products/{PILS}/"]

    def test_board_committee_and_superuser_open_every_page(self):
        for user in ("board", "kas", "root"):
            b = self.browser(user)
            for path in self.all_paths():
                r = self.get(b, path)
                self.assertIn('href="/board/"', r.text)  # the navigation shows the board
                self.assertEqual(r.headers["X-Frame-Options"], "DENY")

    def test_anonymous_is_sent_to_log_in(self):
        for path in self.all_paths() + ["/board/?format=csv"]:
            r = Browser(self.server).request("GET", path)
            self.assertEqual(r.status, 303, path)
            location = r.headers["Location"]
            self.assertTrue(location.startswith("/login/?next="), location)
            self.assertEqual(urllib.parse.unquote(location[len("/login/?next="):]), path)

    def test_a_member_gets_the_403_page(self):
        b = self.browser("alice")
        home = self.get(b, "/profile/")
        self.assertNotIn('href="/board/"', home.text)  # no link to what they may not open
        for path in self.all_paths() + ["/board/?format=xlsx", "/board/?start=bad"]:
            r = self.get(b, path, 403)
            self.assertIn("text/html", r.headers["Content-Type"])
            # The service names what is missing: view_reports (the board's cycle list too, while
            # the API's list of bar cycles needs only view_sales).
            self.assertIn("&quot;view_reports&quot;", r.text)

    def test_unknown_cycle_and_product_are_404_pages(self):
        b = self.browser("board")
        self.assertIn("text/html", self.get(b, "/board/cycles/99999/", 404).headers["Content-Type"])
        self.get(b, "/board/products/99999/", 404)

    # --- the overview ----------------------------------------------------------------------------
    def test_overview_figures(self):
        b = self.browser("board")
        t = Tables(self.get(b, "/board/" + self.range).text).tables
        sales = body_rows(t["overview-sales"])
        # columns: purchases, wallet, cash, PIN, unknown, total
        self.assertEqual(sales["Leden"], ["1", "€ 5,00", "€ 0,00", "€ 0,00", "€ 0,00", "€ 5,00"])
        self.assertEqual(sales["Bezoekers"],
                         ["1", "€ 1,75", "€ 0,00", "€ 0,00", "€ 0,00", "€ 1,75"])
        self.assertEqual(sales["Anoniem (contant of PIN aan de bar)"],
                         ["1", "€ 0,00", "€ 2,50", "€ 0,00", "€ 0,00", "€ 2,50"])
        self.assertEqual(sales["Totaal"], ["3", "€ 6,75", "€ 2,50", "€ 0,00", "€ 0,00", "€ 9,25"])
        ledger = body_rows(t["overview-ledger"])
        self.assertEqual(ledger["(geen grootboekrekening)"][0], "4")
        self.assertEqual(ledger["Totaal"][-1], "€ 9,25")
        categories = body_rows(t["overview-categories"])
        self.assertEqual(categories["Bier"], ["3", "€ 5,00", "€ 2,50", "€ 0,00", "€ 0,00",
                                              "€ 7,50"])
        self.assertEqual(categories["(geen categorie)"][-1], "€ 1,75")
        top_ups = body_rows(t["overview-top-ups"])
        self.assertEqual(top_ups["Contant"], ["€ 20,00"])
        self.assertEqual(top_ups["PIN"], ["€ 10,00"])
        self.assertEqual(top_ups["Totaal (2×)"], ["€ 30,00"])
        refunds = body_rows(t["overview-refunds"])
        self.assertEqual(refunds["Contant"], ["€ 3,00"])
        self.assertEqual(refunds["Totaal (1×)"], ["€ 3,00"])
        self.assertNotIn("Online (Mollie)", refunds)
        rec = t["overview-reconciliation"]["rows"]
        self.assertEqual(rec[1][0], f"Beginsaldo op {self.nl_date(self.start)}")
        self.assertEqual(rec[1][-1], "€ 0,00")
        lines = {row[0]: row[1:] for row in rec[2:-2]}
        self.assertEqual(lines["Aankopen · omzet"], ["2", "€ 0,00", "€ 6,75", "€ -6,75"])
        self.assertEqual(lines["Opwaarderingen · kassa"], ["1", "€ 20,00", "€ 0,00", "€ 20,00"])
        self.assertEqual(lines["Opwaarderingen · PIN-automaat"][-1], "€ 10,00")
        self.assertEqual(lines["Terugbetalingen · kassa"][-1], "€ -3,00")
        self.assertEqual(rec[-1][0], f"Eindsaldo na {self.nl_date(self.end)}")
        self.assertEqual(rec[-1][-1], "€ 20,25")  # 0 + 30 - 6.75 - 3
        page = Tables(self.get(b, "/board/" + self.range).text)
        self.assertIn("Sluit aan", page.ids["reconciliation-status"])

    def test_overview_in_english_and_default_range(self):
        b = self.browser("root", "en")
        r = self.get(b, "/board/")
        t = Tables(r.text).tables
        self.assertEqual(body_rows(t["overview-sales"])["Total"][-1], "€9.25")  # this month
        self.assertIn("Balances", Tables(r.text).ids["reconciliation-status"])
        month_start = datetime.datetime.now(ZONE).date().replace(day=1).isoformat()
        self.assertIn(f'name="start" value="{month_start}"', r.text)

    def test_bad_dates_are_422_with_the_error_beside_the_field(self):
        b = self.browser("board")
        r = self.get(b, "/board/?start=2026-02-30&end=2026-03-01", 422)
        self.assertIn('id="filter-start-error"', r.text)
        self.assertIn("Geef een geldige datum", r.text)
        self.assertIn('value="2026-02-30"', r.text)  # the user's input is kept
        self.assertNotIn('id="overview-sales"', r.text)
        r = self.get(b, "/board/?start=2026-03-02&end=2026-03-01", 422)
        self.assertIn('id="filter-end-error"', r.text)
        self.get(b, "/board/daily/?start=x", 422)
        self.get(b, f"/board/products/{PILS}/?end=2026-13-01", 422)
        r = self.get(b, "/board/?start=bad&format=csv", 422)  # no file for a wrong filter
        self.assertIn("text/html", r.headers["Content-Type"])
        # More days than a grid may have: the service's refusal, beside the end field.
        r = self.get(b, "/board/daily/?start=2020-01-01&end=2026-01-01", 422)
        self.assertIn('id="filter-end-error"', r.text)
        self.get(b, "/board/daily/?start=2020-01-01&end=2026-01-01&per=month")

    # --- exports ---------------------------------------------------------------------------------
    def test_overview_csv_dutch_and_english(self):
        b = self.browser("board")
        r = self.get(b, "/board/" + self.range + "&format=csv")
        self.assertEqual(r.headers["Content-Type"], "text/csv; charset=utf-8")
        self.assertEqual(r.headers["Content-Disposition"],
                         f'attachment; filename="mamon-overview-{self.start}-{self.end}.csv"')
        raw = r.text.encode("utf-8")
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"))
        lines = r.text.lstrip("\ufeff").split("\r\n")
        self.assertEqual(lines[0], "Omzet per koper en betaalwijze")
        self.assertEqual(lines[1], "Koper;Aankopen;Saldo;Contant;PIN;Onbekend (oud systeem);Totaal")
        self.assertIn("Leden;1;5,00;0,00;0,00;0,00;5,00", lines)
        self.assertIn("Totaal;3;6,75;2,50;0,00;0,00;9,25", lines)
        self.assertIn(f"Eindsaldo na {self.nl_date(self.end)};;;;20,25", lines)
        for section in ("Opwaarderingen", "Terugbetalingen", "Aansluiting van de saldi"):
            self.assertIn(section, lines)
        en = self.browser("board", "en")
        lines = self.get(en, "/board/" + self.range + "&format=csv").text.split("\r\n")
        self.assertIn("Members,1,5.00,0.00,0.00,0.00,5.00", lines)

    def test_overview_xlsx_has_one_sheet_per_table(self):
        b = self.browser("board")
        r = self.get(b, "/board/" + self.range + "&format=xlsx")
        self.assertEqual(r.headers["Content-Disposition"],
                         f'attachment; filename="mamon-overview-{self.start}-{self.end}.xlsx"')
        raw = self.raw(b, "/board/" + self.range + "&format=xlsx")
        book = openpyxl.load_workbook(io.BytesIO(raw))
        self.assertEqual(len(book.sheetnames), 6)
        sales = book.worksheets[0]
        rows = list(sales.iter_rows(values_only=True))
        self.assertEqual(rows[0][0], "Koper")
        self.assertEqual(rows[1][:2], ("Leden", 1))
        self.assertEqual(rows[-1][-1], 9.25)
        self.assertIsInstance(rows[-1][-1], float)
        self.assertIn("€", sales.cell(row=len(rows), column=7).number_format)
        rec = list(book.worksheets[5].iter_rows(values_only=True))
        self.assertEqual(rec[-1][-1], 20.25)

    def raw(self, browser, path):
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        cookie = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
        conn.request("GET", path, headers={"Cookie": cookie})
        resp = conn.getresponse()
        data = resp.read()
        conn.close()
        self.assertEqual(resp.status, 200)
        return data

    # --- the daily grid --------------------------------------------------------------------------
    def test_daily_grid_euros_items_and_category(self):
        b = self.browser("board")
        t = Tables(self.get(b, "/board/daily/" + self.range).text).tables["daily-grid"]
        header = t["rows"][0]
        self.assertEqual(len(header), 1 + 3 + 1)  # product, three days, total
        rows = body_rows(t)
        today = 2  # the middle of the three days
        self.assertEqual(rows["Pils"][today - 1], "€ 7,50")
        self.assertEqual(rows["Pils"][-1], "€ 7,50")
        self.assertEqual(rows["Cola"][-1], "€ 1,75")
        self.assertEqual(rows["Totaal"], ["€ 0,00", "€ 9,25", "€ 0,00", "€ 9,25"])
        t = Tables(self.get(b, "/board/daily/" + self.range + "&measure=items&category=7").text)
        rows = body_rows(t.tables["daily-grid"])
        self.assertEqual(set(rows), {"Pils", "Totaal"})
        self.assertEqual(rows["Pils"][-1], "3")
        t = Tables(self.get(b, "/board/daily/" + self.range + "&per=month").text)
        self.assertEqual(body_rows(t.tables["daily-grid"])["Totaal"][-1], "€ 9,25")
        csv = self.get(b, "/board/daily/" + self.range + "&measure=items&category=7&format=csv")
        self.assertEqual(csv.headers["Content-Disposition"],
                         f'attachment; filename="mamon-daily-{self.start}-{self.end}.csv"')
        lines = csv.text.lstrip("\ufeff").split("\r\n")
        self.assertEqual(lines[1], "Pils;0;3;0;3")  # only the filtered rows
        self.assertEqual(lines[2], "Totaal;0;3;0;3")
        book = openpyxl.load_workbook(io.BytesIO(self.raw(b, "/board/daily/" + self.range +
                                                          "&format=xlsx")))
        values = list(book.worksheets[0].iter_rows(values_only=True))
        self.assertEqual([r[0] for r in values], ["Product", "Cola", "Pils", "Totaal"])
        self.assertEqual(values[-1][-1], 9.25)

    # --- bar cycles ------------------------------------------------------------------------------
    def test_cycle_list_and_detail_match_the_api(self):
        api = self.api_cycle
        self.assertEqual(api["expected_cash"], 119.5)
        b = self.browser("board")
        rows = body_rows(Tables(self.get(b, "/board/cycles/").text).tables["cycles"])
        row = rows[f"Cyclus {self.cycle}"]
        self.assertEqual(row[2], "tap")
        self.assertEqual(row[3:6], ["€ 120,00", "€ 9,25", "€ 0,50"])
        self.assertIn("kasverschil", row[6])
        r = self.get(b, f"/board/cycles/{self.cycle}/")
        t = Tables(r.text).tables
        cash = body_rows(t["cycle-cash"])
        self.assertEqual(cash["Kas bij opening"], ["€ 100,00"])
        self.assertEqual(cash["Verwacht in kas"], ["€ 119,50"])
        self.assertEqual(cash["Geteld"], ["€ 120,00"])
        self.assertEqual(cash["Kasverschil (geteld − verwacht)"], ["€ 0,50"])
        methods = body_rows(t["cycle-methods"])
        self.assertEqual(methods["Saldo"][0], "€ 6,75")
        self.assertEqual(methods["PIN"], ["€ 0,00", "€ 10,00", "€ 0,00"])
        self.assertEqual(methods["Totaal"], ["€ 9,25", "€ 30,00", "€ 3,00"])
        meters = body_rows(t["cycle-meters"])
        # Not configured (issue 12): the raw readings and delta, no litres, no flag.
        self.assertEqual(meters["Meter 1"], ["niet ingesteld", "1.000", "1.100", "100", "", "", "",
                                             "", ""])
        self.assertEqual(meters["Meter 2"][3], str(api["flow_meter_deltas"]["flow_meter2"]))
        products = body_rows(t["cycle-products"])
        self.assertEqual(products["Pils"], ["3", "€ 7,50"])
        self.assertEqual(products["Totaal"], ["4", "€ 9,25"])
        kinds = [row[1] for row in t["cycle-reports"]["rows"][1:]]
        self.assertEqual(kinds, ["Opening", "Tussentijds", "Sluiting"])
        hours = t["cycle-hours"]["rows"]
        self.assertEqual(sum(int(h[1]) for h in hours[1:]), 3)  # three purchases in the hours
        # The chart: a canvas with an aria-label and its data for mamon.js, no inline script.
        self.assertIn('<canvas id="cycle-hours-chart" role="img" aria-label="Staafdiagram', r.text)
        self.assertIn("data-mamon-chart=", r.text)
        self.assertNotIn("<script>", r.text)
        self.assertNotIn("style=", r.text)
        book = openpyxl.load_workbook(io.BytesIO(self.raw(b, f"/board/cycles/{self.cycle}/"
                                                          "?format=xlsx")))
        # The six summary tables and the dossier's seven (issue 12).
        self.assertEqual(len(book.sheetnames), 13)
        # The dossier: one segment per report after the opening (a middle and a closing).
        self.assertEqual(len(t["cycle-segments"]["rows"]) - 1, 2)
        for table in ("cycle-counts", "cycle-breakdowns", "cycle-moves", "cycle-pin",
                      "cycle-voids", "cycle-categories"):
            self.assertIn(table, t)

    def test_cycle_list_pages(self):
        b = self.browser("board")
        r = self.get(b, "/board/cycles/?page=2")
        self.assertIn("Niets in deze periode.", r.text)
        self.get(b, "/board/cycles/?page=abc")

    # --- one product -----------------------------------------------------------------------------
    def test_product_sales(self):
        b = self.browser("board")
        r = self.get(b, f"/board/products/{PILS}/" + self.range)
        self.assertIn("Verkopen van Pils", r.text)
        t = Tables(r.text).tables["product-days"]
        self.assertEqual(len(t["rows"]), 1 + 3 + 1)
        self.assertEqual(t["rows"][-1], ["Totaal", "3", "€ 7,50"])
        self.assertEqual(t["rows"][2][1:], ["3", "€ 7,50"])
        csv = self.get(b, f"/board/products/{PILS}/" + self.range + "&format=csv")
        self.assertEqual(csv.headers["Content-Disposition"],
                         f'attachment; filename="mamon-product-{PILS}-{self.start}-{self.end}.csv"')
        self.assertTrue(csv.text.lstrip("\ufeff").split("\r\n")[-2].startswith("Totaal;3;7,50"))


if __name__ == "__main__":
    unittest.main()
