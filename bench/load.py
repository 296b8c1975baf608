"""Load the benchmark marketplace: N products in 10 categories, buyers with tokens and an
address, and a flash-sale campaign; write what the load scripts need to bench.json.

  python bench/load.py OUT_DIR N BUYERS FLASH_QUOTA
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niaga.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from niaga.accounts.models import Address, ApiToken, User  # noqa: E402
from niaga.accounts.services import create_address, issue_token, register_user  # noqa: E402
from niaga.catalog.models import Category, Product, Variant  # noqa: E402
from niaga.core import clock  # noqa: E402
from niaga.inventory.models import Stock  # noqa: E402
from niaga.promotions.models import Campaign, CampaignItem  # noqa: E402
from niaga.stores.services import open_store  # noqa: E402

WORDS = ["Buku", "Kaos", "Sepatu", "Tas", "Kemeja", "Botol", "Lampu", "Kopi", "Madu", "Sambal", "Batik", "Headset"]
JAKSEL = {"province_code": "31", "regency_code": "31.74", "district_code": "31.74.01", "village_code": "31.74.01.1001", "postal_code": "12820"}


def main(out: str, n: int, buyers: int, flash_quota: int) -> None:  # noqa: C901
    with transaction.atomic():
        # Opening a store needs a verified e-mail: the seller signed up and opened the link.
        owner = register_user(email="bench-seller@niaga.local", password="bench-seller-123", full_name="Penjual Bench", phone="+6281200000001", verified=True)
        store = open_store(owner=owner, data={"name": "Toko Bench", "slug": "toko-bench", "city_code": "32.73", "description": "Toko benchmark"})
        categories = [Category.objects.get_or_create(slug=f"bench-{i}", defaults={"name": f"Kategori {i}", "position": 100 + i})[0] for i in range(10)]
        products = Product.objects.bulk_create(
            Product(
                store=store,
                category=categories[i % 10],
                name=f"{WORDS[i % len(WORDS)]} Bench {i:05d}",
                slug=f"bench-{i:05d}",
                description=f"{WORDS[i % len(WORDS)]} untuk benchmark nomor {i}.",
                price=10_000 + (i % 50) * 1_000,
                weight_grams=300,
                is_active=True,
            )
            for i in range(n + 1)
        )
        variants = Variant.objects.bulk_create(Variant(product=p, name="", sku=f"BENCH-{p.pk}") for p in products)
        Stock.objects.bulk_create(Stock(variant=v, on_hand=1_000_000) for v in variants)
        flash_variant = variants[-1]
        people = User.objects.bulk_create(
            User(email=f"bench{i}@niaga.local", full_name=f"Pembeli Bench {i}", phone="+6281200000002") for i in range(buyers)
        )
        template = create_address(user=people[0], data={"recipient_name": "Pembeli Bench", "phone": "081298765432", "street": "Jl. Tebet Raya 12", **JAKSEL})
        fields = {f.name: getattr(template, f.name) for f in Address._meta.concrete_fields if f.name not in ("id", "user", "created_at")}
        addresses = [template] + Address.objects.bulk_create(Address(user=u, **fields) for u in people[1:])
        tokens = [issue_token(user=u, name="bench") for u in people]
        now = clock.now()
        campaign = Campaign.objects.create(name="Harbolnas Bench", slug="harbolnas-bench", starts_at=now - dt.timedelta(minutes=1), ends_at=now + dt.timedelta(days=1))
        item = CampaignItem.objects.create(campaign=campaign, variant=flash_variant, price=9_900, quota=flash_quota, per_buyer_limit=2)
    data = {
        "products": [f"/p/toko-bench/{p.slug}/" for p in products[:-1]],
        "variants": [v.pk for v in variants[:-1]],
        "categories": [f"/kategori/{c.slug}/" for c in categories],
        "buyers": [{"token": t, "address_id": a.pk} for t, a in zip(tokens, addresses)],
        "flash_item": item.pk,
        "flash_quota": flash_quota,
    }
    # Planner statistics as a shop that has been running would have them (autovacuum would
    # get there within minutes; without them PostgreSQL seq-scans the users on every checkout).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with open(os.path.join(out, "bench.json"), "w") as f:
        json.dump(data, f)
    print(f"loaded {n} products, {buyers} buyers, flash quota {flash_quota}; {ApiToken.objects.count()} tokens")


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
