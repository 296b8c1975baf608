"""The payment page's buttons refuse an over-long value instead of cutting it to fit."""

import pytest
from django.urls import reverse

from niaga.payments.models import PaymentAttempt


@pytest.mark.django_db
def test_an_over_long_method_code_is_refused_not_cut_to_a_known_one(client, placed_order):
    buyer, group = placed_order()
    client.force_login(buyer)
    page = client.post(reverse("payments:switch", args=[group.code]), {"method": "gopay" + " " * 30 + "x"})
    assert page.status_code == 400 and "Metode ini tidak diterima toko." in page.content.decode()
    assert PaymentAttempt.objects.filter(group=group).count() == 1


@pytest.mark.django_db
def test_an_over_long_cancel_reason_is_refused_and_nothing_is_cancelled(client, placed_order):
    buyer, group = placed_order()
    client.force_login(buyer)
    page = client.post(reverse("payments:cancel", args=[group.code]), {"reason": "Salah pilih barang. " * 20})
    assert page.status_code == 400
    assert "Alasan pembatalan terlalu panjang (maks. 255 karakter)." in page.content.decode()
    assert group.orders.get().status == "awaiting_payment"
