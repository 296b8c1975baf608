"""The indexes 0002 made with raw SQL now belong to their models (orders 0009, payments 0010,
ledger 0003, under new names): dropped here, so a fresh database and an upgraded one end with
the same indexes. The rollup gains each day's refunds; days rolled before have none, so they
are removed and read live until the next run rolls them again."""

from django.db import migrations, models

RAW = {
    "reports_order_paid_at": "orders_order (paid_at)",
    "reports_order_buyer_paid": "orders_order (buyer_id, paid_at)",
    "reports_attempt_created": "payments_paymentattempt (created_at)",
    "reports_event_status_at": "orders_orderevent (to_status, created_at)",
    "reports_txn_created": "ledger_transaction (created_at)",
}


def forget_rolled_days(apps, schema_editor):
    for name in ("MarketDay", "MarketDayMethod", "MarketDayCourier", "MarketDayStore", "MarketDayCategory"):
        apps.get_model("reports", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_market_day_rollup"),
        ("orders", "0009_report_indexes"),
        ("payments", "0010_report_indexes"),
        ("ledger", "0004_report_indexes"),
    ]

    operations = [
        *(
            migrations.RunSQL(
                f"DROP INDEX IF EXISTS {name}",
                reverse_sql=f"CREATE INDEX IF NOT EXISTS {name} ON {target}",
            )
            for name, target in RAW.items()
        ),
        migrations.AddField(
            model_name="marketday",
            name="refunds",
            field=models.BigIntegerField(default=0, verbose_name="dana dikembalikan"),
        ),
        migrations.RunPython(forget_rolled_days, migrations.RunPython.noop),
    ]
