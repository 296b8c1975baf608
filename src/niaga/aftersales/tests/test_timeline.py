"""Everything about a complaint is on the order's timeline, for the buyer and the seller: the
steps that do not move the order (an offer, a rejection, mediation) as well as those that do."""

import pytest
from django.urls import reverse

from niaga.conftest import png

from .. import services
from ..status import Reason, Resolution
from .conftest import line_of

pytestmark = pytest.mark.django_db(transaction=True)


def timeline(client, user, url) -> str:
    client.force_login(user)
    page = client.get(url).content.decode()
    return page[page.index('<ol class="timeline">') :]


def test_an_offer_and_an_escalation_are_on_both_order_pages(client, delivered):
    order = delivered()
    complaint = services.open_complaint(
        buyer=order.buyer,
        order=order,
        lines=[services.LineRequest(order_line_id=line_of(order, "Mug").pk, quantity=1)],
        reason=Reason.DAMAGED,
        description="Gagang mug patah waktu paket dibuka.",
        resolution=Resolution.REFUND_ONLY,
        photos=[png()],
    )
    services.seller_offer(complaint=complaint, seller=order.store.owner, amount=20_000, reason="Separuh harga saja.")
    services.escalate(complaint=complaint, actor=order.buyer, reason="Mug tidak bisa dipakai sama sekali.")

    for user, url in (
        (order.buyer, reverse("orders:detail", args=[order.pk])),
        (order.store.owner, reverse("seller:order", args=[order.pk])),
    ):
        steps = timeline(client, user, url).split("<li")[1:]  # newest first
        assert "→ Dalam Mediasi" in steps[0] and f"Komplain {complaint.number}" in steps[0]
        assert "→ Penawaran Penjual" in steps[1] and "Rp20.000" in steps[1]
        assert "Dikomplain" in steps[2]  # the order's own move, when it opened
