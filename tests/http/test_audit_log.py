"""The audit log page /manage/audit/ (issue 9 item 8, WEB.md §2 "Audit log") through the real
server: who may read it (Bestuur, Kascommissie and superusers; members and bar staff 403), the
entries that API top-ups, refunds, reports and website logins write, the filters (user, action,
object type and id, date range) kept in links, pagination, and the CSV / XLSX export of exactly the
filtered entries."""
import datetime
import http.client
import re
import unittest

from bar_support import Actor, add_member, report_body, start_bar_server
from test_web_board_lists import BOM, csv_rows, xlsx_rows
from test_web_foundation import Browser, logged_in_browsers

PATH = "/manage/audit/"


def upgrade(holder, amount, refund=False):
    return {"amount": amount, "refund": refund, "cash": True, "pin": False,
            "comment": "aan de bar", "holder": {"id": holder}}


def report(action):
    return report_body(action, comment="telling")


class AuditLog(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = start_bar_server()
        try:
            cls.server.add_user("kas", groups=["Kascommissie"])
            cls.server.add_user("bestuur", groups=["Bestuur"])
            cls.server.add_user("root", superuser=True)
            add_member(cls.server, "member")
            cls.tapper = Actor(cls.server, "tapper")
            cls.alice = Actor(cls.server, "alice")
            r = cls.tapper.post("/api/walletupgrades/", upgrade(cls.alice.holder, 10))
            assert r.status == 201, r
            cls.top_up_id = r.json["id"]
            r = cls.tapper.post("/api/walletupgrades/", upgrade(cls.alice.holder, 2.5, refund=True))
            assert r.status == 201, r
            r = cls.tapper.post("/api/reports/", report("open"))
            assert r.status == 201, r
            cls.report_id = r.json["id"]
            Browser(cls.server).log_in("alice", "not her password")  # a failed website login
            cls.browsers = logged_in_browsers(cls.server,
                                              ("member", "tapper", "kas", "bestuur", "root"))
        except BaseException:
            cls.server.stop(check_ledger=False)
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def get(self, name, path):
        return self.browsers[name].request("GET", path)

    def get_bytes(self, name, path):
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            conn.request("GET", path, headers={"Cookie": "; ".join(
                f"{k}={v}" for k, v in self.browsers[name].cookies.items())})
            resp = conn.getresponse()
            body = resp.read()
        finally:
            conn.close()
        self.assertEqual(resp.status, 200, body[:300])
        return resp, body

    def entry_rows(self, html):
        return re.findall(r'<tr id="audit-(\d+)">(.*?)</tr>', html, re.S)

    def test_bestuur_kascommissie_and_superusers_read_it_members_and_staff_do_not(self):
        for name in ("kas", "bestuur", "root"):
            with self.subTest(user=name):
                r = self.get(name, PATH)
                self.assertEqual(r.status, 200, r.text[:300])
                self.assertIn('href="/manage/audit/"', r.text)  # in the navigation
        for name in ("member", "tapper"):
            with self.subTest(user=name):
                r = self.get(name, PATH)
                self.assertEqual(r.status, 403, r.text[:300])
                self.assertIn("view_audit_log", r.text)
                self.assertNotIn('href="/manage/audit/"', self.get(name, "/home/").text)
                self.assertEqual(self.get(name, PATH + "?format=csv").status, 403)
        anonymous = Browser(self.server).request("GET", PATH)
        self.assertEqual(anonymous.status, 303)

    def test_api_top_ups_refunds_and_reports_are_in_it_with_before_and_after(self):
        text = self.get("kas", PATH + "?object_type=wallet_upgrade").text
        rows = self.entry_rows(text)
        self.assertEqual(len(rows), 2, text[-2000:])
        refund, top_up = rows[0][1], rows[1][1]  # newest first
        self.assertIn("<code>refund</code>", refund)
        self.assertIn("<code>top_up</code>", top_up)
        self.assertIn(f"wallet_upgrade {self.top_up_id}", top_up)
        self.assertRegex(top_up, r'mamon-audit-before">0\.00</span>.*mamon-audit-after">10\.00<')
        self.assertRegex(refund, r'mamon-audit-before">10\.00</span>.*mamon-audit-after">7\.50<')
        self.assertIn("Tapper Test (tapper)", top_up)
        reports = self.entry_rows(self.get("kas", PATH + "?action=file_report").text)
        self.assertEqual(len(reports), 1)
        self.assertIn(f"report {self.report_id}", reports[0][1])
        self.assertIn("report_action: open", reports[0][1])

    def test_website_logins_are_in_it_and_failures_without_the_password(self):
        text = self.get("bestuur", PATH + "?action=web_login_failed").text
        rows = self.entry_rows(text)
        self.assertEqual(len(rows), 1, text[-2000:])
        self.assertIn("user alice", rows[0][1])
        self.assertNotIn("not her password", text)
        logins = self.entry_rows(self.get("bestuur", PATH + "?action=web_login").text)
        self.assertGreaterEqual(len(logins), 5)

    def test_filters_by_user_and_object_keep_each_other(self):
        text = self.get("kas", PATH + "?action=top_up").text
        match = re.search(r'href="(/manage/audit/\?[^"]*user=(\d+)[^"]*)"', text)
        self.assertIsNotNone(match, text[-2000:])
        link = match.group(1).replace("&amp;", "&")
        self.assertIn("action=top_up", link)  # the other filters are kept
        by_user = self.entry_rows(self.get("kas", link).text)
        self.assertEqual(len(by_user), 1)
        everything_by_user = self.entry_rows(
            self.get("kas", PATH + "?user=" + match.group(2)).text)
        self.assertGreaterEqual(len(everything_by_user), 3)  # top-up, refund, report, login
        one = self.entry_rows(self.get(
            "kas", PATH + f"?object_type=wallet_upgrade&object_id={self.top_up_id}").text)
        self.assertEqual(len(one), 1)
        self.assertIn("<code>top_up</code>", one[0][1])

    def test_a_range_without_entries_and_bad_filters(self):
        empty = self.get("kas", PATH + "?start=2001-01-01&end=2001-01-31")
        self.assertEqual(empty.status, 200)
        self.assertEqual(self.entry_rows(empty.text), [])
        self.assertIn("Geen regels", empty.text)
        for query, field in (("?user=abc", "user"), ("?start=2026-13-01", "start"),
                             ("?start=2026-11-30&end=2026-11-01", "end"),
                             ("?object_id=" + "x" * 151, "object_id")):
            with self.subTest(query=query):
                r = self.get("kas", PATH + query)
                self.assertEqual(r.status, 422, r.text[:300])
                self.assertIn(f'id="filter-{field}-error"', r.text)
        bad_format = self.get("kas", PATH + "?format=pdf")  # in the error summary only
        self.assertEqual(bad_format.status, 422)
        self.assertIn("alleen als CSV of XLSX", bad_format.text)

    def test_pagination_and_the_export_of_every_page(self):
        for _ in range(51):  # 51 more website logins: more than a page of 50
            self.assertEqual(Browser(self.server).log_in("root").status, 303)
        first = self.entry_rows(self.get("kas", PATH + "?action=web_login").text)
        second = self.entry_rows(self.get("kas", PATH + "?action=web_login&page=2").text)
        self.assertEqual(len(first), 50)
        self.assertGreaterEqual(len(second), 6)
        self.assertFalse({i for i, _ in first} & {i for i, _ in second})
        _, body = self.get_bytes("kas", PATH + "?action=web_login&page=2&format=csv")
        self.assertEqual(len(csv_rows(body, ";")) - 1, len(first) + len(second))

    def test_csv_export_is_exactly_the_filtered_entries(self):
        resp, body = self.get_bytes("kas", PATH + "?object_type=wallet_upgrade&format=csv")
        self.assertEqual(resp.getheader("Content-Type"), "text/csv; charset=utf-8")
        today = datetime.date.today()
        self.assertIn(f"mamon-audit-{today.replace(day=1).isoformat()}-",
                      resp.getheader("Content-Disposition"))
        rows = csv_rows(body, ";")
        self.assertEqual(rows[0][:5], ["Nr.", "Wanneer", "Gebruiker-id", "Wie", "Actie"])
        self.assertEqual([r[4] for r in rows[1:]], ["refund", "top_up"])
        self.assertEqual(rows[2][5:7], ["wallet_upgrade", str(self.top_up_id)])
        self.assertIn("balance: 0.00 → 10.00", rows[2][7])
        self.assertTrue(body.decode("utf-8").startswith(BOM))

    def test_xlsx_export_is_exactly_the_filtered_entries(self):
        resp, body = self.get_bytes("bestuur", PATH + "?action=file_report&format=xlsx")
        self.assertIn(".xlsx", resp.getheader("Content-Disposition"))
        rows = xlsx_rows(body)
        self.assertEqual(len(rows), 2, rows)
        self.assertEqual(rows[1][4], "file_report")
        self.assertIsInstance(rows[1][0], int)
        self.assertEqual(rows[1][6], str(self.report_id))


if __name__ == "__main__":
    unittest.main()
