"""Indexes the reports read by (the settlement statement, the operator's marketplace report and
the report benchmark, bench/reports/): on other apps' tables, as plain SQL so the models stay
the owning apps' own. IF NOT EXISTS: the same on PostgreSQL and SQLite. Superseded: the models declare them now and
0004 drops these."""

from django.db import migrations

INDEXES = {
    # the marketplace report's days: orders paid in a range; a buyer's earlier paid order
    "reports_order_paid_at": "orders_order (paid_at)",
    "reports_order_buyer_paid": "orders_order (buyer_id, paid_at)",
    # (a store's sales in a range: orders' own index order_store_paid)
    # payment attempts per day and method
    "reports_attempt_created": "payments_paymentattempt (created_at)",
    # deliveries per day (the courier's on-time rate)
    "reports_event_status_at": "orders_orderevent (to_status, created_at)",
    # ledger postings in a range (commission and fees per day, balances at a date)
    "reports_txn_created": "ledger_transaction (created_at)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0008_order_buyer_city_order_order_store_paid"),
        ("reports", "0001_initial"),
        ("payments", "0009_saved_bank_account"),
        ("ledger", "0002_indonesian_names"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, target in INDEXES.items()
    ]
