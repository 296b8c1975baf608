"""/operator/risiko/: staff only; each case with its evidence; a decision needs a note, is
shown on the case and logged in the audit trail."""

import datetime as dt

import pytest
from django.urls import reverse

from niaga.audit.models import Event
from niaga.orders.models import Order
from niaga.risk.models import Assessment

from .histories import STREET, checkout
from .test_hold import pay, pricey, shared_device  # noqa: F401  (pricey is a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(make_user):
    user = make_user("Operator")
    user.is_staff = True
    user.save()
    return user


@pytest.fixture
def case(make_user, make_store, make_product, pricey):
    shared_device(make_user, make_store, make_product)
    group = checkout(make_user("Pembeli Baru"), pricey, device="dev-risk", ip="10.9.9.9", address=STREET)
    pay(group)
    return Assessment.objects.get(group=group)


def test_the_queue_is_for_staff_only(client, make_user, case):
    assert client.get(reverse("risk:queue")).status_code == 302
    client.force_login(make_user())
    answer = client.get(reverse("risk:queue"))
    assert answer.status_code == 302 and "/admin/login/" in answer.url
    assert client.get(reverse("risk:case", args=[case.pk])).status_code == 302


def test_the_queue_and_the_case_show_the_evidence(client, operator, case, second_factor):
    second_factor(client, operator)
    queue = client.get(reverse("risk:queue")).content.decode()
    assert case.group.code in queue and "Skor 60" in queue
    page = client.get(reverse("risk:case", args=[case.pk])).content.decode()
    assert "Perangkat yang sama dipakai 2 akun lain" in page and "Akun baru (0 hari)" in page
    shared = page[page.index('id="risk-shared"') :]
    others = Order.objects.exclude(group=case.group).select_related("buyer")
    assert all(o.buyer.email in shared[: shared.index("</dl>")] for o in others)
    assert case.group.orders.get().number in page and "10.9.9.9" in page
    assert 'id="decide"' in page


def test_a_decision_without_a_note_is_refused_then_made_and_logged(client, operator, case, second_factor):
    second_factor(client, operator)
    url = reverse("risk:case", args=[case.pk])
    refused = client.post(url, {"decision": "release", "note": ""})
    assert refused.status_code == 400 and "Catatan wajib diisi." in refused.content.decode()
    case.refresh_from_db()
    assert case.pending
    done = client.post(url, {"decision": "release", "note": "Alamat kos mahasiswa, wajar"}, follow=True)
    page = done.content.decode()
    assert done.status_code == 200 and "Dilepas" in page and "Alamat kos mahasiswa, wajar" in page
    assert 'id="decide"' not in page
    event = Event.objects.get(action="risk.decided")
    assert event.actor == operator and event.note == "Alamat kos mahasiswa, wajar"
    assert client.get(reverse("risk:queue")).content.decode().count(case.group.code) == 0  # left the queue
    assert case.group.code in client.get(reverse("risk:queue") + "?tampil=decided").content.decode()


def test_an_unknown_case_is_404(client, operator, second_factor):
    second_factor(client, operator)
    assert client.get(reverse("risk:case", args=[999])).status_code == 404


def test_the_operator_dashboard_links_the_queue(client, operator, second_factor):
    second_factor(client, operator)
    assert reverse("risk:queue") in client.get(reverse("monitoring:dashboard")).content.decode()


def test_old_history_does_not_hold_a_fresh_checkout(make_user, make_store, make_product):
    product = make_product(make_store(), price=20_000, stock=5)
    for _ in range(3):
        checkout(make_user(), product, device="dev-old", ago=dt.timedelta(days=40))
    group = checkout(make_user(), product, device="dev-old")
    pay(group)
    assert Assessment.objects.get(group=group).reasons == []
