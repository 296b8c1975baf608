"""The complaint pages on a phone pass axe-core's checks (no serious or critical violation),
for the buyer, the seller and Niaga's operator."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from niaga.catalog.tests.test_accessibility_browser import page_of, serious
from niaga.conftest import png

from .. import services
from ..status import Reason, Resolution
from .conftest import line_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_complaint_pages_have_no_serious_accessibility_violations(chromium, sandbox, delivered, make_user):
    order = delivered()
    other = delivered()
    complaint = services.open_complaint(
        buyer=order.buyer,
        order=order,
        lines=[services.LineRequest(order_line_id=line_of(order, "Mug").pk, quantity=1)],
        reason=Reason.DAMAGED,
        description="Gagang mug patah waktu paket dibuka.",
        resolution=Resolution.REFUND_ONLY,
        photos=[png()],
    )
    waiting_order = delivered(store=order.store)
    waiting = services.open_complaint(
        buyer=waiting_order.buyer,
        order=waiting_order,
        lines=[services.LineRequest(order_line_id=line_of(waiting_order, "Kaos").pk, quantity=1)],
        reason=Reason.OTHER,
        description="Ukuran tidak sesuai tabel ukuran toko.",
        resolution=Resolution.EXCHANGE,
    )
    services.seller_reject(complaint=complaint, seller=order.store.owner, reason="Dikemas dengan bubble wrap.")
    services.escalate(complaint=complaint, actor=order.buyer, reason="Foto sudah jelas.")
    operator = make_user("Operator")
    operator.is_staff = True
    operator.save()
    pages = {
        order.buyer: [reverse("aftersales:list"), reverse("aftersales:detail", args=[complaint.pk])],
        other.buyer: [reverse("orders:detail", args=[other.pk]), reverse("aftersales:open", args=[other.pk])],
        order.store.owner: [
            reverse("aftersales:seller_list"),
            reverse("aftersales:seller_detail", args=[complaint.pk]),
            reverse("aftersales:seller_detail", args=[waiting.pk]),  # the answer forms
        ],
        operator: [reverse("aftersales:operator_queue"), reverse("aftersales:operator_detail", args=[complaint.pk])],
    }
    axe = Axe()
    found = {}
    for user, paths in pages.items():
        page = page_of(chromium, sandbox.url, user)
        for path in paths:
            answer = page.goto(path)
            assert answer.status == 200, path
            found[path] = serious(axe.run(page))
        page.context.close()
    assert found == {path: [] for paths in pages.values() for path in paths}
