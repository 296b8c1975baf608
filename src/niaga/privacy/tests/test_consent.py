"""Marketing consent: recorded apart from everything else, one row per decision (what, yes or
no, when, from where, under which wording), withdrawn as easily as given."""

from __future__ import annotations

import pytest
from django.urls import reverse

from niaga.audit.models import Event
from niaga.privacy import policy, selectors, services
from niaga.privacy.models import Consent, ConsentKind, ConsentSource

pytestmark = pytest.mark.django_db


def test_the_page_grants_and_withdraws_and_keeps_the_history(client, buyer):
    client.force_login(buyer)
    assert not selectors.has_consent(buyer, ConsentKind.EMAIL_PROMO)  # nothing given: no promos

    client.post(reverse("privacy:consents"), {"email_promo": "1"}, REMOTE_ADDR="203.0.113.7", HTTP_USER_AGENT="HP Uji")
    assert selectors.has_consent(buyer, ConsentKind.EMAIL_PROMO)
    assert not selectors.has_consent(buyer, ConsentKind.PUSH_PROMO)
    client.post(reverse("privacy:consents"), {"email_promo": "1"})  # the same again adds nothing
    client.post(reverse("privacy:consents"), {})  # both unticked: e-mail withdrawn

    rows = list(Consent.objects.filter(user=buyer).order_by("pk"))
    assert [(r.kind, r.granted) for r in rows] == [
        (ConsentKind.EMAIL_PROMO, True),
        (ConsentKind.PUSH_PROMO, False),
        (ConsentKind.EMAIL_PROMO, False),
    ]
    given = rows[0]
    assert (given.source, given.ip, given.user_agent) == (ConsentSource.PAGE, "203.0.113.7", "HP Uji")
    assert given.text_version == policy.CONSENT_TEXTS[ConsentKind.EMAIL_PROMO].version
    assert not selectors.has_consent(buyer, ConsentKind.EMAIL_PROMO)
    assert Event.objects.filter(action="consent.changed", user=buyer).count() == 3

    page = client.get(reverse("privacy:home")).content.decode()
    assert "Riwayat persetujuan" in page and policy.CONSENT_TEXTS[ConsentKind.PUSH_PROMO].text in page


def test_the_api_reads_and_changes_one_kind(client, buyer):
    client.force_login(buyer)
    answer = client.post("/api/v1/me/consents", {"kind": "push_promo", "granted": True}, "application/json")
    assert answer.status_code == 200
    current = {c["kind"]: c["granted"] for c in answer.json()["current"]}
    assert current == {"email_promo": False, "push_promo": True}
    assert answer.json()["history"][0]["source"] == "api"
    refused = client.post("/api/v1/me/consents", {"kind": "sms_spam", "granted": True}, "application/json")
    assert refused.status_code == 422
    assert client.get("/api/v1/me/consents").json()["current"] == answer.json()["current"]


def test_sign_up_records_the_choice_through_the_service(buyer, rf):
    request = rf.post("/daftar/", REMOTE_ADDR="198.51.100.2")
    assert services.record_consent(buyer, ConsentKind.EMAIL_PROMO, False, request, source=ConsentSource.SIGNUP)
    row = Consent.objects.get(user=buyer)
    assert (row.granted, row.source, row.ip) == (False, ConsentSource.SIGNUP, "198.51.100.2")


def test_operators_read_the_consents_and_cannot_change_them(client, buyer, make_user, second_factor):
    services.record_consent(buyer, ConsentKind.PUSH_PROMO, True)
    operator = make_user("Operator")
    operator.is_staff = operator.is_superuser = True
    operator.save()
    second_factor(client, operator)  # staff pages ask for one
    listing = client.get(reverse("admin:privacy_consent_changelist"))
    assert listing.status_code == 200 and buyer.email in listing.content.decode()
    row = Consent.objects.get(user=buyer)
    assert client.post(reverse("admin:privacy_consent_change", args=[row.pk]), {"granted": ""}).status_code == 403
    assert client.get(reverse("admin:privacy_dataexport_changelist")).status_code == 200


def test_sign_up_records_the_choice_as_the_first_consent(client):
    data = {"full_name": "Sari Pembeli", "email": "sari@contoh.id", "password1": "rahasia-kuat-123"}
    client.post("/daftar/", {**data, "email_promo": "on"})
    client.post(
        "/api/v1/auth/register",
        {"email": "budi@contoh.id", "password": "rahasia-kuat-123", "full_name": "Budi"},
        content_type="application/json",
    )

    rows = Consent.objects.filter(kind=ConsentKind.EMAIL_PROMO, source=ConsentSource.SIGNUP).order_by("pk")
    assert [(r.user.email, r.granted) for r in rows] == [("sari@contoh.id", True), ("budi@contoh.id", False)]


def test_a_sign_up_with_a_taken_email_records_nothing_for_its_owner(client, buyer):
    data = {"full_name": "Orang Lain", "email": buyer.email, "password1": "rahasia-kuat-123", "email_promo": "on"}
    client.post("/daftar/", data)
    assert not Consent.objects.filter(user=buyer).exists()  # someone else's tick is not the owner's consent


@pytest.mark.parametrize("granted", ["yes", 1, "0", None])
def test_the_api_takes_only_true_or_false_for_a_choice(client, buyer, granted):
    client.force_login(buyer)
    csrf = client.get("/api/v1/auth/csrf").json()["csrf_token"]
    answer = client.post(
        "/api/v1/me/consents",
        {"kind": "email_promo", "granted": granted},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf,
    )
    assert answer.status_code == 422
    assert not Consent.objects.filter(user=buyer).exists()
