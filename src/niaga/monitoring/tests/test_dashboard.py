"""The operator's live page: staff only, and its figures come from real orders and metrics."""

import pytest
from django.urls import reverse


@pytest.mark.django_db(
    transaction=True, databases="__all__"
)  # the charts read the reports replica, which sees committed rows
def test_the_operator_page_is_for_staff_and_reports_orders_payments_latency(client, make_user, place, second_factor):
    place()
    place()
    client.get("/healthz")
    buyer = make_user("Pembeli")
    client.force_login(buyer)
    assert client.get(reverse("monitoring:dashboard")).status_code == 302  # to the admin login
    buyer.is_staff = True
    buyer.save(update_fields=["is_staff"])
    second_factor(client, buyer)  # staff pages ask for a second factor
    assert "Pesanan per menit" in client.get(reverse("monitoring:dashboard")).content.decode()
    data = client.get(reverse("monitoring:data")).json()
    # The two orders are in this minute, or the last one if it turned meanwhile.
    assert len(data["orders_per_minute"]) == 60 and sum(m["orders"] for m in data["orders_per_minute"][-2:]) == 2
    assert any(r["route"] == "healthz" and r["requests"] >= 1 and r["p99_ms"] for r in data["routes"])
    assert data["queue_depth"] is not None and "stockouts" in data
