"""Helpers for the authentication / catalogue / holder tests: JWT signing (to forge, expire and
build client-application tokens), test-only SQL for rows no endpoint or CLI creates (client
applications), and a catalogue fixture loaded with `mamon loaddata`."""
import base64
import hashlib
import hmac
import json
import subprocess
import time
import uuid

import sqlite3


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign_jwt(claims, key, alg="HS256"):
    header = {"alg": alg, "typ": "JWT"}
    signing_input = b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
    if alg == "none":
        return signing_input + "."
    sig = hmac.new(key.encode(), signing_input.encode(), hashlib.sha256).digest()
    return signing_input + "." + b64url(sig)


def jwt_claims(token):
    payload = token.split(".")[1]
    payload += "=" * (-len(payload) % 4)
    return json.loads(base64.urlsafe_b64decode(payload))


def access_claims(user_id, username="x", exp_offset=600, token_type="access"):
    now = int(time.time())
    return {"token_type": token_type, "exp": now + exp_offset, "iat": now, "jti": uuid.uuid4().hex,
            "user_id": user_id, "username": username, "name": username, "roles": [],
            "personel_id": 0, "nickname": None, "image": ""}


def sql(server, statement):
    """Runs one test-only SQL statement against the server's database (SQLite or PostgreSQL)."""
    if server.db.backend == "sqlite":
        path = server.db.url[len("sqlite:///"):]
        with sqlite3.connect(path, timeout=10) as conn:
            conn.execute(statement)
    else:
        subprocess.run(["psql", server.db.url, "-q", "-v", "ON_ERROR_STOP=1", "-c", statement],
                       check=True, capture_output=True)


def add_client_application(server, user_id, identifier=None, revoked=False, paths=(".*",)):
    """Registers a client application by SQL with its stored path patterns (what the server
    allows: a token's own PATHS claim grants nothing beyond them)."""
    identifier = identifier or str(uuid.uuid4())
    revoked_at = str(int(time.time() * 1e6)) if revoked else "NULL"
    sql(server, "INSERT INTO client_applications (identifier, name, user_id, created_at_us, "
                f"revoked_at_us) VALUES ('{identifier}', 'test site', {user_id}, "
                f"{int(time.time() * 1e6)}, {revoked_at})")
    for position, pattern in enumerate(paths):
        quoted = pattern.replace("'", "''")
        sql(server, "INSERT INTO client_application_paths (client_application_id, position, "
                    f"pattern) SELECT id, {position}, '{quoted}' FROM client_applications "
                    f"WHERE identifier = '{identifier}'")
    return identifier


# pk -> (name, price, color, active, image)
PRODUCTS = {
    1: ("Pils", 2.5, "#FFCC00", True, "products/pils.png"),
    2: ("Cola", 1.75, "#AA0000", True, ""),
    3: ("Oud product", 1.0, "#FFFFFF", False, "https://cdn.example/oud.png"),
}
CATEGORIES = {
    1: ("Bier", "Van de tap", [1]),
    2: ("Fris", "", [2, 3]),
}


def load_catalogue(server):
    records = [{"model": "purchase.product", "pk": pk,
                "fields": {"name": n, "price": p, "color": c, "active": a, "image": i}}
               for pk, (n, p, c, a, i) in PRODUCTS.items()]
    records += [{"model": "purchase.category", "pk": pk,
                 "fields": {"name": n, "description": d, "products": ps}}
                for pk, (n, d, ps) in CATEGORIES.items()]
    server.load_records(records)


USER_FIELDS = {"id", "username", "first_name", "last_name", "email", "holder", "personel",
               "nickname", "image_url", "name"}
