"""Akun Saya › Keamanan and the active sessions: each with its device and address, ended one by
one or all others at once, on the page and in the API; nobody else's session can be touched."""

import pytest
from allauth.usersessions.models import UserSession
from django.urls import reverse

from niaga.audit.devices import describe as device_name
from niaga.audit.models import Event

PASSWORD = "rahasia-kuat-123"
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Mobile Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)

pytestmark = pytest.mark.django_db


def test_devices_are_named_the_way_people_say_them():
    assert device_name(ANDROID_CHROME) == "Chrome di Android"
    assert device_name(IPHONE_SAFARI) == "Safari di iOS"
    firefox = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
    assert device_name(firefox) == "Firefox di Windows"
    assert device_name("") == "Perangkat tidak dikenal"


@pytest.fixture
def budi(make_user):
    return make_user(email="budi@contoh.id")


@pytest.fixture
def signed_in(client, budi):
    """Budi signed in from an Android phone (this client) and from an iPhone (another one)."""

    def browser(agent: str, address: str):
        c = type(client)(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
        assert c.post("/masuk/", {"login": "budi@contoh.id", "password": PASSWORD}).status_code == 302
        return c

    return browser(ANDROID_CHROME, "10.0.0.1"), browser(IPHONE_SAFARI, "10.0.0.2")


def test_the_security_hub_links_everything_that_guards_the_account(client, budi):
    client.force_login(budi)
    html = client.get("/akun/keamanan/").content.decode()
    for href in (
        reverse("account_change_password"),
        reverse("account_email"),
        reverse("accounts:sessions"),
        reverse("mfa_index"),
        "/akun/token/",
        "/akun/data-pribadi/",
    ):
        assert f'href="{href}"' in html
    assert f'href="{reverse("accounts:security")}">Keamanan<' in client.get("/").content.decode()  # account menu
    client.logout()
    assert client.get("/akun/keamanan/")["Location"].startswith("/masuk/?next=")


def test_sessions_page_names_each_device_and_marks_this_one(signed_in):
    phone, iphone = signed_in
    page = phone.get(reverse("usersessions_list"))
    assert page.status_code == 200
    sessions = page.context["sessions"]
    assert [(s.device, s.ip, s.current) for s in sessions] == [
        ("Chrome di Android", "10.0.0.1", True),
        ("Safari di iOS", "10.0.0.2", False),
    ]
    html = page.content.decode()
    assert "Perangkat ini" in html and "Safari di iOS" in html and "10.0.0.2" in html


def test_ending_another_session_signs_that_device_out(signed_in, budi):
    phone, iphone = signed_in
    theirs = next(s for s in phone.get(reverse("accounts:sessions")).context["sessions"] if not s.current)
    ended = phone.post(reverse("accounts:session_end", args=[theirs.id]))
    assert ended.status_code == 302 and ended["Location"] == reverse("accounts:sessions")
    assert iphone.get(reverse("accounts:security"))["Location"].startswith("/masuk/")
    assert phone.get(reverse("accounts:security")).status_code == 200
    assert UserSession.objects.filter(user=budi).count() == 1
    event = Event.objects.get(action="session.ended")
    assert (event.user, event.actor, event.ip, event.changes["ip"]) == (budi, budi, "10.0.0.1", "10.0.0.2")


def test_ending_all_other_sessions_keeps_this_one(signed_in, budi):
    phone, iphone = signed_in
    assert phone.post(reverse("accounts:sessions_end_others")).status_code == 302
    assert iphone.get(reverse("accounts:security")).status_code == 302
    assert [s.current for s in phone.get(reverse("accounts:sessions")).context["sessions"]] == [True]


def test_someone_elses_session_is_404_and_stays(signed_in, client, make_user):
    phone, _ = signed_in
    theirs = UserSession.objects.first()
    stranger = make_user()
    client.force_login(stranger)
    assert client.post(reverse("accounts:session_end", args=[theirs.pk])).status_code == 404
    assert theirs.pk not in [s["id"] for s in client.get("/api/v1/me/sessions").json()]
    csrf = {"X-CSRFToken": client.get("/api/v1/auth/csrf").json()["csrf_token"]}
    assert client.delete(f"/api/v1/me/sessions/{theirs.pk}", headers=csrf).status_code == 404
    assert UserSession.objects.filter(pk=theirs.pk).exists()
    assert phone.get(reverse("accounts:security")).status_code == 200


def test_api_lists_and_ends_the_users_sessions_with_a_token(signed_in, budi, client):
    from niaga.accounts.services import issue_token

    phone, iphone = signed_in
    auth = {"Authorization": f"Bearer {issue_token(user=budi)}"}
    listed = client.get("/api/v1/me/sessions", headers=auth)
    assert listed.status_code == 200
    assert [(s["device"], s["ip"], s["current"]) for s in listed.json()] == [  # the latest seen first
        ("Safari di iOS", "10.0.0.2", False),
        ("Chrome di Android", "10.0.0.1", False),
    ]
    iphone_id = next(s["id"] for s in listed.json() if s["device"] == "Safari di iOS")
    assert client.delete(f"/api/v1/me/sessions/{iphone_id}", headers=auth).status_code == 204
    assert iphone.get(reverse("accounts:security")).status_code == 302
    assert client.delete(f"/api/v1/me/sessions/{iphone_id}", headers=auth).status_code == 404
    assert [s["device"] for s in client.get("/api/v1/me/sessions", headers=auth).json()] == ["Chrome di Android"]
