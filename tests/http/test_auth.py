"""API.md "Authentication": login, refresh rotation, tokens, the Authenticator's 401/403 rules and
client applications."""
import unittest

from api_support import (USER_FIELDS, access_claims, add_client_application,
                         jwt_claims, load_catalogue, sign_jwt)
from bar_support import add_member
from harness import ApiTestCase, MamonServer, PASSWORD


class Auth(ApiTestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = MamonServer()
        s = cls.server
        load_catalogue(s)
        add_member(s, "tapper", personnel="Tap", groups=["Tapper"])
        add_member(s, "member")
        add_member(s, "locked")
        add_member(s, "website")
        s.start()
        cls.secret = s.env["SECRET_KEY"]
        cls.jwt_key = s.env["JWT_KEY"]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()


    def get(self, path, token, prefix="Bearer"):
        return self.server.request("GET", path, token=token, auth_prefix=prefix)

    # --- login ---------------------------------------------------------------------------------
    def test_login_returns_tokens_and_user(self):
        r = self.server.request("POST", "/api/login/", {"username": "tapper", "password": PASSWORD})
        self.assertEqual(r.status, 200, r)
        body = r.json
        self.assertEqual(set(body), {"refresh", "access", "user"})
        user = body["user"]
        self.assertTrue(USER_FIELDS | {"exp", "roles"} <= set(user), user)
        self.assertEqual(user["username"], "tapper")
        self.assertEqual(user["name"], "Tapper Test")
        self.assertEqual(user["nickname"], "Tap")
        self.assertIsInstance(user["personel"], int)
        self.assertIsInstance(user["holder"], int)
        self.assertEqual(user["roles"], ["Tapper"])
        access = jwt_claims(body["access"])
        self.assertEqual(user["exp"], access["exp"])
        for claim in ("token_type", "exp", "iat", "jti", "user_id", "username", "name", "roles",
                      "personel_id", "nickname", "image"):
            self.assertIn(claim, access)
        self.assertEqual(access["token_type"], "access")
        self.assertEqual(access["personel_id"], user["personel"])
        refresh = jwt_claims(body["refresh"])
        self.assertEqual(refresh["token_type"], "refresh")
        self.assertGreater(refresh["exp"], access["exp"])

    def test_member_without_personnel_has_null_personel(self):
        user = self.server.login("member")["user"]
        self.assertIsNone(user["personel"])
        self.assertIsNone(user["nickname"])
        self.assertEqual(jwt_claims(self.server.login("member")["access"])["personel_id"], 0)

    def test_wrong_password_and_unknown_user_are_401_with_detail(self):
        r = self.server.request("POST", "/api/login/", {"username": "member", "password": "nope"})
        self.assertError(r, 401, "invalid_credentials")
        r = self.server.request("POST", "/api/login/", {"username": "ghost", "password": "x"})
        self.assertError(r, 401, "invalid_credentials")

    def test_login_bad_bodies_are_400(self):
        for body in ({}, {"username": "member"}, {"password": PASSWORD},
                     {"username": 5, "password": PASSWORD}, {"username": "member", "password": None},
                     ["member", PASSWORD], "member"):
            r = self.server.request("POST", "/api/login/", body)
            self.assertError(r, 400)
        r = self.server.request("POST", "/api/login/", raw_body=b'{"username": ')
        self.assertError(r, 400, "invalid_json")
        r = self.server.request("POST", "/api/login/", {"username": 5, "password": "x"})
        self.assertIn("username", r.json.get("errors", {}))

    def test_login_not_json_is_415_and_get_is_405(self):
        r = self.server.request("POST", "/api/login/", raw_body=b"username=member",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertError(r, 415)
        r = self.server.request("GET", "/api/login/")
        self.assertError(r, 405)

    def test_login_over_long_fields_say_too_long_and_empty_ones_blank(self):
        cases = (({"username": "m" * 151, "password": PASSWORD}, "username",
                  "Ensure this field has no more than 150 characters."),
                 ({"username": "member", "password": "p" * 1025}, "password",
                  "Ensure this field has no more than 1024 characters."),
                 ({"username": "", "password": PASSWORD}, "username",
                  "This field may not be blank."),
                 ({"username": "member", "password": ""}, "password",
                  "This field may not be blank."))
        for body, field, message in cases:
            r = self.server.request("POST", "/api/login/", body)
            self.assertError(r, 400, "invalid", field=field)
            self.assertEqual(r.json["errors"][field], [message], r)

    def test_too_many_failures_from_one_address_are_429_with_retry_after(self):
        # limits.h kLoginFailuresPerPairMax; test_login_limits.py covers the other limits.
        for _ in range(10):
            r = self.server.request("POST", "/api/login/", {"username": "locked", "password": "x"})
            self.assertEqual(r.status, 401, r)
        r = self.server.request("POST", "/api/login/", {"username": "locked", "password": PASSWORD})
        self.assertError(r, 429, "rate_limited")
        self.assertGreater(int(r.headers["Retry-After"]), 0)

    # --- refresh -------------------------------------------------------------------------------
    def test_refresh_rotates_and_the_old_token_stops_working(self):
        first = self.server.login("member")
        r = self.server.request("POST", "/api/login/refresh/", {"refresh": first["refresh"]})
        self.assertEqual(r.status, 200, r)
        self.assertEqual(set(r.json), {"access", "refresh", "user"})
        self.assertNotEqual(r.json["refresh"], first["refresh"])
        self.assertEqual(r.json["user"]["exp"], jwt_claims(r.json["refresh"])["exp"])
        self.assertTrue(USER_FIELDS <= set(r.json["user"]))
        self.assertEqual(self.get("/api/products/", r.json["access"]).status, 200)
        newer = self.server.request("POST", "/api/login/refresh/", {"refresh": r.json["refresh"]})
        self.assertEqual(newer.status, 200, newer)
        # Replaying a rotated token (stolen?) is refused and revokes its whole family: the
        # tokens that replaced it stop working too; another login is not affected.
        other = self.server.login("member")
        again = self.server.request("POST", "/api/login/refresh/", {"refresh": first["refresh"]})
        self.assertError(again, 401)
        for token in (newer.json["refresh"], r.json["refresh"]):
            self.assertError(
                self.server.request("POST", "/api/login/refresh/", {"refresh": token}), 401)
        r = self.server.request("POST", "/api/login/refresh/", {"refresh": other["refresh"]})
        self.assertEqual(r.status, 200, r)

    def test_refresh_rejects_access_tokens_garbage_and_bad_bodies(self):
        login = self.server.login("member")
        r = self.server.request("POST", "/api/login/refresh/", {"refresh": login["access"]})
        self.assertError(r, 401)
        r = self.server.request("POST", "/api/login/refresh/", {"refresh": "not.a.jwt"})
        self.assertError(r, 401)
        forged = sign_jwt(jwt_claims(login["refresh"]), "another-key")
        self.assertError(self.server.request("POST", "/api/login/refresh/", {"refresh": forged}), 401)
        self.assertError(self.server.request("POST", "/api/login/refresh/", {}), 400)
        self.assertError(self.server.request("POST", "/api/login/refresh/", {"refresh": 7}), 400)

    def test_app_flow_login_products_refresh(self):
        login = self.server.login("tapper")
        products = self.get("/api/products/", login["access"])
        self.assertEqual(products.status, 200)
        self.assertIsInstance(products.json, list)
        exp = login["user"]["exp"]
        self.assertIsInstance(exp, int)
        refreshed = self.server.request("POST", "/api/login/refresh/", {"refresh": login["refresh"]})
        self.assertEqual(refreshed.status, 200)
        self.assertEqual(self.get("/api/products/7", refreshed.json["access"]).status, 404)
        self.assertEqual(self.get("/api/products/1", refreshed.json["access"]).status, 200)

    # --- bearer tokens -------------------------------------------------------------------------
    def test_authentication_prefix_is_accepted(self):
        token = self.server.login("member")["access"]
        self.assertEqual(self.get("/api/products", token, prefix="Authentication").status, 200)
        self.assertEqual(self.get("/api/products", token, prefix="bearer").status, 200)

    def test_missing_expired_forged_and_none_tokens_are_401(self):
        login = self.server.login("member")
        user_id = login["user"]["id"]
        self.assertError(self.server.request("GET", "/api/products/"), 401)
        expired = sign_jwt(access_claims(user_id, exp_offset=-10), self.secret)
        self.assertError(self.get("/api/products/", expired), 401)
        forged = sign_jwt(access_claims(user_id), "not-the-secret-key")
        self.assertError(self.get("/api/products/", forged), 401)
        none = sign_jwt(access_claims(user_id), "", alg="none")
        self.assertError(self.get("/api/products/", none), 401)
        valid = sign_jwt(access_claims(user_id), self.secret)
        self.assertEqual(self.get("/api/products/", valid).status, 200)
        unknown_user = sign_jwt(access_claims(987654), self.secret)
        self.assertError(self.get("/api/products/", unknown_user), 401)
        self.assertError(self.get("/api/products/", login["refresh"]), 401)
        self.assertError(self.get("/api/products/", "garbage", prefix="Bearer"), 401)
        self.assertError(self.get("/api/products/", login["access"], prefix="Basic"), 401)

    # --- client applications -------------------------------------------------------------------
    def client_token(self, identifier, paths):
        return sign_jwt({"IDENTIFIER": identifier, "PATHS": paths, "USER": "website"}, self.jwt_key)

    def test_client_application_runs_as_its_user_on_allowed_paths(self):
        user_id = self.server.login("website")["user"]["id"]
        allowed = ["/api/products/?", r"/api/holders/\d+/?"]
        identifier = add_client_application(self.server, user_id, paths=allowed)
        token = self.client_token(identifier, allowed)
        r = self.get("/api/products/", token, prefix=None)
        self.assertEqual(r.status, 200, r)
        r = self.get("/api/holders/", token, prefix=None)
        self.assertError(r, 403)
        self.assertEqual(r.json["detail"], "URL not allowed.")
        # Partial matches do not count: the regex must match the whole path.
        self.assertError(self.get("/api/products/overview/", token, prefix=None), 403)
        wrong_key = sign_jwt({"IDENTIFIER": identifier, "PATHS": [".*"]}, self.secret)
        self.assertError(self.get("/api/products/", wrong_key, prefix=None), 401)
        # The stored paths decide: a token claiming every path gets no more than they allow.
        greedy = self.client_token(identifier, [".*"])
        self.assertEqual(self.get("/api/products/", greedy, prefix=None).status, 200)
        self.assertError(self.get("/api/holders/", greedy, prefix=None), 403)

    def test_unknown_or_revoked_client_application_is_401(self):
        user_id = self.server.login("website")["user"]["id"]
        unknown = self.client_token("00000000-0000-4000-8000-000000000000", [".*"])
        self.assertError(self.get("/api/products/", unknown, prefix=None), 401)
        revoked = add_client_application(self.server, user_id, revoked=True)
        self.assertError(self.get("/api/products/", self.client_token(revoked, [".*"]), prefix=None),
                         401)


if __name__ == "__main__":
    unittest.main()
