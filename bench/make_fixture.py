#!/usr/bin/env python3
"""Writes the benchmark's data set as a Django `dumpdata` JSON for `mamon loaddata`.

Usage: bench/make_fixture.py HOLDERS PRODUCTS STAND_CENTS > fixture.json

HOLDERS users with one holder each (pks 1..HOLDERS), every wallet opening at STAND_CENTS, and
PRODUCTS active products (pks 1..PRODUCTS) priced 0.10..0.49 euros: cheap on purpose, so a wallet
pays for every sale of a bounded run (the price does not change the work of a sale). loaddata is
the fastest real path into the database: one transaction, the same importer and ledger as a
production migration.
Money is written as whole cents divided by 100 with 2 decimals, so it parses exactly.
"""
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


def main(argv):
    if len(argv) != 4:
        sys.exit("usage: make_fixture.py HOLDERS PRODUCTS STAND_CENTS")
    holders, products, stand_cents = (int(a) for a in argv[1:])
    if holders < 1 or products < 1 or stand_cents < 0:
        sys.exit("make_fixture.py: HOLDERS and PRODUCTS must be >= 1, STAND_CENTS >= 0")
    json.dump(list(records(holders, products, stand_cents)), sys.stdout)


if __name__ == "__main__":
    main(sys.argv)
