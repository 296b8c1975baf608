"""Each way a complaint ends, end to end over HTTP (pages and API), on a real delivered order:
the statuses of the complaint and the order, where the money went (saldo or back through the
gateway), the books balanced, escrow held while the complaint is open, and the buyer's
confirmation clock unable to complete the order meanwhile."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from niaga.conftest import png
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.orders import services as orders
from niaga.orders.status import Status as OrderStatus
from niaga.payments.models import Refund

from ..models import Complaint
from ..services import sweep_overdue
from ..status import Outcome, Role, Status
from .conftest import MUG, TEE, available, bearer, books_balance, escrow, line_of, saldo

pytestmark = pytest.mark.django_db(transaction=True)

API = "/api/v1"


def commission(goods: int, settings) -> int:
    return goods * settings.NIAGA_COMMISSION_BPS // 10_000


def held_while_open(order) -> None:
    """Open: the order is Dikomplain, its escrow whole, nothing released; the confirmation
    sweep, run long after the buyer's window, leaves it alone."""
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLAINT
    assert escrow(order) == order.total and available(order.store) == 0
    assert orders.complete_unconfirmed(now=order.confirm_by + dt.timedelta(days=30)) == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLAINT and escrow(order) == order.total
    books_balance()


def open_by_page(client, order, *, quantities, reason="damaged", resolution="refund_only", photos=1):
    client.force_login(order.buyer)
    page = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert "Ajukan Komplain" in page
    form = {f"qty_{line.pk}": quantities.get(line.product_name.split()[0], 0) for line in order.lines.all()}
    form.update(reason=reason, resolution=resolution, description="Mug pecah di bagian gagang saat paket dibuka.")
    form["photos"] = [png(f"bukti{i}.png") for i in range(photos)]
    response = client.post(reverse("aftersales:open", args=[order.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    return Complaint.objects.get(order=order)


def open_by_api(client, order, *, lines, reason="damaged", resolution="refund_only"):
    response = client.post(
        f"{API}/orders/{order.pk}/complaint",
        {
            "reason": reason,
            "resolution": resolution,
            "description": "Barang yang datang tidak sesuai dengan foto di toko.",
            "lines": json.dumps([{"order_line_id": line.pk, "quantity": qty} for line, qty in lines]),
            "photos": [png()],
        },
        **bearer(order.buyer),
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_refund_only_accepted_by_the_seller_goes_to_saldo_and_the_rest_to_the_seller(client, delivered, settings):
    order = delivered("va_bca")  # a VA cannot be refunded by the gateway: saldo
    complaint = open_by_page(client, order, quantities={"Mug": 1})
    assert complaint.status == Status.AWAITING_SELLER and complaint.number.startswith("KMP/")
    assert [(line.order_line.product_name[:3], line.quantity) for line in complaint.lines.all()] == [("Mug", 1)]
    assert complaint.messages.get(role=Role.BUYER).attachments.count() == 1
    held_while_open(order)
    # The buyer's order page shows the complaint instead of the button.
    page = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert "Menunggu Respons Penjual" in page and "Ajukan Komplain" not in page

    client.force_login(order.store.owner)
    home = client.get(reverse("seller:dashboard")).content.decode()
    assert 'id="complaints-waiting"' in home and "1 komplain" in home
    seller_page = client.get(reverse("seller:order", args=[order.pk])).content.decode()
    assert complaint.number in seller_page
    detail = reverse("aftersales:seller_detail", args=[complaint.pk])
    assert "Mug pecah" in client.get(detail).content.decode()
    assert client.post(detail, {"action": "accept"}).status_code == 302

    assert 'id="complaints-waiting"' not in client.get(reverse("seller:dashboard")).content.decode()
    complaint.refresh_from_db()
    order.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.refund_amount) == (Status.RESOLVED, Outcome.REFUND_FULL, MUG)
    assert complaint.decided_by == Role.SELLER
    assert order.status == OrderStatus.COMPLETED
    assert saldo(order.buyer) == MUG and escrow(order) == 0
    kept_goods = order.subtotal - MUG
    assert available(order.store) == order.total - MUG - commission(kept_goods, settings)
    assert ledger.balance(acc.COMMISSION) == commission(kept_goods, settings)
    books_balance()
    # The order's timeline says why it moved; the complaint's thread says what happened.
    reasons = dict(order.events.values_list("to_status", "reason"))
    assert complaint.number in reasons[OrderStatus.COMPLAINT]
    assert "Dana dikembalikan penuh" in reasons[OrderStatus.COMPLETED]
    client.force_login(order.buyer)
    page = client.get(reverse("aftersales:detail", args=[complaint.pk])).content.decode()
    assert (
        "Dana dikembalikan penuh" in page and "Rp50.000" in page and 'ke <strong id="refunded-to">Saldo Niaga' in page
    )


def test_partial_offer_accepted_is_refunded_through_the_gateway(client, delivered, settings):
    order = delivered("gopay")  # GoPay takes partial refunds back to the wallet
    body = open_by_api(client, order, lines=[(line_of(order, "Mug"), 2), (line_of(order, "Kaos"), 1)])
    complaint_id = body["id"]
    assert body["status"] == Status.AWAITING_SELLER and body["max_refund"] == order.total  # every unit: shipping too
    held_while_open(order)

    seller = bearer(order.store.owner)
    answered = client.post(
        f"{API}/seller/complaints/{complaint_id}/respond",
        {"action": "offer", "amount": 20_000, "reason": "Hanya satu mug yang retak, sisanya baik."},
        content_type="application/json",
        **seller,
    )
    assert answered.status_code == 200 and answered.json()["status"] == Status.OFFER_MADE
    assert answered.json()["buyer_respond_by"] is not None
    held_while_open(order)

    taken = client.post(f"{API}/complaints/{complaint_id}/accept-offer", **bearer(order.buyer))
    assert taken.status_code == 200, taken.content
    assert (taken.json()["status"], taken.json()["outcome"], taken.json()["refund_amount"]) == (
        Status.RESOLVED,
        Outcome.REFUND_PARTIAL,
        20_000,
    )
    assert taken.json()["refunded_to"] == "GoPay"
    order.refresh_from_db()
    attempt = order.group.payments.get()
    assert order.status == OrderStatus.COMPLETED
    assert attempt.status == "partial_refund" and saldo(order.buyer) == 0  # back to the wallet, not saldo
    refund = Refund.objects.get(order=order)
    assert refund.amount == 20_000 and refund.key == f"complaint:{taken.json()['number']}:refund"
    assert ledger.balance(acc.refunds_payable(order.pk)) == 0
    assert available(order.store) == order.total - 20_000 - commission(order.subtotal - 20_000, settings)
    books_balance()


@pytest.mark.parametrize("method", ["va_bca", "gopay"])
def test_a_silent_seller_loses_the_deadline_and_the_buyer_gets_what_they_asked(client, delivered, method):
    order = delivered(method)
    body = open_by_api(client, order, lines=[(line_of(order, "Mug"), 2), (line_of(order, "Kaos"), 1)])
    complaint = Complaint.objects.get(pk=body["id"])
    held_while_open(order)
    assert sweep_overdue(now=complaint.respond_by - dt.timedelta(minutes=1)) == 0
    assert sweep_overdue(now=complaint.respond_by) == 1
    assert sweep_overdue(now=complaint.respond_by) == 0  # run twice: nothing twice

    complaint.refresh_from_db()
    order.refresh_from_db()
    assert (complaint.status, complaint.outcome) == (Status.RESOLVED, Outcome.REFUND_FULL)
    assert complaint.refund_amount == order.total  # every unit: the whole escrow, shipping too
    assert order.status == OrderStatus.RETURNED  # nothing left for the seller
    assert escrow(order) == 0 and available(order.store) == 0
    if method == "gopay":  # back to the wallet, once: the order's escrow.refund found nothing left
        assert saldo(order.buyer) == 0 and order.group.payments.get().status == "partial_refund"
        assert Refund.objects.get(order=order).amount == order.total
        assert ledger.balance(acc.refunds_payable(order.pk)) == 0
    else:
        assert saldo(order.buyer) == order.total
    assert order.events.filter(to_status=OrderStatus.RETURNED, actor_role="system").exists()
    assert complaint.messages.filter(role=Role.SYSTEM, body__contains="tidak merespons").exists()
    books_balance()


def test_escalated_and_decided_for_the_buyer(client, delivered, make_user, settings, second_factor):
    order = delivered("va_bca")
    complaint = open_by_page(client, order, quantities={"Kaos": 1}, reason="wrong_item")
    client.force_login(order.store.owner)
    client.post(
        reverse("aftersales:seller_detail", args=[complaint.pk]),
        {"action": "reject", "reason": "Warna yang dikirim sesuai pesanan pembeli."},
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.REJECTED
    client.force_login(order.buyer)
    client.post(
        reverse("aftersales:detail", args=[complaint.pk]),
        {"action": "escalate", "reason": "Saya memesan warna hitam, yang datang putih."},
    )
    complaint.refresh_from_db()
    assert complaint.status == Status.ESCALATED and complaint.escalated_at is not None
    held_while_open(order)

    operator = make_user("Operator")
    operator.is_staff = True
    operator.save()
    second_factor(client, operator)  # an operator acts signed in with a second factor, never with a token
    queue = client.get(reverse("aftersales:operator_queue")).content.decode()
    assert complaint.number in queue
    page = reverse("aftersales:operator_detail", args=[complaint.pk])
    shown = client.get(page).content.decode()
    assert "Warna yang dikirim sesuai" in shown and "Riwayat pesanan" in shown and "JNE0012345678" in shown
    too_much = client.post(
        page, {"action": "decide", "decision": "refund_partial", "amount": "Rp 30.001", "reason": "Foto cocok."}
    )
    assert too_much.status_code == 400 and "Antara Rp1 dan Rp30.000" in too_much.content.decode()
    decided = client.post(
        page,
        {
            "action": "decide",
            "decision": "refund_full",
            "reason": "Foto pembeli menunjukkan warna putih, label pesanan hitam.",
        },
    )
    assert decided.status_code == 302

    complaint.refresh_from_db()
    order.refresh_from_db()
    assert (complaint.status, complaint.outcome, complaint.refund_amount) == (Status.RESOLVED, Outcome.REFUND_FULL, TEE)
    assert complaint.decided_by == Role.OPERATOR and "warna putih" in complaint.decision_reason
    assert order.status == OrderStatus.COMPLETED and saldo(order.buyer) == TEE
    assert available(order.store) == order.total - TEE - commission(order.subtotal - TEE, settings)
    books_balance()
    for user, url in (
        (order.buyer, reverse("aftersales:detail", args=[complaint.pk])),
        (order.store.owner, reverse("aftersales:seller_detail", args=[complaint.pk])),
    ):
        client.force_login(user)
        assert "Keputusan Niaga: Foto pembeli menunjukkan warna putih" in client.get(url).content.decode()


def test_escalated_and_decided_for_the_seller(client, delivered, make_user, settings):
    order = delivered("va_bca")
    body = open_by_api(client, order, lines=[(line_of(order, "Mug"), 1)], reason="not_as_described")
    complaint_id = body["id"]
    seller = bearer(order.store.owner)
    client.post(
        f"{API}/seller/complaints/{complaint_id}/respond",
        {"action": "offer", "amount": 10_000, "reason": "Motif sedikit berbeda, kami beri potongan."},
        content_type="application/json",
        **seller,
    )
    escalated = client.post(
        f"{API}/complaints/{complaint_id}/escalate",
        {"reason": "Motifnya sama sekali berbeda."},
        content_type="application/json",
        **bearer(order.buyer),
    )
    assert escalated.status_code == 200 and escalated.json()["status"] == Status.ESCALATED
    held_while_open(order)

    operator = make_user("Operator")
    operator.is_staff = True
    operator.save()
    client.force_login(operator)  # an operator acts signed in (with a second factor), never with a token
    queue = client.get(f"{API}/operator/complaints").json()
    assert [c["id"] for c in queue] == [complaint_id]
    decided = client.post(
        f"{API}/operator/complaints/{complaint_id}/decide",
        {"decision": "reject", "reason": "Foto menunjukkan motif sesuai halaman produk."},
        content_type="application/json",
    )
    assert decided.status_code == 200, decided.content
    assert (decided.json()["status"], decided.json()["outcome"], decided.json()["refund_amount"]) == (
        Status.RESOLVED,
        Outcome.REJECTED,
        0,
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED and saldo(order.buyer) == 0
    assert available(order.store) == order.total - commission(order.subtotal, settings)
    seen = client.get(f"{API}/complaints/{complaint_id}", **bearer(order.buyer)).json()
    assert seen["decision_reason"] == "Foto menunjukkan motif sesuai halaman produk."
    books_balance()
