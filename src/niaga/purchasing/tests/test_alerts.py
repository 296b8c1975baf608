"""Low-stock alerts: once per crossing of the reorder point, re-armed above it; sold out
has its own. Sales here are movements (conftest.sell) and the signal inventory sends."""

from django.core import mail

from niaga.inventory.models import Stock
from niaga.inventory.signals import stock_changed
from niaga.notifications.models import Notification
from niaga.purchasing import services
from niaga.purchasing.models import VariantReorder

from .conftest import sell


def _sold(variant, quantity=1):
    sell(variant, quantity)
    stock_changed.send(sender=Stock, variant_ids={variant.pk}, store_ids={variant.product.store_id})


def _alerts(user):
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("title", flat=True))


def test_ten_sales_crossing_the_point_send_one_alert_then_rearm(shop, django_capture_on_commit_callbacks):
    # Reorder point fixed by a minimum of 5 (and no history before: daily sales grow with
    # the sales below, 10/30 a day at most: ceil(7/3)+1 = 4 < 5). 15 on hand.
    services.set_overrides(store=shop.store, variant_id=shop.kopi.pk, min_stock=5, lead_time_days=None)
    services.receive(store=shop.store, lines=[services.ReceiveLine(5, variant_id=shop.kopi.pk, unit_cost=1000)])
    Notification.objects.all().delete()
    for _ in range(10):  # 15 -> 5: crosses at 5, stays below
        with django_capture_on_commit_callbacks(execute=True):
            _sold(shop.kopi)
    assert _alerts(shop.owner) == ["Stok menipis: Kopi Gayo 250 g"]
    assert any("Stok menipis" in m.subject for m in mail.outbox)
    assert VariantReorder.objects.get(variant=shop.kopi).alert_state == "low"

    # A receipt lifts it above the point (re-armed, no alert), then two sales cross again.
    with django_capture_on_commit_callbacks(execute=True):
        services.receive(store=shop.store, lines=[services.ReceiveLine(3, variant_id=shop.kopi.pk, unit_cost=1000)])
    assert VariantReorder.objects.get(variant=shop.kopi).alert_state == "ok"
    for _ in range(2):  # 8 -> 6 (above), ... then one more to 5
        with django_capture_on_commit_callbacks(execute=True):
            _sold(shop.kopi)
    assert len(_alerts(shop.owner)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        _sold(shop.kopi)
    assert _alerts(shop.owner) == ["Stok menipis: Kopi Gayo 250 g"] * 2


def test_selling_out_has_its_own_alert(shop, django_capture_on_commit_callbacks):
    services.set_overrides(store=shop.store, variant_id=shop.kopi.pk, min_stock=3, lead_time_days=None)
    for _ in range(7):  # 10 -> 3: low
        with django_capture_on_commit_callbacks(execute=True):
            _sold(shop.kopi)
    with django_capture_on_commit_callbacks(execute=True):
        _sold(shop.kopi, 3)  # 3 -> 0: out
    with django_capture_on_commit_callbacks(execute=True):
        stock_changed.send(sender=Stock, variant_ids={shop.kopi.pk}, store_ids={shop.store.pk})  # told again: nothing
    assert _alerts(shop.owner) == ["Stok menipis: Kopi Gayo 250 g", "Stok habis: Kopi Gayo 250 g"]
    assert VariantReorder.objects.get(variant=shop.kopi).alert_state == "out"
    assert Notification.objects.filter(user=shop.owner).last().url == "/toko-saya/stok-menipis/"


def test_the_signal_queues_a_job_instead_of_working_in_the_senders_request(shop, monkeypatch):
    from niaga.purchasing import receivers

    queued = []
    monkeypatch.setattr(receivers, "evaluate_stock", lambda ids: queued.append(ids))
    receivers.on_stock_changed(sender=Stock, variant_ids={shop.teh.pk, shop.kopi.pk})
    assert queued == [sorted([shop.teh.pk, shop.kopi.pk])]
