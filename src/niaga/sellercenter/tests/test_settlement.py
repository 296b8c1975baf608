"""What the seller is paid, explained: the commission base is a setting (goods by default),
the courier Niaga booked is paid from the order's escrow, and the seller's order page and
Saldo show it line by line — read from the ledger, to the Rupiah."""

import re

import pytest
from django.urls import reverse

from niaga.fulfillment.tests.conftest import paid_checkout  # noqa: F401  (fixture)
from niaga.fulfillment.tests.test_paid_to_completed import pack_form
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import bank, money, settlement
from niaga.payments.tests.test_payouts import completed
from niaga.shipping.models import Shipment


def rp(amount: int) -> str:
    return f"Rp{amount:,}".replace(",", ".")


@pytest.mark.django_db
def test_commission_is_taken_on_the_goods_only_by_default(place, make_product, make_store, settings):
    assert settings.NIAGA_COMMISSION_BASE == "goods" and settings.NIAGA_COMMISSION_BPS == 500
    order = completed(place(product=make_product(make_store(), price=15_000)))  # + Rp18.000 shipping
    assert ledger.balance(acc.COMMISSION) == 750  # 5% of Rp15.000, not of Rp33.000
    assert money.seller_balances(order.store)["available"] == 15_000 + 18_000 - 750


@pytest.mark.django_db
def test_the_commission_base_can_be_set_to_goods_and_shipping(place, make_product, make_store, settings):
    settings.NIAGA_COMMISSION_BASE = "goods_and_shipping"
    order = completed(place(product=make_product(make_store(), price=15_000)))
    assert ledger.balance(acc.COMMISSION) == 1650  # 5% of Rp33.000
    assert settlement.settlement_of(order).memo == "komisi 5% dari barang + ongkir Rp33.000"


@pytest.mark.django_db
def test_an_unknown_commission_base_is_refused_at_start(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import niaga.settings as niaga_settings

    monkeypatch.setenv("NIAGA_COMMISSION_BASE", "everything")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(niaga_settings)
    monkeypatch.delenv("NIAGA_COMMISSION_BASE")
    importlib.reload(niaga_settings)


@pytest.mark.django_db(transaction=True)
def test_the_settlement_breakdown_matches_the_ledger_and_the_payout_balance_to_the_rupiah(
    client,
    paid_checkout,
    make_store,
    make_product,
    make_user,
):
    store = make_store()
    first = paid_checkout([(make_product(store, name="Buku Saku", price=15_000, weight_grams=250, stock=5), 2)])
    second = paid_checkout([(make_product(store, name="Pensil Warna", price=42_000, weight_grams=300, stock=5), 1)])
    location = store.ships_from.location
    client.force_login(store.owner)
    # The first goes in a box the courier charges by volume (1 kg), the second with the seller's own AWB.
    client.post(
        reverse("fulfillment:pack", args=[location.pk, first.pk]), pack_form(first, weight=500, dims=(30, 20, 10))
    )
    shipment = Shipment.objects.get(order=first)
    for order in (first, second):
        order.refresh_from_db()
        if order == second:
            order = orders.seller_pack(order=order, seller=store.owner)
            order = orders.seller_ship(order=order, seller=store.owner, awb="JP1234567890")
        else:
            order = orders.transition(order=order, to_status=Status.SHIPPED, role=Actor.COURIER)
        orders.transition(order=order, to_status=Status.COMPLETED, role=Actor.BUYER)

    one, two = settlement.settlement_of(first), settlement.settlement_of(second)
    assert one.released and two.released
    # Each line is the ledger's: goods + shipping collected − commission − courier = net.
    assert (one.goods, one.shipping_collected) == (30_000, first.shipping_cost)
    assert one.commission == 1_500 and one.courier_cost == shipment.price > first.shipping_cost
    assert (
        one.net
        == one.goods + one.shipping_collected - one.refunded - one.commission - one.courier_cost + one.shipping_subsidy
    )
    assert (two.commission, two.courier_cost, two.net) == (2_100, 0, 42_000 + second.shipping_cost - 2_100)
    release = ledger.postings(first.number).get(key=f"release:{first.pk}")
    entries = {e.account.code: e.amount for e in release.entries.all()}
    assert entries[acc.seller_available(store.pk)] == one.net and entries[acc.WORLD_COURIERS] == one.courier_cost
    assert money.seller_balances(store)["available"] == one.net + two.net

    # Saldo: one line per order and per withdrawal, each with the balance after it.
    bank.set_bank_account(store=store, bank="bca", account_number="1234567890", account_name="Sari")
    money.request_payout(store=store, amount=10_000)
    history = settlement.saldo_history(store)
    assert [(line.label, line.amount) for line in history] == [
        ("Penarikan diajukan", -10_000),
        ("Penghasilan pesanan", two.net),
        ("Penghasilan pesanan", one.net),
    ]
    assert history[0].balance == money.seller_balances(store)["available"] == one.net + two.net - 10_000
    assert history[1].order == second and history[2].order == first and history[0].payout.amount == 10_000
    assert ledger.total() == 0

    # The pages: the breakdown with the courier explained, and Saldo's lines linking to the orders.
    page = client.get(reverse("seller:order", args=[first.pk])).content.decode()
    section = page[page.index('id="settlement"') :]
    for element, amount in (
        ("st-goods", 30_000),
        ("st-commission", 1_500),
        ("st-courier", one.courier_cost),
        ("st-net", one.net),
    ):
        assert re.search(rf'id="{element}">−?{re.escape(rp(amount))}<', section), element
    assert "Komisi Niaga (5% dari harga barang)" in section
    assert f"berat tertagih {shipment.chargeable_grams} g" in section
    assert (
        f"Selisih {rp(one.courier_cost - first.shipping_cost)}" in section
        and "dipotong dari penghasilan Anda" in section
    )
    own = client.get(reverse("seller:order", args=[second.pk])).content.decode()
    assert "resi sendiri" in own and "ongkos kirim yang dibayar pembeli diteruskan kepada Anda" in own
    saldo = client.get(reverse("seller:balance")).content.decode()
    assert first.number in saldo and second.number in saldo and "+" + rp(one.net) in saldo and "−" + rp(10_000) in saldo


@pytest.mark.django_db
def test_a_running_order_shows_its_settlement_as_an_estimate(place, make_product, make_store, client):
    group = place(product=make_product(make_store(), price=15_000))
    money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
    orders.mark_group_paid(group=group, reason="Pembayaran diterima")
    order = group.orders.get()
    estimate = settlement.settlement_of(order)
    assert not estimate.released and estimate.held == order.total and estimate.net == order.total - 750
    assert money.seller_balances(order.store)["available"] == 0
    assert settlement.held_per_order(order.store) == [(order, order.total)]
    client.force_login(order.store.owner)
    page = client.get(reverse("seller:order", args=[order.pk])).content.decode()
    assert "Perkiraan penghasilan bersih" in page and rp(order.total - 750) in page
    saldo = client.get(reverse("seller:balance")).content.decode()
    held = saldo[saldo.index('id="saldo-held"') :]
    assert order.number in held and rp(order.total) in held


@pytest.mark.django_db
def test_the_buyers_order_list_says_what_was_paid_with_the_service_fee(place, client):
    group = place()
    client.force_login(group.buyer)
    page = client.get(reverse("orders:list")).content.decode()
    assert "Total belanja" not in page
    assert f"Total bayar {rp(group.total)}, termasuk biaya layanan {rp(group.service_fee)}" in page


@pytest.mark.django_db
def test_the_sellers_order_list_labels_its_total(place, client):
    group = place()
    order = group.orders.get()
    client.force_login(order.store.owner)
    page = client.get(reverse("seller:orders")).content.decode()
    assert f"Total pesanan (barang + ongkir) <strong>{rp(order.total)}</strong>" in page


@pytest.mark.django_db(transaction=True)
def test_a_courier_charge_above_what_escrow_holds_is_borne_by_niaga_not_a_negative_balance(
    client,
    paid_checkout,
    make_store,
    make_product,
):
    store = make_store()
    order = paid_checkout([(make_product(store, price=5_000, weight_grams=200, stock=1), 1)])
    client.force_login(store.owner)
    client.post(
        reverse("fulfillment:pack", args=[store.ships_from.location.pk, order.pk]),
        pack_form(order, weight=200, dims=(60, 40, 40)),
    )
    order.refresh_from_db()
    price = Shipment.objects.get(order=order).price
    assert price > order.total  # 16 kg by volume
    order = orders.transition(order=order, to_status=Status.SHIPPED, role=Actor.COURIER)
    orders.transition(order=order, to_status=Status.COMPLETED, role=Actor.BUYER)
    result = settlement.settlement_of(order)
    assert result.net == 0 and result.courier_cost == price
    assert result.shipping_subsidy == price + result.commission - order.total
    assert (
        ledger.balance(acc.SHIPPING_COSTS) == -result.shipping_subsidy and ledger.balance(acc.WORLD_COURIERS) == price
    )
    assert money.seller_balances(store)["available"] == 0 and ledger.total() == 0
    page = client.get(reverse("seller:order", args=[order.pk])).content.decode()
    assert "Kekurangan biaya kurir ditanggung Niaga" in page
