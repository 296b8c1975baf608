"""One meaning of "paid" for the payment page and the API."""

import pytest
from django.urls import reverse

from niaga.checkout.tests import sandbox_actions as person
from niaga.orders.status import Status
from niaga.payments import services as payments
from niaga.payments.tests.test_fault_matrix import faults  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def reads(client, group) -> tuple[bool, bool]:
    """(what the API says, what the page says) about the checkout being paid."""
    client.force_login(group.buyer)
    api = client.get(f"/api/v1/payments/{group.code}")
    page = client.get(reverse("payments:page", args=[group.code]))
    assert api.status_code == 200 and page.status_code == 200
    return api.json()["paid"], page.context["paid"]


def test_a_settlement_reversed_to_deny_reads_unpaid_in_the_api_as_on_the_page(faults, sandbox, checkout_group, client):
    faults(reverse_settlement=True)
    group = checkout_group("va_permata")
    attempt = group.payments.get()
    person.pay_bill(sandbox.url, "permata", va_number=attempt.va_number)
    assert reads(client, group) == (True, True)
    from niaga.sandbox import notify

    notify.send_due()
    payments.refresh_status(attempt=attempt)
    attempt.refresh_from_db()
    assert attempt.status == "deny" and group.orders.get().status == Status.CANCELLED
    assert reads(client, group) == (False, False)


def test_an_unpaid_checkout_reads_unpaid_in_both(sandbox, checkout_group, client):
    assert reads(client, checkout_group("va_bca")) == (False, False)
