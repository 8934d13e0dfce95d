"""A fake of the association's ledenbase on a free loopback port (DESIGN.md §8), for the
ledenbase login tests: POST /login/ {"username", "password"} -> {"token"} (400 with
non_field_errors for wrong credentials, as Django REST framework answers), GET
/personen/{token}/ -> the member. Both check the Authorization header (LEDENBASE_TOKEN). A test
can make it fail (HTTP 500) or answer too slowly; every request is recorded."""
import secrets
import time

from fake_json_service import FakeJsonService

TOKEN = "fake-ledenbase-client-token-0123456789"


class FakeLedenbase(FakeJsonService):
    url_path = "/api"

    def __init__(self):
        super().__init__()
        self.members = {}        # username -> (password, member dict)
        self.sessions = {}       # member token -> member dict
        self.fail_status = None  # answer every request with this status
        self.delay_s = 0         # sleep before answering

    def add(self, username, password, **member):
        with self.lock:
            self.members[username] = (password, member)

    def remove(self, username):
        with self.lock:
            self.members.pop(username, None)

    def behave(self, fail_status=None, delay_s=0):
        with self.lock:
            self.fail_status = fail_status
            self.delay_s = delay_s

    def logins(self):
        with self.lock:
            return [r for r in self.requests if r[0] == "POST"]

    def _answer(self, method, path, headers, body):
        self._record(method, path, headers, body)
        with self.lock:
            fail, delay = self.fail_status, self.delay_s
        if delay:
            time.sleep(delay)
        if fail:
            return fail, {"detail": "broken"}
        if headers.get("Authorization") != TOKEN:
            return 403, {"detail": "unknown client application"}
        with self.lock:
            if method == "POST" and path == "/api/login/":
                body = body if isinstance(body, dict) else {}
                entry = self.members.get(body.get("username"))
                if entry is None or entry[0] != body.get("password"):
                    return 400, {"non_field_errors": ["Unable to log in with provided credentials."]}
                token = secrets.token_hex(16)
                self.sessions[token] = entry[1]
                return 200, {"token": token}
            if method == "GET" and path.startswith("/api/personen/") and path.endswith("/"):
                member = self.sessions.get(path[len("/api/personen/"):-1])
                if member is None:
                    return 404, {"detail": "Not found."}
                return 200, member
        return 404, {"detail": "Not found."}
