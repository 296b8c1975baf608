"""A flash-sale buyer is told how and by when to pay, as a normal checkout's buyer is: one
e-mail (HTML with a text part) with the VA number, the amount, the gateway's deadline and the
link to the payment page — whether the order is made in the request or by a job consumer —
rendered and sent by a job after commit, never by the request that bought."""

import os

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from huey.contrib.djhuey import HUEY

from niaga.core.templatetags.niaga import wib
from niaga.orders.models import OrderGroup
from niaga.promotions.models import Admission

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def buyer(make_user, make_address):
    user = make_user("Pemburu Diskon")
    return user, make_address(user)


def buy(client, item, address):
    body = {"quantity": 1, "address_id": address.pk, "payment_method": "va_bca"}
    return client.post(f"/api/v1/flash-sales/items/{item.pk}/buy", body, content_type="application/json")


def run_jobs() -> list[str]:
    """The job consumer: run every queued job (and what they queue); their names."""
    names = []
    while (task := HUEY.dequeue()) is not None:
        HUEY.execute(task)
        names.append(task.name)
    return names


@pytest.fixture
def jobs_queued():
    HUEY.immediate = False
    HUEY.flush()
    yield
    HUEY.flush()
    HUEY.immediate = True


def assert_one_instructions_email(user) -> None:
    group = OrderGroup.objects.get(buyer=user)
    attempt = group.payments.get()
    assert attempt.status == "pending" and attempt.va_number
    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject.startswith("[Niaga] Selesaikan pembayaran")
    assert isinstance(message, EmailMultiAlternatives)
    html = [str(body) for body, kind in message.alternatives if kind == "text/html"]
    assert len(html) == 1, "an HTML part beside the text"
    link = f"{settings.NIAGA_PUBLIC_URL}/pembayaran/{group.code}/"  # the sandbox's site
    for body in (str(message.body), html[0]):
        assert attempt.va_number in body
        assert f"Rp{group.total:,}".replace(",", ".") in body
        assert wib(attempt.expires_at) in body and wib(group.payment_due_at) in body  # the gateway's deadline
        assert link in body
        assert "BCA mobile" in body  # what to do next, step by step
    assert f'href="{link}"' in html[0]


def test_a_flash_order_made_in_the_request_e_mails_the_va_number_amount_and_deadline_once(
    sandbox, client, flash_item, buyer, use_gate, jobs_queued
):
    use_gate("")  # no gate: the order is made in the request
    item = flash_item(quota=5, limit=1)
    user, address = buyer
    client.force_login(user)
    assert buy(client, item, address).status_code == 201
    assert mail.outbox == []  # the request queued the e-mail; it rendered and sent nothing
    assert any(name.endswith("send_instructions") for name in run_jobs())
    assert_one_instructions_email(user)

    refused = buy(client, item, address)  # the second press: the per-buyer limit
    assert refused.status_code == 409 and refused.json()["code"] == "limit_reached"
    run_jobs()
    assert len(mail.outbox) == 1


def test_the_buying_request_neither_renders_the_e_mail_nor_reads_for_it(
    sandbox, client, flash_item, buyer, use_gate, jobs_queued, monkeypatch
):
    """The flash sale's hot path only queues the e-mail: the template is rendered, and the
    checkout's orders and stores read for it, by the job."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from niaga.payments import emails

    use_gate("")
    user, address = buyer
    client.force_login(user)
    rendered = []
    original = emails.render_email
    monkeypatch.setattr(emails, "render_email", lambda **kw: rendered.append(kw["subject"]) or original(**kw))
    item = flash_item(quota=5, limit=1)
    with CaptureQueriesContext(connection) as request_asked:
        assert buy(client, item, address).status_code == 201
    assert rendered == []
    with CaptureQueriesContext(connection) as job_asked:
        run_jobs()
    assert len(rendered) == 1 and len(mail.outbox) == 1
    email_reads = [
        q["sql"] for q in job_asked.captured_queries if '"stores_store"' in q["sql"] and '"orders_order"' in q["sql"]
    ]
    assert email_reads  # the job reads the orders with their stores for the e-mail ...
    assert not [q for q in request_asked.captured_queries if q["sql"] in email_reads]  # ... the request did not


@pytest.mark.redis
def test_a_flash_order_made_later_by_the_job_consumer_e_mails_the_va_number_amount_and_deadline_once(
    sandbox, client, flash_item, buyer, use_gate, jobs_queued, settings
):
    settings.NIAGA_FLASH_PLACE_LATER = True
    use_gate(os.environ["REDIS_URL"])
    item = flash_item(quota=5, limit=1)
    user, address = buyer
    client.force_login(user)
    answer = buy(client, item, address)
    assert answer.status_code == 202 and mail.outbox == []
    names = run_jobs()
    assert names[0].endswith("place_admitted") and any(name.endswith("send_instructions") for name in names)
    assert Admission.objects.get().status == Admission.Status.PLACED
    assert_one_instructions_email(user)

    from niaga.checkout import admissions

    admissions.place(answer.json()["id"])  # a retried or duplicated job: no second order, no second e-mail
    run_jobs()
    refused = buy(client, item, address)  # the second press: the per-buyer limit, at the gate
    assert refused.status_code == 409 and refused.json()["code"] == "limit_reached"
    run_jobs()
    assert len(mail.outbox) == 1
