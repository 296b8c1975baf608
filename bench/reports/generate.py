"""A year of marketplace history written straight into PostgreSQL with INSERT … SELECT over
generate_series (the server makes the rows; no ORM save, no row crosses the wire).

What the real flows would write, table by table: buyers and sellers, stores with five products
each, checkouts (one order each) with their lines, payment attempts (some failed first),
the ledger as payments.money posts it (payment into escrow with the service fee and the
gateway's fee, release to the seller less commission and the courier, full refunds of
cancelled orders to saldo, a monthly payout per store requested and paid), shipments, and
the "Sampai" order events. Ids are given explicitly above each table's current maximum and
the sequences moved past them at the end.

Used by bench/reports/run.py; `generate(lines=…, stores=…)` after django.setup().
"""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection, models

from niaga.core import paymethods
from niaga.ledger import accounts as acc
from niaga.ledger import services as ledger

PRODUCTS_PER_STORE = 5
CATEGORIES = 20
METHODS = ("va_bca", "va_bni", "gopay", "shopeepay", "qris", "card", "alfamart")
STAGING = ("bench_o", "bench_l")


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def insert_select(model, exprs: dict[str, str], source: str, params: tuple = ()) -> int:
    """INSERT INTO model's table the columns given as SQL expressions over `source`; every other
    NOT NULL column gets its field's default (blank text when it has none)."""
    columns, selects, values = [], [], []
    for f in model._meta.concrete_fields:
        if f.column in exprs:
            columns.append(f.column)
            selects.append(exprs[f.column])
            continue
        if f.primary_key or f.null:
            continue
        if f.has_default():
            value = f.get_db_prep_save(f.get_default(), connection)
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            columns.append(f.column)
            selects.append("now()")
            continue
        elif isinstance(f, models.CharField | models.TextField):
            value = ""
        else:
            raise ValueError(f"{model.__name__}.{f.name}: no value")
        columns.append(f.column)
        selects.append("%s")
        values.append(value)
    sql = (
        f"INSERT INTO {_quote(model._meta.db_table)} ({', '.join(map(_quote, columns))}) "
        f"SELECT {', '.join(selects)} {source}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*values, *params))
        return cursor.rowcount


def _scalar(sql: str, params: tuple | None = None) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0] or 0)


def _exec(sql: str, params: tuple | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _base(model) -> int:
    return _scalar(f"SELECT COALESCE(MAX(id), 0) FROM {_quote(model._meta.db_table)}")


def _fee_case(total: str) -> str:
    """The gateway's fee per method as SQL (payments.money.gateway_fee, rule for rule)."""
    whens = []
    for method in METHODS:
        family = getattr(paymethods.get(method), "family", "")
        flat, bps = settings.NIAGA_GATEWAY_FEES.get(family, (0, 0))
        whens.append(f"WHEN '{method}' THEN {flat} + ({total}) * {bps} / 10000")
    return f"(CASE o.method {' '.join(whens)} ELSE 0 END)"


def generate(*, lines: int, stores: int, seed: float = 0.42, log=print) -> dict[str, int]:
    from niaga.accounts.models import User
    from niaga.catalog.models import Category, Product, Variant
    from niaga.ledger.models import Account, Entry, Transaction
    from niaga.orders.models import Order, OrderEvent, OrderGroup, OrderLine
    from niaga.payments.models import PaymentAttempt, Payout
    from niaga.shipping.models import Shipment
    from niaga.stores.models import Store

    started = time.perf_counter()
    orders = max(int(lines / 2.5), 1)  # lines per order cycle 1, 2, 3, 4
    buyers = max(orders // 8, 10)
    bps = settings.NIAGA_COMMISSION_BPS
    on_goods = settings.NIAGA_COMMISSION_BASE != "goods_and_shipping"
    shipping_address: str = Order._meta.get_field("shipping_address").get_db_prep_save(
        {"recipient_name": "Pembeli Bench", "phone": "081200000000", "street": "Jl. Bench 1"}, connection
    )
    ub, sb, cb, pb, vb = _base(User), _base(Store), _base(Category), _base(Product), _base(Variant)
    gb, ob, ab, tb, payb = _base(OrderGroup), _base(Order), _base(Account), _base(Transaction), _base(Payout)
    attb, shb = _base(PaymentAttempt), _base(Shipment)

    def step(name: str, count: int) -> None:
        log(f"  {name}: {count:,} rows ({time.perf_counter() - started:.0f} s)")

    _exec(f"SELECT setseed({seed})")
    for table in STAGING:
        _exec(f"DROP TABLE IF EXISTS {table}")

    series = "FROM generate_series(1, %s) AS g(i)"
    step(
        "users",
        insert_select(
            User,
            {
                "id": f"{ub} + i",
                "email": f"'bench{ub}-' || i || '@contoh.id'",
                "full_name": "'Pengguna Bench ' || i",
                "phone": "'0812' || lpad(i::text, 8, '0')",
                "password": "'!'",
                "is_active": "true",
                "date_joined": "now() - interval '400 days'",
            },
            series,
            (stores + buyers,),
        ),
    )
    step(
        "categories",
        insert_select(
            Category,
            {"id": f"{cb} + i", "name": "'Kategori ' || i", "slug": f"'bench-{cb}-' || i"},
            series,
            (CATEGORIES,),
        ),
    )
    step(
        "stores",
        insert_select(
            Store,
            {
                "id": f"{sb} + i",
                "owner_id": f"{ub} + i",
                "name": "'Toko Bench ' || i",
                "slug": f"'toko-bench-{sb}-' || i",
                "logo": "''",
                "city_code": "'32.73'",
                "city_name": "'Kota Bandung'",
                "province_code": "'32'",
                "province_name": "'Jawa Barat'",
                "contact_phone": "'081200000000'",
                "contact_email": "'toko' || i || '@contoh.id'",
            },
            series,
            (stores,),
        ),
    )
    price = "(10000 + (mod((i * 37), 50)) * 5000)"
    step(
        "products",
        insert_select(
            Product,
            {
                "id": f"{pb} + i",
                "store_id": f"{sb} + 1 + (i - 1) / {PRODUCTS_PER_STORE}",
                "category_id": f"{cb} + 1 + mod(i, {CATEGORIES})",
                "name": "'Produk Bench ' || i",
                "slug": f"'produk-bench-{pb}-' || i",
                "price": price,
                "weight_grams": "500",
            },
            series,
            (stores * PRODUCTS_PER_STORE,),
        ),
    )
    step(
        "variants",
        insert_select(
            Variant,
            {"id": f"{vb} + i", "product_id": f"{pb} + i", "name": "''", "sku": f"'SKU-{vb}-' || i"},
            series,
            (stores * PRODUCTS_PER_STORE,),
        ),
    )

    # The orders' shape, drawn once: who, when, how paid, how far they went.
    methods = "ARRAY[" + ", ".join(f"'{m}'" for m in METHODS) + "]"
    _exec(
        f"""
        CREATE UNLOGGED TABLE bench_o AS
        SELECT i, s, b, created_at, method, nl, shipping,
               paid, cancelled, failed,
               created_at + interval '10 minutes' AS paid_at,
               created_at + interval '1 day' AS shipped_at,
               created_at + interval '1 day' + (1 + floor(random() * 4)) * interval '1 day'
                 + random() * interval '6 hours' AS delivered_at
        FROM (
          SELECT i,
                 floor(power(random(), 1.5) * %s)::int AS s,
                 floor(power(random(), 2) * %s)::int AS b,
                 now() - random() * interval '365 days' AS created_at,
                 ({methods})[1 + floor(random() * {len(METHODS)})::int] AS method,
                 1 + mod(i, 4) AS nl,
                 9000 + (mod(i, 5)) * 3000 AS shipping,
                 random() < 0.95 AS paid,
                 random() < 0.03 AS cancelled,
                 random() < 0.08 AS failed
          FROM generate_series(1, %s) AS g(i)
        ) x
        """,
        (stores, buyers, orders),
    )
    _exec(
        f"""
        CREATE UNLOGGED TABLE bench_l AS
        SELECT o.i, k, (o.s * {PRODUCTS_PER_STORE} + mod((o.i + k), {PRODUCTS_PER_STORE})) + 1 AS p,
               CASE WHEN mod((o.i + k), 3) = 0 THEN 2 ELSE 1 END AS qty
        FROM bench_o o, generate_series(0, o.nl - 1) AS k
        """
    )
    _exec(
        """
        ALTER TABLE bench_o ADD COLUMN subtotal bigint;
        UPDATE bench_o o SET subtotal = l.sub
        FROM (SELECT i, SUM((10000 + (mod((p * 37), 50)) * 5000) * qty) AS sub FROM bench_l GROUP BY i) l
        WHERE l.i = o.i;
        ALTER TABLE bench_o ADD COLUMN status text;
        UPDATE bench_o SET status = CASE
          WHEN NOT paid OR cancelled THEN 'cancelled'
          WHEN delivered_at + interval '2 days' < now() THEN 'completed'
          WHEN delivered_at < now() THEN 'delivered'
          WHEN shipped_at < now() THEN 'shipped'
          ELSE 'to_pack' END;
        CREATE UNIQUE INDEX ON bench_o (i);
        ANALYZE bench_o; ANALYZE bench_l;
        """
    )
    step("staging", _scalar("SELECT COUNT(*) FROM bench_l"))

    src = "FROM bench_o o"
    step(
        "checkouts",
        insert_select(
            OrderGroup,
            {
                "id": f"{gb} + o.i",
                "code": f"'BG{gb}-' || o.i",
                "buyer_id": f"{ub} + {stores} + 1 + o.b",
                "payment_method": "o.method",
                "subtotal": "o.subtotal",
                "shipping_total": "o.shipping",
                "service_fee": "1000",
                "total": "o.subtotal + o.shipping + 1000",
                "payment_due_at": "o.created_at + interval '1 day'",
                "paid_at": "CASE WHEN o.paid THEN o.paid_at END",
                "created_at": "o.created_at",
            },
            src,
        ),
    )
    shipped = "o.paid AND NOT o.cancelled AND o.status <> 'to_pack'"
    step(
        "orders",
        insert_select(
            Order,
            {
                "id": f"{ob} + o.i",
                "number": f"'INV/BENCH/{ob}/' || o.i",
                "group_id": f"{gb} + o.i",
                "buyer_id": f"{ub} + {stores} + 1 + o.b",
                "store_id": f"{sb} + 1 + o.s",
                "status": "o.status",
                "shipping_address": f"'{shipping_address}'",  # Fernet text: base64, no quote
                "courier_code": "CASE WHEN mod(o.i, 3) = 0 THEN 'sicepat_reg' ELSE 'jne_reg' END",
                "courier_name": "CASE WHEN mod(o.i, 3) = 0 THEN 'SiCepat REG' ELSE 'JNE Reguler' END",
                "shipping_eta": "'2-3 hari'",
                "weight_grams": "500 * o.nl",
                "subtotal": "o.subtotal",
                "shipping_cost": "o.shipping",
                "total": "o.subtotal + o.shipping",
                "payment_due_at": "o.created_at + interval '1 day'",
                "paid_at": "CASE WHEN o.paid THEN o.paid_at END",
                "shipped_at": f"CASE WHEN {shipped} THEN o.shipped_at END",
                "awb": f"CASE WHEN {shipped} THEN 'AWB{ob}-' || o.i ELSE '' END",
                "created_at": "o.created_at",
                "updated_at": "o.created_at",
            },
            src,
        ),
    )
    step(
        "order lines",
        insert_select(
            OrderLine,
            {
                "order_id": f"{ob} + l.i",
                "variant_id": f"{vb} + l.p",
                "product_name": "'Produk Bench ' || l.p",
                "unit_price": "10000 + (mod((l.p * 37), 50)) * 5000",
                "quantity": "l.qty",
                "weight_grams": "500",
            },
            "FROM bench_l l",
        ),
    )
    step(
        "failed payment attempts",
        insert_select(
            PaymentAttempt,
            {
                "id": f"{attb} + o.i",
                "group_id": f"{gb} + o.i",
                "method": "o.method",
                "gateway_order_id": f"'BG{gb}-' || o.i || '-0'",
                "status": "'failure'",
                "gross_amount": "o.subtotal + o.shipping + 1000",
                "created_at": "o.created_at",
                "updated_at": "o.created_at",
            },
            src + " WHERE o.failed",
        ),
    )
    step(
        "payment attempts",
        insert_select(
            PaymentAttempt,
            {
                "id": f"{attb} + {orders} + o.i",
                "group_id": f"{gb} + o.i",
                "method": "o.method",
                "gateway_order_id": f"'BG{gb}-' || o.i || '-1'",
                "status": "CASE WHEN o.paid THEN 'settlement' ELSE 'expire' END",
                "gross_amount": "o.subtotal + o.shipping + 1000",
                "paid_at": "CASE WHEN o.paid THEN o.paid_at END",
                "created_at": "o.created_at + interval '1 minute'",
                "updated_at": "o.created_at + interval '1 minute'",
            },
            src,
        ),
    )
    step(
        "shipments",
        insert_select(
            Shipment,
            {
                "id": f"{shb} + o.i",
                "order_id": f"{ob} + o.i",
                "courier": "CASE WHEN mod(o.i, 3) = 0 THEN 'sicepat' ELSE 'jne' END",
                "service": "'REG'",
                "booking_id": f"'BKG{shb}-' || o.i",
                "awb": f"'AWB{ob}-' || o.i",
                "price": "o.shipping - 1000",
                "chargeable_grams": "500 * o.nl",
                "status": "CASE WHEN o.status IN ('delivered', 'completed') THEN 'delivered' ELSE 'on_going' END",
                "done": "o.status IN ('delivered', 'completed')",
                "created_at": "o.shipped_at",
            },
            src + f" WHERE {shipped}",
        ),
    )
    step(
        "delivered events",
        insert_select(
            OrderEvent,
            {
                "order_id": f"{ob} + o.i",
                "from_status": "'shipped'",
                "to_status": "'delivered'",
                "actor_role": "'courier'",
                "created_at": "o.delivered_at",
            },
            src + " WHERE o.status IN ('delivered', 'completed')",
        ),
    )

    # --- the ledger, as payments.money posts it ------------------------------------------------
    platform = {
        code: ledger._account(code).pk
        for code in (
            acc.WORLD_BUYERS,
            acc.SERVICE_FEES,
            acc.GATEWAY_COSTS,
            acc.WORLD_GATEWAY,
            acc.COMMISSION,
            acc.WORLD_COURIERS,
            acc.WORLD_SELLERS,
        )
    }
    ab = _base(Account)
    avail, escrow = f"{ab} + 1 + o.s", f"{ab} + {2 * stores} + o.i"
    saldo = f"{ab} + {2 * stores + orders} + 1 + o.b"
    step(
        "accounts (seller available, payout pending)",
        insert_select(
            Account, {"id": f"{ab} + i", "code": f"'seller:' || ({sb} + i) || ':available'"}, series, (stores,)
        )
        + insert_select(
            Account,
            {"id": f"{ab} + {stores} + i", "code": f"'seller:' || ({sb} + i) || ':payout_pending'"},
            series,
            (stores,),
        ),
    )
    step(
        "accounts (escrow per order)",
        insert_select(
            Account,
            {"id": escrow, "code": f"'escrow:store:' || ({sb} + 1 + o.s) || ':order:' || ({ob} + o.i)"},
            src + " WHERE o.paid",
        ),
    )
    step(
        "accounts (buyer saldo)",
        insert_select(
            Account,
            {"id": f"{ab} + {2 * stores + orders} + i", "code": f"'buyer:' || ({ub} + {stores} + i) || ':saldo'"},
            series,
            (buyers,),
        ),
    )
    total = "(o.subtotal + o.shipping)"
    fee = _fee_case(f"{total} + 1000")
    commission = f"(o.subtotal * {bps} / 10000)" if on_goods else f"({total} * {bps} / 10000)"
    net = f"({total} - {commission} - (o.shipping - 1000))"
    payment_txn, release_txn, refund_txn = f"{tb} + o.i", f"{tb} + {orders} + o.i", f"{tb} + {2 * orders} + o.i"
    completed = " WHERE o.paid AND o.status = 'completed'"
    refunded = " WHERE o.paid AND o.cancelled"
    step(
        "transactions",
        insert_select(
            Transaction,
            {
                "id": payment_txn,
                "key": f"'payment:BG{gb}-' || o.i || '-1'",
                "kind": "'payment'",
                "reference": f"'BG{gb}-' || o.i || '-1'",
                "created_at": "o.paid_at",
            },
            src + " WHERE o.paid",
        )
        + insert_select(
            Transaction,
            {
                "id": release_txn,
                "key": f"'release:' || ({ob} + o.i)",
                "kind": "'release'",
                "reference": f"'INV/BENCH/{ob}/' || o.i",
                "memo": f"'komisi {bps / 100:g}%%'",
                "created_at": "o.delivered_at + interval '2 days'",
            },
            src + completed,
        )
        + insert_select(
            Transaction,
            {
                "id": refund_txn,
                "key": f"'cancel:INV/BENCH/{ob}/' || o.i",
                "kind": "'refund'",
                "reference": f"'INV/BENCH/{ob}/' || o.i",
                "created_at": "o.paid_at + interval '1 day'",
            },
            src + refunded,
        ),
    )
    entries = 0
    for txn, account, amount, where in (
        (payment_txn, str(platform[acc.WORLD_BUYERS]), f"-({total} + 1000)", " WHERE o.paid"),
        (payment_txn, str(platform[acc.SERVICE_FEES]), "1000", " WHERE o.paid"),
        (payment_txn, escrow, total, " WHERE o.paid"),
        (payment_txn, str(platform[acc.GATEWAY_COSTS]), f"-{fee}", f" WHERE o.paid AND {fee} > 0"),
        (payment_txn, str(platform[acc.WORLD_GATEWAY]), fee, f" WHERE o.paid AND {fee} > 0"),
        (release_txn, escrow, f"-{total}", completed),
        (release_txn, avail, net, completed),
        (release_txn, str(platform[acc.COMMISSION]), commission, completed + f" AND {commission} > 0"),
        (release_txn, str(platform[acc.WORLD_COURIERS]), "o.shipping - 1000", completed),
        (refund_txn, escrow, f"-{total}", refunded),
        (refund_txn, saldo, total, refunded),
    ):
        entries += insert_select(Entry, {"transaction_id": txn, "account_id": account, "amount": amount}, src + where)
    step("entries (payments, releases, refunds)", entries)

    # One payout per store and month: what the month's releases put in the available balance,
    # requested on the 1st of the next month and paid the day after (when that is past).
    _exec(
        f"""
        CREATE UNLOGGED TABLE bench_p AS
        SELECT row_number() OVER (ORDER BY s, month) AS j, s, month, SUM({net}) AS amount
        FROM (SELECT o.*, date_trunc('month', o.delivered_at + interval '2 days') AS month
              FROM bench_o o {completed}) o
        WHERE month + interval '1 month 1 day' < now()
        GROUP BY s, month
        """
    )
    psrc = "FROM bench_p p"
    requested, paid_at = "p.month + interval '1 month'", "p.month + interval '1 month 1 day'"
    step(
        "payouts",
        insert_select(
            Payout,
            {
                "id": f"{payb} + p.j",
                "store_id": f"{sb} + 1 + p.s",
                "amount": "p.amount",
                "bank": "'bca'",
                "account_number": "'1234567890'",
                "account_name": "'Penjual Bench'",
                "status": "'paid'",
                "created_at": requested,
                "updated_at": paid_at,
            },
            psrc,
        ),
    )
    tp = _base(Transaction)
    request_txn, paid_txn = f"{tp} + 2 * p.j - 1", f"{tp} + 2 * p.j"
    reference = f"'payout:' || ({payb} + p.j)"
    n = insert_select(
        Transaction,
        {
            "id": request_txn,
            "key": f"'payout:' || ({payb} + p.j) || ':request'",
            "kind": "'payout_request'",
            "reference": reference,
            "created_at": requested,
        },
        psrc,
    ) + insert_select(
        Transaction,
        {
            "id": paid_txn,
            "key": f"'payout:' || ({payb} + p.j) || ':paid'",
            "kind": "'payout_paid'",
            "reference": reference,
            "created_at": paid_at,
        },
        psrc,
    )
    p_avail, p_pending = f"{ab} + 1 + p.s", f"{ab} + {stores} + 1 + p.s"
    for txn, account, amount in (
        (request_txn, p_avail, "-p.amount"),
        (request_txn, p_pending, "p.amount"),
        (paid_txn, p_pending, "-p.amount"),
        (paid_txn, str(platform[acc.WORLD_SELLERS]), "p.amount"),
    ):
        n += insert_select(Entry, {"transaction_id": txn, "account_id": account, "amount": amount}, psrc)
    step("payout postings", n)

    for model in (User, Category, Store, Product, Variant, OrderGroup, Order, OrderLine, PaymentAttempt, Shipment):
        _reset_sequence(model)
    for model in (OrderEvent, Account, Transaction, Entry, Payout):
        _reset_sequence(model)
    for table in (*STAGING, "bench_p"):
        _exec(f"DROP TABLE IF EXISTS {table}")
    _exec("VACUUM ANALYZE")  # the visibility map too: index-only scans, as on a settled database
    step("sequences and VACUUM ANALYZE", 0)
    return {"orders": orders, "lines": _scalar("SELECT COUNT(*) FROM orders_orderline"), "stores": stores}


def _reset_sequence(model) -> None:
    table = model._meta.db_table
    _exec(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))")
