"""Upload Massal at scale: a 10,000-row sheet (5,000 products of two variants each, stock at
the store's warehouse) checked and applied, then the same sheet applied again (all updates),
timed on a database of its own. Target: check + apply under 60 s on this machine.

  DATABASE_URL=sqlite:////tmp/bench-import.sqlite3 .venv/bin/python bench/catalog_import.py [--rows 10000]
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/niaga_bench_import .venv/bin/python bench/catalog_import.py

The database is migrated first (created, for PostgreSQL, when it does not exist) and a fresh
seller is made each run. Prints the phases' seconds and statement counts as JSON.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niaga.settings")
os.environ.setdefault("NIAGA_JOBS_IMMEDIATE", "1")


def _create_pg_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def sheet(rows: int, location: str, category: str, tag: str) -> bytes:
    from openpyxl import Workbook

    from niaga.imports import columns

    head = columns.headers([location])
    book = Workbook(write_only=True)
    ws = book.create_sheet("Produk")
    ws.append(head)
    for i in range(rows):
        product = i // 2
        first = i % 2 == 0
        values = {
            "SKU Induk": f"{tag}-P{product:05d}",
            "SKU Varian": f"{tag}-P{product:05d}-{'A' if first else 'B'}",
            "Nama Produk": f"Produk Uji {product}" if first else None,
            "Deskripsi": "Barang uji untuk benchmark impor." if first else None,
            "Kategori": category if first else None,
            "Kondisi": "Baru" if first else None,
            "Berat (gram)": 100 + product % 900 if first else None,
            "Harga (Rp)": 10_000 + (product % 50) * 1_000 + (0 if first else 2_000),
            "Nama Varian": "Biru" if first else "Merah",
            columns.STOCK_PREFIX + location: product % 40,
        }
        ws.append([values.get(h) for h in head])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        _create_pg_database(url)

    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.db import connection

    class Count:  # statements run (CaptureQueriesContext keeps only the last 9,000)
        def __init__(self) -> None:
            self.n = 0

        def __call__(self, execute, sql, params, many, context):
            self.n += 1
            return execute(sql, params, many, context)

        def __len__(self) -> int:
            return self.n

    call_command("migrate", verbosity=0)
    from niaga.accounts.services import register_user
    from niaga.catalog.models import Category
    from niaga.fulfillment.services import store_location
    from niaga.imports import services
    from niaga.imports.models import ImportJob
    from niaga.stores.services import open_store

    tag = uuid.uuid4().hex[:6].upper()
    owner = register_user(
        email=f"bench-{tag.lower()}@niaga.local", password="bench-impor-2026", full_name="Penjual Bench", verified=True
    )
    store = open_store(owner=owner, data={"name": f"Toko Bench {tag}", "city_code": "32.73"})
    category = Category.objects.order_by("pk").first() or Category.objects.create(name="Umum", slug="umum")
    data = sheet(args.rows, store_location(store=store).name, category.name, tag)
    result: dict = {"database": connection.vendor, "rows": args.rows, "file_bytes": len(data)}

    for run in ("first", "again"):
        upload = SimpleUploadedFile("bench.xlsx", data)
        t0 = time.perf_counter()
        checking, applying = Count(), Count()
        with connection.execute_wrapper(checking):
            job = services.start(store=store, user=owner, file=upload)
            if job.status == ImportJob.Status.VALIDATING:  # larger than inline: run the job's body here
                job = services.validate(job_id=job.pk)
        t1 = time.perf_counter()
        assert job.status == ImportJob.Status.READY, job.errors[:5]
        ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.APPLYING)
        with connection.execute_wrapper(applying):
            job = services.apply(job_id=job.pk)
        t2 = time.perf_counter()
        assert job.status == ImportJob.Status.DONE, job.errors[:5]
        result[run] = {
            "validate_s": round(t1 - t0, 2),
            "apply_s": round(t2 - t1, 2),
            "total_s": round(t2 - t0, 2),
            "validate_queries": len(checking),
            "apply_queries": len(applying),
            "new_products": job.new_products,
            "new_variants": job.new_variants,
            "updated_products": job.updated_products,
        }
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
