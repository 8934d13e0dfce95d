"""API.md "Holders and cards": listing and searching holders, one holder, linking, looking up
and unlinking NFC cards."""
import unittest

from api_support import USER_FIELDS, sql
from bar_support import add_member
from harness import ApiTestCase, MamonServer

HOLDER_FIELDS = {"id", "user", "name", "image", "stand", "ledenbase_id"}
CARD_FIELDS = {"id", "user", "card_id", "card_name"}


class HoldersAndCards(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer()
        s = cls.server
        add_member(s, "tapper", personnel="Tap", groups=["Tapper"])
        add_member(s, "member", ledenbase_id=4242)
        add_member(s, "other")
        add_member(s, "board", groups=["Bestuur"])
        s.start()
        cls.logins = {name: s.login(name) for name in ("tapper", "member", "other", "board")}

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def token(self, name):
        return self.logins[name]["access"]

    def user(self, name):
        return self.logins[name]["user"]

    def req(self, method, path, who, body=None, raw_body=None):
        token = self.token(who) if who else None
        return self.server.request(method, path, body, token=token, raw_body=raw_body)


    # --- holders -------------------------------------------------------------------------------
    def test_personnel_list_all_holders_with_the_contract_fields(self):
        r = self.req("GET", "/api/holders/", "tapper")
        self.assertEqual(r.status, 200, r)
        self.assertIsInstance(r.json, list)
        names = {h["user"]["username"] for h in r.json}
        self.assertTrue({"tapper", "member", "other", "board"} <= names, names)
        self.assertEqual(int(r.headers["X-Total-Count"]), len(r.json))
        member = next(h for h in r.json if h["user"]["username"] == "member")
        self.assertEqual(set(member), HOLDER_FIELDS)
        self.assertEqual(set(member["user"]), USER_FIELDS)
        self.assertEqual(member["id"], self.user("member")["holder"])
        self.assertEqual(member["name"], "Member Test")
        self.assertEqual(member["stand"], 0)
        self.assertEqual(member["ledenbase_id"], 4242)
        self.assertEqual(member["user"]["holder"], member["id"])
        self.assertIsNone(member["user"]["personel"])

    def test_search_by_name_username_and_ledenbase_id(self):
        for search in ("memb", "MEMBER", "Member Test", "4242"):
            r = self.req("GET", "/api/holders/?search=" + search.replace(" ", "%20"), "tapper")
            self.assertEqual(r.status, 200, r)
            self.assertEqual([h["user"]["username"] for h in r.json], ["member"], search)
        r = self.req("GET", "/api/holders/?search=nobody-like-this", "board")
        self.assertEqual(r.json, [])

    def test_post_with_a_json_string_is_a_search(self):
        r = self.req("POST", "/api/holders/", "tapper", "oth")
        self.assertEqual(r.status, 200, r)
        self.assertEqual([h["user"]["username"] for h in r.json], ["other"])
        for body in ({"search": "oth"}, 5, ["oth"], None):
            r = self.req("POST", "/api/holders/", "tapper", raw_body=__import__("json").dumps(body))
            self.assertError(r, 400)
        self.assertError(self.req("POST", "/api/holders/", "tapper", raw_body=b'"unterminated'),
                         400, "invalid_json")

    def test_a_plain_holder_sees_only_their_own(self):
        r = self.req("GET", "/api/holders/", "member")
        self.assertEqual(r.status, 200, r)
        self.assertEqual([h["user"]["username"] for h in r.json], ["member"])
        r = self.req("POST", "/api/holders/", "member", "oth")
        self.assertEqual([h["user"]["username"] for h in r.json], ["member"])

    def test_get_one_holder(self):
        own = self.user("member")["holder"]
        r = self.req("GET", f"/api/holders/{own}/", "member")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(set(r.json), HOLDER_FIELDS)
        self.assertEqual(self.req("GET", f"/api/holders/{own}", "tapper").status, 200)
        self.assertError(self.req("GET", f"/api/holders/{self.user('other')['holder']}", "member"),
                         403)
        self.assertError(self.req("GET", "/api/holders/999999/", "tapper"), 404)
        self.assertError(self.req("GET", "/api/holders/abc/", "tapper"), 404)
        self.assertError(self.req("GET", f"/api/holders/{own}/", None), 401)
        self.assertError(self.req("PUT", f"/api/holders/{own}/", "tapper", {}), 405)

    # --- cards ---------------------------------------------------------------------------------
    def test_link_own_card_look_it_up_and_delete_it(self):
        r = self.req("POST", "/api/cards/", "member", {"card_id": "04a1b2c3", "card_name": "blue"})
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["card_id"], "04A1B2C3")
        self.assertEqual(r.json["card_name"], "blue")
        self.assertEqual(r.json["user"]["id"], self.user("member")["id"])
        r = self.req("GET", "/api/cards/04a1b2c3/", "tapper")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(set(r.json), CARD_FIELDS)
        self.assertEqual(r.json["user"]["username"], "member")
        self.assertEqual(r.json["user"]["holder"], self.user("member")["holder"])
        self.assertEqual(self.req("GET", "/api/cards/04A1B2C3", "member").status, 200)
        # The card is searchable by its UID.
        r = self.req("GET", "/api/holders/?search=04a1b2c3", "tapper")
        self.assertEqual([h["user"]["username"] for h in r.json], ["member"])
        # Linked already, whoever asks.
        self.assertError(self.req("POST", "/api/cards/", "other", {"card_id": "04A1B2C3"}), 409,
                         "card_already_linked")
        # Somebody else's card answers exactly like an unknown one (no probing of card UIDs).
        theirs = self.req("DELETE", "/api/cards/04a1b2c3/", "other")
        unknown = self.req("DELETE", "/api/cards/0badcafe99/", "other")
        self.assertError(theirs, 404, "card_not_found")
        self.assertError(unknown, 404, "card_not_found")
        self.assertEqual(theirs.json, unknown.json)
        r = self.req("DELETE", "/api/cards/04a1b2c3/", "member")
        self.assertEqual(r.status, 200, r)
        self.assertEqual(r.json["message"], "Card deleted successfully!")
        self.assertError(self.req("GET", "/api/cards/04a1b2c3/", "tapper"), 404, "card_not_found")
        self.assertError(self.req("DELETE", "/api/cards/04a1b2c3/", "member"), 404)

    def test_link_card_validation(self):
        for body, field in (({}, "card_id"), ({"card_id": 1234}, "card_id"),
                            ({"card_id": "not-hex!"}, "card_id"), ({"card_id": ""}, "card_id"),
                            ({"card_id": "AB12", "card_name": 5}, "card_name")):
            r = self.req("POST", "/api/cards/", "member", body)
            self.assertError(r, 400)
            self.assertIn(field, r.json.get("errors", {}), (body, r))
        self.assertError(self.req("POST", "/api/cards/", "member", ["AB"]), 400)
        self.assertError(self.req("POST", "/api/cards/", "member", raw_body=b"{"), 400, "invalid_json")
        self.assertError(self.req("POST", "/api/cards/", None, {"card_id": "AB12"}), 401)
        self.assertError(self.req("GET", "/api/cards/", "member"), 405)

    def test_personnel_link_a_card_to_a_holder(self):
        other = self.user("other")["id"]
        body = {"card_id": "deadbeef", "card_name": "keyring", "user": {"id": other}}
        self.assertError(self.req("POST", "/api/holders/cards/", "member", body), 403)
        r = self.req("POST", "/api/holders/cards/", "tapper", body)
        self.assertEqual(r.status, 201, r)
        self.assertEqual(r.json["message"], "Card added to holder")
        self.assertEqual(r.json["card_id"], "DEADBEEF")
        self.assertEqual(r.json["user"]["id"], other)
        self.assertError(self.req("POST", "/api/holders/cards/", "tapper", body), 409,
                         "card_already_linked")
        for bad in ({"card_id": "AB"}, {"card_id": "AB", "user": 5}, {"card_id": "AB", "user": {}},
                    {"card_id": "AB", "user": {"id": "x"}}):
            self.assertError(self.req("POST", "/api/holders/cards/", "tapper", bad), 400)
        r = self.req("POST", "/api/holders/cards/", "tapper",
                     {"card_id": "AB", "card_name": "", "user": {"id": 999999}})
        # A user named inside the body is a field error, not a missing URL (issue 7, item 8).
        self.assertError(r, 400, "invalid", field="user")
        # Personnel may remove anybody's card.
        r = self.req("DELETE", "/api/cards/DEADBEEF", "tapper")
        self.assertEqual(r.status, 200, r)

    def test_unknown_and_blocked_cards_are_404_json(self):
        self.assertError(self.req("GET", "/api/cards/FFFF0000/", "tapper"), 404)
        r = self.req("POST", "/api/cards/", "other", {"card_id": "CAFE01", "card_name": "lost"})
        self.assertEqual(r.status, 201, r)
        sql(self.server, "UPDATE cards SET blocked = TRUE WHERE card_id = 'CAFE01'")
        self.assertError(self.req("GET", "/api/cards/cafe01/", "tapper"), 404)


if __name__ == "__main__":
    unittest.main()
