"""Meals ("Happen", issue 10 item 3) over the old system's API paths (gmadurov/Mamon
backend/api/views_hap.py): /api/happen/ (list, create, get, update, delete before anybody is
charged), /api/happen/{id}/leden/ and /leden/{ledenbase_id}/ (a bare true/false, sign up, sign
out), /api/happen/{id}/pay/ (who paid; charge, once each, listing whose wallet is too low).
Permissions: members sign themselves up; the board (manage_meals) does the rest; another
website's client-application token works on its allowed paths as its user. Every answer is
checked against docs/openapi.json by the harness, and `mamon check` runs at the end."""
import datetime
import unittest

import re

from api_support import add_client_application, sign_jwt
from harness import PASSWORD, ApiTestCase, MamonServer
from test_web_foundation import Browser


def iso(delta_hours):
    t = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=delta_hours)
    return t.replace(microsecond=0).isoformat()


class Meals(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = s = MamonServer()
        s.add_user("bestuur", groups=("Bestuur",))
        s.add_user("tapper", personnel="tap")
        s.add_user("website", groups=("Bestuur",))
        for name, lid in (("anna", 501), ("bram", 502), ("cees", 503)):
            s.cli("adduser", name, "--password-env", "MAMON_T_PW", "--first-name", name.capitalize(),
                  "--last-name", "Test", "--ledenbase-id", str(lid), env={"MAMON_T_PW": "pw-123456"})
        s.start()
        cls.board = s.login("bestuur")["access"]
        cls.tapper = s.login("tapper")["access"]
        cls.anna_login = s.login("anna", "pw-123456")
        cls.anna = cls.anna_login["access"]
        cls.bram_login = s.login("bram", "pw-123456")
        cls.bram = cls.bram_login["access"]
        cls.website_user = s.login("website")["user"]["id"]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def call(self, method, path, token, body=None, prefix="Bearer"):
        return self.server.request(method, path, body, token=token, auth_prefix=prefix)

    def new_meal(self, **fields):
        body = {"title": "Stamppot", "description": "Boerenkool", "date": iso(3),
                "opening_date": iso(-1), "closing_date": iso(1), "cost": 3.5,
                "max_participants": 0}
        body.update(fields)
        r = self.call("POST", "/api/happen/", self.board, body)
        self.assertEqual(r.status, 200, r)
        return r.json

    def fund(self, holder_id, euros):
        r = self.call("POST", "/api/walletupgrades/", self.tapper,
                      {"amount": euros, "cash": True, "holder": {"id": holder_id}})
        self.assertEqual(r.status, 201, r)

    def stand(self, holder_id):
        return self.call("GET", f"/api/holders/{holder_id}/", self.board).json["stand"]

    def test_create_get_update_list_and_delete(self):
        meal = self.new_meal(max_participants=12)
        self.assertEqual(meal["title"], "Stamppot")
        self.assertEqual(meal["cost"], 3.5)
        self.assertEqual(meal["max_participants"], 12)
        self.assertEqual(meal["participants"], [])
        self.assertEqual(meal["deducted_from"], [])
        path = f"/api/happen/{meal['id']}/"
        self.assertEqual(self.call("GET", path, self.anna).json, meal)
        r = self.call("PUT", path, self.board, {"cost": 4, "title": "Hutspot"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["cost"], 4)
        self.assertEqual(r.json["title"], "Hutspot")
        self.assertEqual(r.json["max_participants"], 12)  # kept
        listed = self.call("GET", "/api/happen", self.anna)
        self.assertEqual(listed.status, 200)
        self.assertIn(meal["id"], [m["id"] for m in listed.json])
        r = self.call("DELETE", path, self.board)
        self.assertEqual((r.status, r.json), (200, "Item deleted"))
        self.assertError(self.call("GET", path, self.board), 404)

    def test_bad_fields_are_400_with_the_field(self):
        r = self.call("POST", "/api/happen/", self.board, {"title": "X", "date": iso(3),
                                                          "opening_date": iso(1),
                                                          "closing_date": iso(-1)})
        self.assertError(r, 400, field="closing_date")
        r = self.call("POST", "/api/happen/", self.board, {"title": "X", "date": "tomorrow",
                                                          "opening_date": iso(1),
                                                          "closing_date": iso(2)})
        self.assertError(r, 400, field="date")
        r = self.call("POST", "/api/happen/", self.board, {"date": iso(3), "opening_date": iso(1),
                                                          "closing_date": iso(2)})
        self.assertError(r, 400, field="title")
        r = self.call("POST", "/api/happen/", self.board, {"title": "X", "date": iso(3),
                                                          "opening_date": iso(1),
                                                          "closing_date": iso(2), "cost": 1.234})
        self.assertError(r, 400, field="cost")

    def test_members_may_not_manage(self):
        meal = self.new_meal()
        self.assertError(self.call("POST", "/api/happen/", self.anna, {"title": "x"}), 403)
        self.assertError(self.call("PUT", f"/api/happen/{meal['id']}/", self.anna, {"cost": 1}), 403)
        self.assertError(self.call("DELETE", f"/api/happen/{meal['id']}/", self.anna), 403)
        self.assertError(self.call("GET", f"/api/happen/{meal['id']}/pay/", self.anna), 403)
        self.assertError(self.call("POST", f"/api/happen/{meal['id']}/pay/", self.anna), 403)
        # Somebody else's sign-up is the board's.
        self.assertError(self.call("POST", f"/api/happen/{meal['id']}/leden/502/", self.anna, {}),
                         403)
        self.assertError(self.call("GET", f"/api/happen/{meal['id']}/leden/502/", self.anna), 403)
        self.assertError(self.call("GET", "/api/happen/", None), 401)

    def test_sign_up_is_signed_up_and_sign_out(self):
        meal = self.new_meal(max_participants=2)
        base = f"/api/happen/{meal['id']}/leden/"
        self.assertIs(self.call("GET", base + "501/", self.anna).json, False)
        r = self.call("POST", base + "501/", self.anna, {"quantity": 2, "comment": "vega"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["quantity"], 2)
        self.assertEqual(r.json["comment"], "vega")
        self.assertEqual(r.json["holder"]["ledenbase_id"], 501)
        self.assertEqual(r.json["holder"]["name"], "Anna Test")
        self.assertIs(self.call("GET", base + "501/", self.anna).json, True)
        self.assertError(self.call("POST", base + "501/", self.anna, {"quantity": 1}), 409)
        # The old body form: {"holder": {"ledenbase_id"}} on /leden/ (the board for bram).
        r = self.call("POST", base, self.board, {"holder": {"ledenbase_id": 502}, "quantity": 1})
        self.assertEqual(r.status, 200, r)
        # Full: the maximum counts sign-ups.
        r = self.call("POST", base + "503/", self.board, {"quantity": 1})
        self.assertError(r, 409, field="max_participants")
        got = self.call("GET", f"/api/happen/{meal['id']}/", self.anna).json
        self.assertEqual(len(got["participants"]), 2)
        r = self.call("DELETE", base + "502/", self.bram)
        self.assertEqual((r.status, r.json), (200, {"message": "Holder uitgeschreven"}))
        self.assertError(self.call("DELETE", base + "502/", self.bram), 404)
        self.assertError(self.call("GET", base + "99999/", self.board), 404)
        self.assertError(self.call("GET", "/api/happen/987654/leden/501/", self.anna), 404)
        # No holder named: the caller's own; a quantity as a string, as the old serializer took.
        self.assertError(self.call("POST", base, self.bram, {"quantity": "twee"}), 400,
                         field="quantity")
        r = self.call("POST", base, self.bram, {"quantity": "1"})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["holder"]["ledenbase_id"], 502)

    def test_sign_up_closes(self):
        meal = self.new_meal(opening_date=iso(-3), closing_date=iso(-2))
        r = self.call("POST", f"/api/happen/{meal['id']}/leden/501/", self.anna, {"quantity": 1})
        self.assertError(r, 409, field="date")
        meal = self.new_meal(opening_date=iso(2), closing_date=iso(3))
        r = self.call("POST", f"/api/happen/{meal['id']}/leden/501/", self.anna, {"quantity": 1})
        self.assertError(r, 409, field="date")

    def test_charge_once_lists_who_cannot_pay_and_then_refuses_delete(self):
        meal = self.new_meal(cost=2.5)
        base = f"/api/happen/{meal['id']}"
        anna_holder = self.anna_login["user"]["holder"]
        bram_holder = self.bram_login["user"]["holder"]
        self.fund(anna_holder, 10)
        anna_before = self.stand(anna_holder)
        bram_before = self.stand(bram_holder)
        self.assertEqual(self.call("POST", base + "/leden/501/", self.anna, {"quantity": 2}).status, 200)
        # bram needs 1000 x 2.50 = 2500 euros: more than his wallet holds.
        self.assertEqual(self.call("POST", base + "/leden/502/", self.bram, {"quantity": 1000}).status,
                         200)
        r = self.call("GET", base + "/pay/", self.board)
        self.assertEqual((r.status, r.json["payed"], len(r.json["not_payed"])), (200, [], 2))
        r = self.call("POST", base + "/pay/", self.board)
        self.assertEqual(r.status, 200, r)
        self.assertEqual([p["holder"]["ledenbase_id"] for p in r.json["payed"]], [501])
        self.assertEqual(r.json["payed"][0]["amount"], 5)
        self.assertEqual(r.json["payed"][0]["happen"], meal["id"])
        self.assertEqual([h["ledenbase_id"] for h in r.json["not_payed"]], [502])
        self.assertEqual(r.json["not_payed"][0]["amount"], 2500)
        self.assertAlmostEqual(self.stand(anna_holder), anna_before - 5)
        self.assertEqual(self.stand(bram_holder), bram_before)
        # Twice: nobody pays twice.
        r = self.call("POST", base + "/pay/", self.board)
        self.assertEqual(len(r.json["payed"]), 1)
        self.assertAlmostEqual(self.stand(anna_holder), anna_before - 5)
        got = self.call("GET", base + "/", self.board).json
        self.assertEqual(got["deducted_from"], [anna_holder])
        # Charged: no delete, no sign-out, no change of cost.
        self.assertError(self.call("DELETE", base + "/", self.board), 409)
        self.assertError(self.call("DELETE", base + "/leden/501/", self.board), 409)
        self.assertError(self.call("PUT", base + "/", self.board, {"cost": 1}), 409, field="cost")
        # Bram signs out (he was never charged), so the meal is settled.
        self.assertEqual(self.call("DELETE", base + "/leden/502/", self.bram).status, 200)

    def test_client_application_token_on_its_allowed_paths(self):
        meal = self.new_meal()
        allowed = r"/api/happen/(\d+/(leden/\d+/)?)?"
        identifier = add_client_application(self.server, self.website_user, paths=(allowed,))
        # The stored paths decide; the token's own PATHS claim (here: everything) grants nothing.
        token = sign_jwt({"IDENTIFIER": identifier, "PATHS": [".*"], "USER": "website"},
                         self.server.env["JWT_KEY"])
        path = f"/api/happen/{meal['id']}/leden/503/"
        r = self.call("POST", path, token, {"quantity": 1, "comment": "via de site"}, prefix=None)
        self.assertEqual(r.status, 200, r)
        self.assertIs(self.call("GET", path, token, prefix=None).json, True)
        self.assertEqual(self.call("GET", "/api/happen/", token, prefix=None).status, 200)
        r = self.call("POST", f"/api/happen/{meal['id']}/pay/", token, prefix=None)
        self.assertError(r, 403)
        self.assertEqual(r.json["detail"], "URL not allowed.")
        self.assertEqual(self.call("DELETE", path, token, prefix=None).status, 200)


    # --- the website ---------------------------------------------------------------------------
    def browser(self, username, password="pw-123456"):
        b = Browser(self.server)
        r = b.log_in(username, password)
        self.assertEqual(r.status, 303, r.text[:300])
        return b

    def test_web_member_signs_up_and_out_and_home_shows_the_open_meal(self):
        meal = self.new_meal(title="Pannenkoeken", max_participants=1)
        cees = self.browser("cees")
        self.assertIn("Pannenkoeken", cees.request("GET", "/home/").text)
        page = cees.request("GET", "/meals/")
        self.assertEqual(page.status, 200)
        self.assertIn("Pannenkoeken", page.text)
        token = cees.csrf("/meals/")
        action = f"/meals/{meal['id']}/signup/"
        r = cees.request("POST", action, {"csrf_token": token, "portions": "0", "comment": ""})
        self.assertEqual(r.status, 422, r.text[:300])
        self.assertIn('aria-invalid="true"', r.text)
        r = cees.request("POST", action, {"csrf_token": token, "portions": "2", "comment": "geen ui"})
        self.assertEqual(r.status, 303, r.text[:300])
        self.assertIs(self.call("GET", f"/api/happen/{meal['id']}/leden/503/", self.board).json, True)
        # Full now (one sign-up at most): anna is refused beside the form.
        anna = self.browser("anna")
        r = anna.request("POST", action, {"csrf_token": anna.csrf("/meals/"), "portions": "1"})
        self.assertEqual(r.status, 422)
        self.assertIn("mamon-error", r.text)
        r = cees.request("POST", f"/meals/{meal['id']}/signout/", {"csrf_token": token})
        self.assertEqual(r.status, 303)
        self.assertIs(self.call("GET", f"/api/happen/{meal['id']}/leden/503/", self.board).json, False)

    def test_web_member_still_sees_a_sign_up_after_closing(self):
        meal = self.new_meal(title="Nasi", date=iso(30))
        path = f"/api/happen/{meal['id']}/"
        self.assertEqual(self.call("POST", path + "leden/502/", self.bram, {"quantity": 3}).status, 200)
        r = self.call("PUT", path, self.board, {"opening_date": iso(-3), "closing_date": iso(-2)})
        self.assertEqual(r.status, 200, r)
        page = self.browser("bram").request("GET", "/meals/").text
        closed = page[page.index("mamon-meals-closed"):]
        self.assertIn("Nasi", closed)
        self.assertNotIn(f"/meals/{meal['id']}/signout/", page)  # closed: the board cancels
        self.assertNotIn("Nasi", self.browser("cees").request("GET", "/meals/").text)

    def test_web_board_creates_and_charges_with_a_confirm_step(self):
        board = self.browser("bestuur", PASSWORD)
        token = board.csrf("/manage/meals/new/")
        form = {"csrf_token": token, "title": "Curry", "description": "", "date": "2030-01-02T19:00",
                "opening_date": "2020-01-01T09:00", "closing_date": "2030-01-02T12:00",
                "cost": "4,00", "max_participants": "0"}
        r = board.request("POST", "/manage/meals/new/", dict(form, cost="vier"))
        self.assertEqual(r.status, 422)
        self.assertIn('id="field-cost-error"', r.text)
        r = board.request("POST", "/manage/meals/new/", form)
        self.assertEqual(r.status, 303, r.text[:300])
        location = r.getheader("Location")
        meal_id = int(re.search(r"/manage/meals/(\d+)/", location).group(1))
        self.assertEqual(self.call("GET", f"/api/happen/{meal_id}/", self.board).json["cost"], 4)
        self.assertEqual(self.call("POST", f"/api/happen/{meal_id}/leden/501/", self.anna,
                                   {"quantity": 1}).status, 200)
        self.fund(self.anna_login["user"]["holder"], 5)
        before = self.stand(self.anna_login["user"]["holder"])
        r = board.request("POST", f"/manage/meals/{meal_id}/charge/", {"csrf_token": token})
        self.assertEqual(r.status, 200)
        self.assertIn('name="confirm" value="1"', r.text)
        self.assertEqual(self.stand(self.anna_login["user"]["holder"]), before)  # not yet
        r = board.request("POST", f"/manage/meals/{meal_id}/charge/",
                          {"csrf_token": token, "confirm": "1"})
        self.assertEqual(r.status, 200, r.text[:300])
        self.assertIn("mamon-charged", r.text)
        self.assertAlmostEqual(self.stand(self.anna_login["user"]["holder"]), before - 4)
        self.assertIn("mamon-meal-signups", board.request("GET", location).text)
        r = board.request("POST", f"/manage/meals/{meal_id}/delete/", {"csrf_token": token})
        self.assertEqual(r.status, 409)
        # A member may not open the board's pages.
        anna = self.browser("anna")
        self.assertEqual(anna.request("GET", "/manage/meals/").status, 403)


if __name__ == "__main__":
    unittest.main()
