"""Buyers the gate admits hear so at once; a job consumer makes their orders. The waiting
buyer follows the admission to the payment page, a lost job is queued again, and an order
that can no longer be made gives the units back and says why."""

import datetime as dt
import os
import re

import pytest
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from niaga.checkout import admissions
from niaga.core import clock
from niaga.orders.models import Order
from niaga.promotions import gate
from niaga.promotions.models import Admission

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _gate():
    client = gate._client()
    assert client is not None, "these tests run with the gate on"
    return client


@pytest.fixture
def sale(flash_item, use_gate, make_user, make_address, sandbox):
    use_gate(os.environ["REDIS_URL"])
    item = flash_item(quota=2, limit=1)
    user = make_user("Pemburu Diskon")
    return item, user, make_address(user)


def buy(client, item, address):
    body = {"quantity": 1, "address_id": address.pk, "payment_method": "va_bca"}
    return client.post(f"/api/v1/flash-sales/items/{item.pk}/buy", body, content_type="application/json")


def units_left_at_gate(item) -> int:
    return int(_gate().get(f"niaga:flash:{item.pk}:left") or 0)


def test_an_admitted_buyer_is_answered_before_the_order_exists_then_follows_it_to_the_payment(
    client, sale, queued_jobs
):
    item, user, address = sale
    client.force_login(user)
    answer = buy(client, item, address)
    assert answer.status_code == 202
    body = answer.json()
    assert body["status"] == "placing" and body["payment"] is None and body["message"] == "Pesanan sedang dibuat"
    assert not Order.objects.exists() and units_left_at_gate(item) == 1  # promised, not yet made
    poll = client.get(body["poll_url"])
    assert poll.status_code == 200 and poll.json()["status"] == "placing"

    assert queued_jobs() == 1
    placed = client.get(body["poll_url"]).json()
    assert placed["status"] == "placed" and placed["payment"]["va_number"] and placed["payment"]["total"] > 0
    order = Order.objects.get()
    assert order.buyer == user and order.lines.get().unit_price == item.price and order.status == "awaiting_payment"
    item.refresh_from_db()
    assert item.taken == 1

    # Run again (a retried or duplicated job): still one order.
    admissions.place(body["id"])
    assert Order.objects.count() == 1


def test_the_waiting_page_refreshes_until_the_order_is_made_then_opens_the_payment(client, sale, queued_jobs):
    item, user, address = sale
    client.force_login(user)
    form = {"quantity": "1", "address_id": str(address.pk), "payment_method": "va_bca"}
    bought = client.post(reverse("promotions:buy", args=[item.campaign.slug, item.pk]), form)
    admission = Admission.objects.get()
    assert bought.status_code == 302 and bought.url == reverse("promotions:admission", args=[admission.pk])
    waiting = client.get(bought.url)
    page = waiting.content.decode()
    assert (
        waiting.status_code == 200
        and "sudah diamankan" in page
        and f'data-poll="/api/v1/flash-sales/admissions/{admission.pk}?key={admission.poll_key}"' in page
    )
    assert "no-cache" in waiting["Cache-Control"]

    queued_jobs()
    ready = client.get(bought.url)
    assert ready.status_code == 302 and "/pembayaran/" in ready.url


def test_another_buyer_cannot_see_an_admission(client, sale, queued_jobs, make_user):
    item, user, address = sale
    client.force_login(user)
    poll_url = buy(client, item, address).json()["poll_url"]
    client.force_login(make_user("Orang Lain"))
    assert client.get(poll_url).status_code == 404
    assert client.get(reverse("promotions:admission", args=[Admission.objects.get().pk])).status_code == 404


def test_an_order_that_can_no_longer_be_made_gives_the_units_back_and_says_why(client, sale, queued_jobs):
    item, user, address = sale
    client.force_login(user)
    body = buy(client, item, address).json()
    address.delete()  # gone before the consumer got to it
    queued_jobs()
    failed = client.get(body["poll_url"]).json()
    assert failed["status"] == "failed" and failed["message"] == "Alamat tidak ditemukan." and failed["payment"] is None
    assert not Order.objects.exists() and units_left_at_gate(item) == 2
    page = client.get(reverse("promotions:admission", args=[body["id"]]), follow=True).content.decode()
    assert "Pesanan flash sale tidak bisa dibuat: Alamat tidak ditemukan." in page


def test_an_admission_whose_job_was_lost_is_queued_again(client, sale, queued_jobs):
    item, user, address = sale
    client.force_login(user)
    buy(client, item, address)
    HUEY.flush()  # the job is lost (a queue wiped, a consumer killed mid-way)
    assert admissions.requeue_stuck() == 0  # too young to call lost
    with clock.travel(dt.timedelta(minutes=3)):
        assert admissions.requeue_stuck() == 1
    queued_jobs()
    assert Admission.objects.get().status == "placed" and Order.objects.count() == 1


def test_the_operator_sees_admissions_and_queues_a_lost_one_again(client, sale, queued_jobs, make_user, second_factor):
    item, user, address = sale
    client.force_login(user)
    buy(client, item, address)
    HUEY.flush()  # its job is lost
    operator = make_user("Operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    second_factor(client, operator)  # staff pages ask for one
    admission = Admission.objects.get()
    listing = client.get(reverse("admin:promotions_admission_changelist"), {"status__exact": "placing"})
    assert listing.status_code == 200 and user.email in listing.content.decode()
    assert (
        admission.poll_key
        not in client.get(reverse("admin:promotions_admission_change", args=[admission.pk])).content.decode()
    )

    action = {"action": "queue_again", "_selected_action": [admission.pk]}
    assert client.post(reverse("admin:promotions_admission_changelist"), action).status_code == 302
    assert queued_jobs() == 1
    assert Admission.objects.get().status == "placed" and Order.objects.count() == 1
    client.post(reverse("admin:promotions_admission_changelist"), action)  # placed already: nothing queued
    assert queued_jobs() == 0


@pytest.mark.django_db(transaction=True, databases="__all__")  # the operator's data also reads the reports replica
def test_the_operator_sees_how_many_admitted_buyers_wait_for_their_order(
    client, sale, queued_jobs, make_user, scrape_metrics, second_factor
):
    item, user, address = sale
    client.force_login(user)
    buy(client, item, address)
    with clock.travel(dt.timedelta(seconds=40)):
        metrics = scrape_metrics()
    assert "niaga_flash_admissions_placing 1.0" in metrics
    assert float(re.search(r"^niaga_flash_admission_oldest_seconds (\S+)$", metrics, re.M).group(1)) >= 40
    operator = make_user("Operator")
    operator.is_staff = True
    operator.save()
    second_factor(client, operator)  # staff pages ask for one
    assert client.get(reverse("monitoring:data")).json()["flash_placing"]["placing"] == 1

    queued_jobs()
    assert client.get(reverse("monitoring:data")).json()["flash_placing"] == {"placing": 0, "oldest_seconds": 0}


def test_while_the_order_is_made_the_buyers_page_is_answered_before_django(
    client, sale, queued_jobs, deployed, django_assert_num_queries
):
    item, user, address = sale
    client.force_login(user)
    body = buy(client, item, address).json()
    path, query = body["poll_url"].split("?")
    with django_assert_num_queries(0):
        early = deployed("GET", path, query=query)
    assert (
        early.status == 200
        and early.headers["X-Niaga-Answer"] == "shortcut"
        and early.headers["Cache-Control"] == "no-store"
    )
    assert early.json() == body  # the same answer Django gave
    # Without the buyer's key (or with another's), Django answers, and asks who is asking.
    assert deployed("GET", path, query="key=tebakan").status == 401
    assert deployed("GET", path).status == 401

    queued_jobs()
    sid = client.cookies["sessionid"].value
    done = deployed("GET", path, query=query, headers={"Cookie": f"sessionid={sid}"})
    assert (
        "X-Niaga-Answer" not in done.headers
        and done.json()["status"] == "placed"
        and done.json()["payment"]["va_number"]
    )


def test_an_admission_that_keeps_failing_is_refused_after_half_an_hour_and_its_units_sold_again(
    client, sale, queued_jobs, monkeypatch
):
    item, user, address = sale
    client.force_login(user)
    body = buy(client, item, address).json()
    HUEY.flush()
    with clock.travel(admissions.GIVE_UP_AFTER + dt.timedelta(minutes=1)):
        assert admissions.requeue_stuck() == 0
    failed = client.get(body["poll_url"]).json()
    assert failed["status"] == "failed" and "dikembalikan" in failed["message"]
    assert not Order.objects.exists() and units_left_at_gate(item) == 2
