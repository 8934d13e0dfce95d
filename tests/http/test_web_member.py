"""The member pages (issue 8 item 3, WEB.md §2): /home/ (balance, timeline, spending per month),
/products/ (own quantities), /topup/ and /topup/return/{identifier}/ against the fake Mollie,
/cards/ (block as lost). Money is moved through the API (as the bar app does); the pages are read
and driven through the web form login, with cookies and CSRF by hand (test_web_foundation's
Browser)."""
import html
import re
import sqlite3
import subprocess
import unittest

from bar_support import COLA, PILS, Actor, add_member, start_bar_server
from fake_mollie import API_KEY, FakeMollie
from harness import BACKEND
from test_web_foundation import Browser

PAGES = ("/home/", "/products/", "/topup/", "/cards/")


def wallet_order(buyer, lines):
    return {"orders": [{"product": p, "quantity": q} for p, q in lines], "balance": True,
            "cash": False, "pin": False, "buyer": buyer}


def text_of(page):
    """The page's visible text, tags dropped and entities decoded, whitespace squeezed."""
    body = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body))


class WebMember(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mollie = FakeMollie().start()
        try:
            cls.server = start_bar_server({"MOLLIE_API_KEY": API_KEY,
                                           "MOLLIE_API_URL": cls.mollie.url})
        except BaseException:
            cls.mollie.stop()
            raise
        cls.tapper = Actor(cls.server, "tapper")

    @classmethod
    def tearDownClass(cls):
        try:
            cls.server.stop()
        finally:
            cls.mollie.stop()

    def member(self, name):
        add_member(self.server, name)
        actor = Actor(self.server, name)
        browser = Browser(self.server)
        r = browser.log_in(name)
        self.assertEqual(r.status, 303, r.text[:300])
        return actor, browser

    def sql(self, statement):
        if BACKEND == "sqlite":
            with sqlite3.connect(self.server.db.url[len("sqlite:///"):]) as db:
                db.execute(statement)
        else:
            subprocess.run(["psql", self.server.db.url, "-q", "-c", statement], check=True)

    def sell(self, holder, lines):
        r = self.tapper.post("/api/purchases/", wallet_order(holder, lines))
        self.assertEqual(r.status, 201, r)
        return r.json

    def balance(self, actor):
        return self.server.request("GET", f"/api/holders/{actor.holder}/",
                                   token=actor.token).json["stand"]

    def get(self, browser, path, status=200):
        r = browser.request("GET", path)
        self.assertEqual(r.status, status, r.text[:500])
        return r

    def post(self, browser, path, form, status=303):
        form = dict(form)
        form.setdefault("csrf_token", browser.csrf("/home/"))
        r = browser.request("POST", path, form)
        self.assertEqual(r.status, status, r.text[:800])
        return r

    # --- access ---------------------------------------------------------------------------------
    def test_anonymous_is_sent_to_login_and_members_get_every_page(self):
        anonymous = Browser(self.server)
        for path in PAGES + ("/topup/return/" + "a" * 32 + "/",):
            r = anonymous.request("GET", path + "?page=2")
            self.assertEqual(r.status, 303, path)
            self.assertEqual(r.getheader("Location"),
                             "/login/?next=" + path + "%3Fpage%3D2")
        _, b = self.member("wm_access")
        for path in PAGES:
            r = self.get(b, path)
            self.assertTrue(r.getheader("Content-Type").startswith("text/html"))
            for link in PAGES + ("/profile/",):
                self.assertIn(f'href="{link}"', r.text, (path, link))
        self.assertIn('aria-current="page"', self.get(b, "/cards/").text)

    def test_posts_without_csrf_are_refused(self):
        _, b = self.member("wm_csrf")
        for path in ("/topup/", "/cards/1/block/"):
            r = b.request("POST", path, {"amount": "10", "confirm": "yes"})
            self.assertEqual(r.status, 403, path)
            r = b.request("POST", path, {"amount": "10", "csrf_token": "x" * 43})
            self.assertEqual(r.status, 403, path)

    def test_a_user_without_a_holder_gets_a_friendly_page(self):
        _, b = self.member("wm_noholder")
        self.sql("DELETE FROM holders WHERE user_id = "
                 "(SELECT id FROM users WHERE username = 'wm_noholder')")
        b.log_in("wm_noholder")  # the caller's holder is read at login / session resume
        for path in ("/home/", "/topup/", "/cards/"):
            r = self.get(b, path)
            self.assertIn("geen portemonnee", r.text, path)
        r = self.get(b, "/products/")
        self.assertIn("Pils", r.text)
        self.assertNotIn("Door jou gekocht", r.text)
        self.assertNotIn('href="/cards/"', r.text)  # no member links without a wallet

    # --- /home/ ---------------------------------------------------------------------------------
    def test_home_shows_balance_and_timeline_in_both_languages(self):
        m, b = self.member("wm_home")
        self.tapper.top_up(m.holder, 20)                            # + 20.00 cash
        self.sell(m.holder, [(PILS, 2), (COLA, 1)])                 # - 6.75, balance 13.25
        self.tapper.top_up(m.holder, 3.5, method="pin")             # + 3.50, balance 16.75
        r = self.tapper.post("/api/walletupgrades/", {
            "amount": 1.25, "refund": True, "cash": True, "pin": False, "comment": "teveel",
            "holder": {"id": m.holder}})                            # - 1.25, balance 15.50
        self.assertEqual(r.status, 201, r)
        self.assertEqual(self.balance(m), 15.5)

        page = text_of(self.get(b, "/home/").text)
        self.assertIn("€ 15,50", page)
        for expected in ("Aankoop", "van je saldo", "Pils", "€ 2,50", "€ 5,00", "Cola", "€ 1,75",
                         "€ -6,75", "Saldo daarna € 13,25", "Opwaardering", "contant", "€ 20,00",
                         "pin", "€ 3,50", "Terugbetaling", "€ -1,25", "teveel",
                         "Uitgaven per maand"):
            self.assertIn(expected, page)
        # Newest first: the refund, the PIN top-up, the purchase, the cash top-up.
        order = [page.index(s) for s in ("Terugbetaling", "€ 3,50", "Aankoop", "€ 20,00")]
        self.assertEqual(order, sorted(order), page)
        # The spending table has this month's 6.75 and the chart carries the same numbers.
        raw = self.get(b, "/home/").text
        self.assertRegex(text_of(raw), r"Totaal € 6,75")
        chart = html.unescape(re.search(r'data-chart="([^"]+)"', raw).group(1))
        self.assertIn("675", chart)
        self.assertIn('role="img"', raw)

        self.post(b, "/language/", {"language": "en", "next": "/home/"})
        page = text_of(self.get(b, "/home/").text)
        for expected in ("€15.50", "Purchase", "from your balance", "-€6.75",
                         "Balance after €13.25", "Top-up", "cash", "€20.00", "Refund", "-€1.25",
                         "Spending per month"):
            self.assertIn(expected, page)

    def test_home_timeline_is_paginated(self):
        m, b = self.member("wm_pages")
        for i in range(23):  # 23 top-ups of 1..23 euros: 20 on page 1, 3 on page 2
            self.tapper.top_up(m.holder, i + 1)
        first = text_of(self.get(b, "/home/").text)
        self.assertIn("Pagina 1 van 2", first)
        self.assertIn("€ 23,00", first)
        self.assertNotIn("€ 3,00 ", first.replace("€ 23,00", ""))
        raw = self.get(b, "/home/").text
        self.assertIn('href="/home/?page=2"', raw)
        second = text_of(self.get(b, "/home/?page=2").text)
        self.assertIn("Pagina 2 van 2", second)
        for euros in (1, 2, 3):
            self.assertIn(f"€ {euros},00", second)
        self.assertNotIn("€ 4,00", second)
        self.assertIn("€ 276,00", second)  # the balance on every page
        self.assertEqual(self.get(b, "/home/?page=zz").status, 200)  # nonsense is page 1

    # --- /products/ -----------------------------------------------------------------------------
    def test_products_show_prices_and_own_quantities(self):
        m, b = self.member("wm_products")
        other, _ = self.member("wm_products_other")
        self.tapper.top_up(m.holder, 50)
        self.tapper.top_up(other.holder, 50)
        self.sell(m.holder, [(PILS, 3), (COLA, 1)])
        self.sell(m.holder, [(PILS, 2)])
        self.sell(other.holder, [(COLA, 7)])
        raw = self.get(b, "/products/").text
        rows = {text_of(cells[0]).strip(): [text_of(c).strip() for c in cells[1:]]
                for cells in (re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
                              for row in re.findall(r"<tr[^>]*>(.*?)</tr>", raw, re.S))
                if cells}
        self.assertEqual(rows["Pils"], ["€ 2,50", "5"])
        self.assertEqual(rows["Cola"], ["€ 1,75", "1"])
        self.assertEqual(rows["Gratis water"], ["€ 0,00", "0"])
        self.assertNotIn("Oud product", rows)  # inactive
        self.assertIn('scope="col"', raw)

    # --- /topup/ --------------------------------------------------------------------------------
    def start_top_up(self, b, amount):
        """POST /topup/ → 303 to the payment's own page (?go=1), whose link to Mollie's checkout
        mamon.js follows at once (a redirect off-site would break the CSP's form-action)."""
        r = self.post(b, "/topup/", {"amount": amount})
        body = self.mollie.created()[-1]
        identifier = body["metadata"]["identifier"]
        self.assertEqual(body["redirectUrl"],
                         self.server.base + "/topup/return/" + identifier + "/")
        self.assertEqual(r.getheader("Location"), "/topup/return/" + identifier + "/?go=1")
        page = self.get(b, r.getheader("Location")).text
        checkout = re.search(r'href="([^"]+)" data-auto-follow', page).group(1)
        self.assertTrue(checkout.startswith("https://pay.fake-mollie.test/tr_"), checkout)
        self.assertIn("Je gaat nu naar Mollie om", text_of(page))
        return checkout.rsplit("/", 1)[1], identifier

    def test_topup_form_shows_the_limits_and_refuses_bad_amounts(self):
        _, b = self.member("wm_topup_form")
        page = text_of(self.get(b, "/topup/").text)
        self.assertIn("Minimaal € 1,00, maximaal € 500,00.", page)
        self.assertIn('for="field-amount"', self.get(b, "/topup/").text)
        before = len(self.mollie.created())
        for typed, message in (("", "Vul een bedrag in."), ("tien", "Dit is geen bedrag"),
                               ("1,005", "Dit is geen bedrag"), ("0,50", "tussen € 1,00 en"),
                               ("500,01", "tussen € 1,00 en € 500,00")):
            r = self.post(b, "/topup/", {"amount": typed}, status=422)
            self.assertIn(message, text_of(r.text), typed)
            self.assertIn('aria-invalid="true"', r.text)
            self.assertIn(f'value="{html.escape(typed)}"', r.text)
        self.assertEqual(len(self.mollie.created()), before)  # Mollie was never asked

    def test_topup_through_the_return_page_credits_once(self):
        m, b = self.member("wm_topup")
        mollie_id, identifier = self.start_top_up(b, "12,50")
        self.assertEqual(self.mollie.created()[-1]["amount"], {"currency": "EUR", "value": "12.50"})
        back = "/topup/return/" + identifier + "/"
        raw = self.get(b, back).text  # still open at Mollie: the checkout link, not followed
        self.assertIn("nog niet rond", text_of(raw))
        self.assertIn("Betalen bij Mollie", text_of(raw))
        self.assertNotIn("data-auto-follow", raw)
        self.assertEqual(self.balance(m), 0)

        self.mollie.set_status(mollie_id, "paid")
        raw = self.get(b, back).text
        page = text_of(raw)
        self.assertNotIn("Betalen bij Mollie", page)
        self.assertIn("Betaald", page)
        self.assertIn("€ 12,50 is bijgeschreven", page)
        self.assertIn("Je saldo nu € 12,50", page)
        for _ in range(2):  # coming back again, and Mollie's late webhook, credit nothing more
            self.get(b, back)
        r = self.server.request("POST", "/mollie/webhook/", raw_body="id=" + mollie_id,
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.json, {"status": "already_credited"})
        self.assertEqual(self.balance(m), 12.5)
        home = text_of(self.get(b, "/home/").text)
        self.assertIn("Online opwaardering", home)
        self.assertIn("Betaald", home)

    def test_topup_when_the_webhook_came_first(self):
        m, b = self.member("wm_topup_hook")
        mollie_id, identifier = self.start_top_up(b, "20")
        self.mollie.set_status(mollie_id, "paid")
        r = self.server.request("POST", "/mollie/webhook/", raw_body="id=" + mollie_id,
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(r.json, {"status": "credited"})
        page = text_of(self.get(b, "/topup/return/" + identifier + "/").text)
        self.assertIn("€ 20,00 is bijgeschreven", page)
        self.assertEqual(self.balance(m), 20)

    def test_topup_outcomes_failed_expired_canceled(self):
        m, b = self.member("wm_topup_fail")
        for status, text in (("failed", "is mislukt"), ("expired", "is verlopen"),
                             ("canceled", "geannuleerd")):
            mollie_id, identifier = self.start_top_up(b, "5")
            self.mollie.set_status(mollie_id, status)
            page = text_of(self.get(b, "/topup/return/" + identifier + "/").text)
            self.assertIn(text, page, status)
            self.assertIn("Opnieuw proberen", page)
        self.assertEqual(self.balance(m), 0)

    def test_someone_elses_return_page_is_404(self):
        _, owner = self.member("wm_owner")
        _, stranger = self.member("wm_stranger")
        mollie_id, identifier = self.start_top_up(owner, "7")
        self.mollie.set_status(mollie_id, "paid")
        r = self.get(stranger, "/topup/return/" + identifier + "/", status=404)
        self.assertTrue(r.getheader("Content-Type").startswith("text/html"))
        self.get(stranger, "/topup/return/" + "f" * 32 + "/", status=404)
        self.get(owner, "/topup/return/" + identifier + "/")

    def test_mollie_down_keeps_the_form(self):
        _, b = self.member("wm_topup_down")
        self.mollie.fail(500)
        r = self.post(b, "/topup/", {"amount": "10"}, status=503)
        self.assertIn("Mollie is nu niet bereikbaar", text_of(r.text))
        self.assertIn('value="10"', r.text)

    # --- /cards/ --------------------------------------------------------------------------------
    def test_block_a_card_as_lost(self):
        m, b = self.member("wm_cards")
        r = m.post("/api/cards/", {"card_id": "04a1b2c3d4", "card_name": "sleutelhanger"})
        self.assertEqual(r.status, 201, r)
        r = m.post("/api/cards/", {"card_id": "0badcafe", "card_name": ""})
        self.assertEqual(r.status, 201, r)
        raw = self.get(b, "/cards/").text
        page = text_of(raw)
        self.assertIn("sleutelhanger", page)
        self.assertIn("•••• C3D4", page)
        self.assertNotIn("04A1B2C3D4", raw)  # the UID is never on the page in full
        card_id = re.search(r'action="/cards/(\d+)/block/"', raw).group(1)

        # Without confirm=yes (the path without JavaScript) the POST only asks.
        r = self.post(b, f"/cards/{card_id}/block/", {}, status=200)
        self.assertIn("Weet je zeker", text_of(r.text))
        self.assertIn('name="confirm" value="yes"', r.text)
        self.assertEqual(self.tapper.get("/api/cards/04a1b2c3d4/").status, 200)

        r = self.post(b, f"/cards/{card_id}/block/", {"confirm": "yes"})
        self.assertEqual(r.getheader("Location"), "/cards/")
        self.assertEqual(self.tapper.get("/api/cards/04a1b2c3d4/").status, 404)  # at once
        self.assertEqual(self.tapper.get("/api/cards/0badcafe/").status, 200)
        page = text_of(self.get(b, "/cards/").text)
        self.assertIn("De pas is geblokkeerd", page)  # the flash
        self.assertIn("Geblokkeerd", page)
        self.assertEqual(len(re.findall(r'/block/"', self.get(b, "/cards/").text)), 1)

    def test_someone_elses_card_cannot_be_blocked(self):
        owner, _ = self.member("wm_card_owner")
        _, stranger = self.member("wm_card_stranger")
        r = owner.post("/api/cards/", {"card_id": "0c0ffee1", "card_name": "mine"})
        self.assertEqual(r.status, 201, r)
        card_id = r.json["id"]
        self.post(stranger, f"/cards/{card_id}/block/", {"confirm": "yes"}, status=404)
        self.assertEqual(self.tapper.get("/api/cards/0c0ffee1/").status, 200)


if __name__ == "__main__":
    unittest.main()
