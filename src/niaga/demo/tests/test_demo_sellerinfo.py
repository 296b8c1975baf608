"""A new seller on `make run` finds their information system filled: suppliers and purchase
orders (one waiting for the rest of its goods), two months of sales in the report, a book
running low and one sold out on Stok Menipis with their alerts, a tax profile."""

import datetime as dt
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from niaga.core import clock
from niaga.demo import data as demo_data
from niaga.demo import sellerinfo
from niaga.notifications.models import Notification
from niaga.orders.models import Order
from niaga.orders.status import Status as OrderStatus
from niaga.purchasing.models import PurchaseOrder, Supplier
from niaga.purchasing.status import Status
from niaga.stores.models import Store

pytestmark = pytest.mark.django_db


@pytest.fixture
def seller_client(client):
    call_command("load_demo", stdout=io.StringIO())
    client.force_login(get_user_model().objects.get(email=demo_data.STORES[0]["owner"][0]))
    return client


def test_the_sales_report_and_stok_menipis_of_the_demo_seller_are_not_empty(seller_client):
    sales = seller_client.get("/toko-saya/laporan/").content.decode()
    assert "Belum ada pesanan dibayar" not in sales and sellerinfo.LOW in sales

    low = seller_client.get("/toko-saya/stok-menipis/").content.decode()
    assert "Semua stok aman" not in low
    assert sellerinfo.LOW in low and sellerinfo.OUT in low

    titles = list(Notification.objects.values_list("title", flat=True))
    assert any(t.startswith("Stok menipis:") and sellerinfo.LOW in t for t in titles), titles
    assert any(t.startswith("Stok habis:") and sellerinfo.OUT in t for t in titles), titles


def test_the_demo_store_has_suppliers_a_received_and_a_partial_po_and_a_tax_profile(seller_client):
    store = Store.objects.get(slug=sellerinfo.STORE_SLUG)
    assert Supplier.objects.filter(store=store).count() == 2
    assert sorted(PurchaseOrder.objects.filter(store=store).values_list("status", flat=True)) == sorted(
        [Status.RECEIVED, Status.PARTIAL]
    )
    assert store.tax_profile.id_kind == "npwp" and store.turnover_statements.exists()
    settlement = seller_client.get("/toko-saya/laporan/penghasilan/")
    assert settlement.status_code == 200


def test_no_demo_sale_waits_past_its_ship_by_deadline(seller_client):
    """The job that cancels unshipped orders must not undo the demo's sales on `make run`."""
    late = Order.objects.filter(
        store__slug=sellerinfo.STORE_SLUG,
        status__in=[OrderStatus.TO_PACK, OrderStatus.READY_TO_SHIP],
        ship_by__lte=clock.now(),
    )
    assert list(late.values_list("number", flat=True)) == []


def test_loading_again_adds_nothing(seller_client):
    store_orders = Store.objects.get(slug=sellerinfo.STORE_SLUG).orders.count()
    assert sellerinfo.load() is False
    assert Store.objects.get(slug=sellerinfo.STORE_SLUG).orders.count() == store_orders


def test_the_demo_ledger_is_dated_by_its_story_not_by_the_day_it_was_loaded(seller_client):
    """A sale of 58 days ago was paid, released and had its tax collected 58 days ago."""
    from niaga.ledger.models import Transaction

    store = Store.objects.get(slug=sellerinfo.STORE_SLUG)
    old = store.orders.filter(paid_at__lt=clock.now() - dt.timedelta(days=50)).order_by("paid_at").first()
    release = Transaction.objects.get(key=f"release:{old.pk}")
    payment = Transaction.objects.get(reference__startswith=old.group.code, kind="payment")
    assert abs(payment.created_at - old.paid_at) < dt.timedelta(hours=1)
    assert old.paid_at < release.created_at < clock.now() - dt.timedelta(days=40)
    booked_today = Transaction.objects.filter(reference=old.number, created_at__gte=clock.now() - dt.timedelta(days=1))
    assert list(booked_today.values_list("key", flat=True)) == []


def test_the_demo_seller_finds_a_handful_of_unread_notices_that_matter(seller_client):
    seller = get_user_model().objects.get(email=demo_data.STORES[0]["owner"][0])
    unread = list(Notification.objects.filter(user=seller, read_at__isnull=True).values_list("title", flat=True))
    assert 0 < len(unread) <= 12, unread
    assert any(t.startswith("Stok habis:") for t in unread), unread
    assert Notification.objects.filter(user=seller, read_at__isnull=False).count() > 40
