#!/usr/bin/env python3
"""Writes the benchmark's data set as a Django `dumpdata` JSON for `mamon loaddata`.

Usage: bench/make_fixture.py HOLDERS PRODUCTS STAND_CENTS [PURCHASES MEMBER_PASSWORD] > fixture.json

HOLDERS users with one holder each (pks 1..HOLDERS), every wallet opening at STAND_CENTS, and
PRODUCTS active products (pks 1..PRODUCTS) priced 0.10..0.49 euros: cheap on purpose, so a wallet
pays for every sale of a bounded run (the price does not change the work of a sale). loaddata is
the fastest real path into the database: one transaction, the same importer and ledger as a
production migration.
With PURCHASES (the page benchmark, bench/pages.sh): a bar-staff user `bench-seller` (personnel
pk 1) and PURCHASES wallet purchases of 1..3 lines, spread evenly over 2026-01-01..2026-11-30 UTC,
every tenth by the member `bench-member` (holder pk HOLDERS+1, password MEMBER_PASSWORD as a Django
pbkdf2_sha256 hash of 1,000 iterations: cheap to log in, the importer keeps Django hashes), the
others by holders 1..HOLDERS; and 8 categories of 5 products each (some products in two).
Money is written as whole cents divided by 100 with 2 decimals, so it parses exactly.
"""
import base64
import datetime
import hashlib
import json
import sys


def euros(cents):
    # A JSON number with at most 2 decimals; the importer parses it exactly into cents.
    return float(f"{cents // 100}.{cents % 100:02d}")


def records(holders, products, stand_cents):
    yield {"model": "auth.group", "pk": 1, "fields": {"name": "Tapper", "permissions": []}}
    for pk in range(1, products + 1):
        price_cents = 10 + (pk * 7) % 40  # 0.10 .. 0.49, deterministic
        yield {"model": "purchase.product", "pk": pk,
               "fields": {"name": f"Bench product {pk}", "price": euros(price_cents),
                          "color": "#F2C200", "active": True, "image": ""}}
    for pk in range(1, holders + 1):
        yield {"model": "auth.user", "pk": pk,
               "fields": {"password": "", "last_login": None, "is_superuser": False,
                          "username": f"bench{pk}", "first_name": "Bench", "last_name": str(pk),
                          "email": "", "is_staff": False, "is_active": True,
                          "date_joined": "2024-01-01T00:00:00Z", "groups": [],
                          "user_permissions": []}}
        yield {"model": "users.holder", "pk": pk,
               "fields": {"user": pk, "stand": euros(stand_cents), "ledenbase_id": 0,
                          "image": "", "image_ledenbase": ""}}


def django_pbkdf2(password, salt="benchsalt", iterations=1000):
    key = hashlib.pbkdf2_hmac("sha256", password.encode(), salt.encode(), iterations)
    return f"pbkdf2_sha256${iterations}${salt}${base64.b64encode(key).decode()}"


def history(holders, products, purchases, member_password):
    """The page benchmark's history: a seller, a member with a password, categories, purchases."""
    seller_user, member_user = holders + 1, holders + 2
    member_holder = holders + 1
    yield {"model": "auth.user", "pk": seller_user,
           "fields": {"password": "", "last_login": None, "is_superuser": False,
                      "username": "bench-seller", "first_name": "Bench", "last_name": "Seller",
                      "email": "", "is_staff": False, "is_active": True,
                      "date_joined": "2024-01-01T00:00:00Z", "groups": [1],
                      "user_permissions": []}}
    yield {"model": "users.personel", "pk": 1,
           "fields": {"user": seller_user, "nickname": "seller", "image": ""}}
    yield {"model": "auth.user", "pk": member_user,
           "fields": {"password": django_pbkdf2(member_password), "last_login": None,
                      "is_superuser": False, "username": "bench-member", "first_name": "Bench",
                      "last_name": "Member", "email": "", "is_staff": False, "is_active": True,
                      "date_joined": "2024-01-01T00:00:00Z", "groups": [],
                      "user_permissions": []}}
    yield {"model": "users.holder", "pk": member_holder,
           "fields": {"user": member_user, "stand": euros(99999900), "ledenbase_id": 0,
                      "image": "", "image_ledenbase": ""}}
    for c in range(8):
        members = [p for p in range(1, products + 1) if p % 8 == c or p % 13 == c]
        yield {"model": "purchase.category", "pk": c + 1,
               "fields": {"name": f"Bench category {c + 1}", "description": "",
                          "products": members}}
    start = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    span_s = int((datetime.datetime(2026, 12, 1, tzinfo=datetime.timezone.utc) - start)
                 .total_seconds())
    order_pk = 0
    for pk in range(1, purchases + 1):
        lines = []
        for k in range(1 + pk % 3):
            order_pk += 1
            lines.append(order_pk)
            yield {"model": "purchase.order", "pk": order_pk,
                   "fields": {"product": 1 + (pk * 7 + k * 11) % products,
                              "quantity": 1 + (pk + k) % 2}}
        buyer = member_holder if pk % 10 == 0 else 1 + pk % holders
        at = start + datetime.timedelta(seconds=(pk * span_s) // (purchases + 1))
        yield {"model": "purchase.purchase", "pk": pk,
               "fields": {"buyer": buyer, "seller": 1, "balance": True, "cash": False,
                          "pin": False, "created": at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                          "remaining_after_purchase": 0.0, "orders": lines}}


def main(argv):
    if len(argv) not in (4, 6):
        sys.exit("usage: make_fixture.py HOLDERS PRODUCTS STAND_CENTS [PURCHASES MEMBER_PASSWORD]")
    holders, products, stand_cents = (int(a) for a in argv[1:4])
    if holders < 1 or products < 1 or stand_cents < 0:
        sys.exit("make_fixture.py: HOLDERS and PRODUCTS must be >= 1, STAND_CENTS >= 0")
    out = list(records(holders, products, stand_cents))
    if len(argv) == 6:
        purchases = int(argv[4])
        if purchases < 1:
            sys.exit("make_fixture.py: PURCHASES must be >= 1")
        out.extend(history(holders, products, purchases, argv[5]))
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
