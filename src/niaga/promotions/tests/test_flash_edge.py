"""The gate at the edge: nginx runs the app's gate scripts in the same Redis, so the crowd
hears "sold out" or "limit reached" without an app server, and an admitted buyer's units are
held for the app, which claims them, or given back. The app stays the one that authenticates
and places; what the edge does not know, it passes on.

The first tests run the scripts as flash_edge.lua calls them; the last ones put nginx (with
bench/edge.conf, the README's flash location) in front of the live server."""

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.test import Client
from prometheus_client import REGISTRY

from niaga.accounts.models import ApiToken
from niaga.accounts.services import issue_token
from niaga.checkout import services as checkout
from niaga.core import edge, metrics
from niaga.orders import services as orders
from niaga.orders.models import Order
from niaga.promotions import gate, services
from niaga.promotions.models import Admission

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

REPO = Path(__file__).resolve().parents[4]


def _gate():
    client = gate._client()
    assert client is not None, "these tests run with the gate on"
    return client


@pytest.fixture
def sale(flash_item, use_gate, make_user, make_address):
    use_gate(os.environ["REDIS_URL"])

    def make(quota=2, limit=1, **kw):
        return flash_item(quota=quota, limit=limit, **kw)  # saving it told the edge its terms

    return make


@pytest.fixture
def buyer(make_user, make_address):
    """A buyer with an app token (published to the edge when issued) and an address."""

    def make(name="Pemburu Diskon"):
        user = make_user(name)
        return user, issue_token(user=user, name="app"), make_address(user)

    return make


def at_edge(item, token: str, quantity=1, reservation="r1"):
    """What flash_edge.lua asks Redis for one attempt."""
    digest = ApiToken.digest_of(token) if token else "-"
    prefix = f"niaga:flash:{item.pk}"
    keys = [
        f"{prefix}:terms",
        f"{prefix}:left",
        f"{prefix}:buyers",
        edge.token_key(digest),
        gate.reservation_key(reservation),
        gate.RESERVATIONS,
    ]
    args = [f"{time.time():.3f}", quantity, gate.RESERVATION_SECONDS, gate.TTL_SECONDS, item.pk]
    answer = _gate().eval(gate.script_text("edge"), len(keys), *keys, *args)
    return [a.decode() if isinstance(a, bytes) else a for a in answer]


def release(item, reservation="r1") -> int:
    prefix = f"niaga:flash:{item.pk}"
    keys = [gate.reservation_key(reservation), f"{prefix}:left", f"{prefix}:buyers", gate.RESERVATIONS]
    return _gate().eval(gate.script_text("release"), len(keys), *keys)


def left(item) -> int:
    return int(_gate().get(f"niaga:flash:{item.pk}:left") or 0)


def test_the_edge_passes_what_only_the_app_can_decide(sale, buyer, flash_item):
    item = sale()
    user, token, _ = buyer()
    _gate().delete(f"niaga:flash:{item.pk}:left")  # Redis lost the count: the app sets it again
    assert at_edge(item, token) == ["pass"]
    services.publish_terms(item)  # as the campaign's save, or any app process within 2 s, does
    assert left(item) == 2
    assert at_edge(item, "nga_not-a-token") == ["pass"]  # unknown: the app answers 401
    assert at_edge(item, token, quantity=2) == ["pass"]  # above the limit: the app's 400
    assert at_edge(item, token, quantity=0.5) == ["pass"]
    later = flash_item(starts_in=dt.timedelta(hours=1))
    assert at_edge(later, token) == ["pass"]  # not started: the app says when
    assert left(item) == 2


def test_the_edge_holds_an_admitted_buyers_units_until_the_app_claims_them_once(sale, buyer):
    item = sale()
    user, token, _ = buyer()
    assert at_edge(item, token) == ["admitted", str(user.pk)]
    assert left(item) == 1
    assert not gate.claim(reservation="r1", item_id=item.pk, buyer_id=user.pk + 1, quantity=1)  # not theirs
    assert gate.claim(reservation="r1", item_id=item.pk, buyer_id=user.pk, quantity=1)
    assert not gate.claim(reservation="r1", item_id=item.pk, buyer_id=user.pk, quantity=1)  # once
    assert release(item) == 0 and left(item) == 1  # claimed: the app owns them now
    assert at_edge(item, token, reservation="r2") == ["limit_reached", 1]


def test_units_the_app_did_not_claim_go_back(sale, buyer):
    item = sale()
    user, token, _ = buyer()
    assert at_edge(item, token) == ["admitted", str(user.pk)]
    assert release(item) == 1
    assert left(item) == 2 and not _gate().hget(f"niaga:flash:{item.pk}:buyers", user.pk)
    assert release(item) == 0 and left(item) == 2  # once


def test_units_the_edge_could_not_give_back_go_back_in_the_apps_sweep(sale, buyer):
    item = sale()
    (first, first_token, _), (second, second_token, _) = buyer("Satu"), buyer("Dua")
    assert at_edge(item, first_token, reservation="lost")[0] == "admitted"  # nginx never gave it back
    assert at_edge(item, second_token, reservation="claimed")[0] == "admitted"
    assert gate.claim(reservation="claimed", item_id=item.pk, buyer_id=second.pk, quantity=1)
    assert left(item) == 0
    assert gate.sweep_reservations() == 0  # not due: the app may still be working on it
    assert gate.sweep_reservations(now=time.time() + gate.RESERVATION_SECONDS + 1) == 1
    assert left(item) == 1 and not _gate().hget(f"niaga:flash:{item.pk}:buyers", first.pk)
    assert _gate().zcard(gate.RESERVATIONS) == 0
    assert not gate.claim(
        reservation="lost", item_id=item.pk, buyer_id=first.pk, quantity=1
    )  # too late: the gate asks again


def test_sold_out_is_said_to_anyone_once_no_unit_is_left(sale, buyer):
    item = sale(quota=1)
    (first, first_token, _), (_, second_token, _) = buyer("Cepat"), buyer("Lambat")
    assert at_edge(item, first_token) == ["admitted", str(first.pk)]
    assert at_edge(item, second_token, reservation="r2") == ["sold_out"]
    assert at_edge(item, "", reservation="r3") == ["sold_out"]  # no token: still true


def test_tokens_are_published_for_the_edge_and_withdrawn_with_them(sale, buyer, client):
    sale()
    user, token, _ = buyer()
    key = edge.token_key(ApiToken.digest_of(token))
    assert _gate().get(key) == str(user.pk).encode()
    _gate().delete(key)
    client.get("/api/v1/orders", HTTP_AUTHORIZATION=f"Bearer {token}")  # first use in a minute
    assert _gate().get(key) == str(user.pk).encode()
    ApiToken.objects.filter(user=user).delete()
    assert _gate().get(key) is None


def test_a_campaign_edit_reaches_the_edge(sale):
    item = sale()
    item.per_buyer_limit = 3
    item.save()
    assert _gate().hget(gate.terms_key(item.pk), "limit") == b"3"
    item.delete()
    assert not _gate().exists(gate.terms_key(item.pk))


# nginx in front of the live server, with the flash location of bench/edge.conf.

LUA_MODULE = Path("/usr/lib/nginx/modules/ngx_http_lua_module.so")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def nginx(live_server):
    if not (shutil.which("nginx") and LUA_MODULE.exists() and Path("/usr/share/lua/5.1/nginx/redis.lua").exists()):
        if os.environ.get("CI") == "true":
            pytest.fail("nginx with its Lua module is missing (scripts/ensure-services.sh installs it)")
        pytest.skip("nginx with its Lua module is not installed")
    # nginx's workers run as an unprivileged user: their directory must be open to them
    # (pytest's own tmp_path is not).
    tmp_path = Path(tempfile.mkdtemp(prefix="niaga-edge-"))
    tmp_path.chmod(0o755)
    url = os.environ["REDIS_URL"]
    port, app_port = free_port(), live_server.url.rsplit(":", 1)[1]
    conf = (REPO / "bench" / "edge.conf").read_text()
    for name, value in {
        "@OUT@": str(tmp_path),
        "@APP_PORT@": app_port,
        "@EDGE_PORT@": str(port),
        "@REDIS_DB@": url.rsplit("/", 1)[1] or "0",
        "@LUA@": str(REPO / "src" / "niaga" / "promotions" / "lua"),
    }.items():
        conf = conf.replace(name, value)
    (tmp_path / "edge").mkdir()
    (tmp_path / "nginx.conf").write_text(conf)
    command = ["nginx", "-e", str(tmp_path / "edge" / "error.log"), "-c", str(tmp_path / "nginx.conf")]
    subprocess.run(command, check=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            requests.get(f"{base}/healthz", timeout=5)
            break
        except requests.RequestException:
            assert time.monotonic() < deadline, "nginx did not answer within 20 s"
            time.sleep(0.1)
    yield base
    subprocess.run([*command, "-s", "stop"], check=False)
    log = (tmp_path / "edge" / "error.log").read_text()
    shutil.rmtree(tmp_path, ignore_errors=True)
    assert "[error]" not in log and "[crit]" not in log, log


def press(base, item, token, address, **body):
    return requests.post(
        f"{base}/api/v1/flash-sales/items/{item.pk}/buy",
        json={"quantity": 1, "address_id": address.pk, "payment_method": "va_bca", **body},
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )


def settled(item, expected_left: int) -> bool:
    """The edge gives back after its answer went out: wait for it (generously: a busy machine)."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if left(item) == expected_left:
            return True
        time.sleep(0.05)
    return False


def edge_answers_shown(**expected) -> bool:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        shown = metrics.exposition().decode()
        if all(f'niaga_flash_edge_answers_total{{answer="{answer}"}} {n}.0' in shown for answer, n in expected.items()):
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def admitted_at_the_edge():
    """Attempts the edge admitted and the app claimed, since the test began."""

    def count() -> float:
        return REGISTRY.get_sample_value("niaga_flash_gate_total", {"answer": "admitted", "path": "edge"}) or 0.0

    before = count()
    return lambda: count() - before


def test_behind_nginx_the_crowd_is_answered_at_the_edge_in_the_apps_words(
    nginx, sale, buyer, sandbox, admitted_at_the_edge
):
    item = sale(quota=2, limit=1)
    buyers = [buyer(name) for name in ("Satu", "Dua", "Tiga")]
    (one, one_token, one_address), (two, two_token, two_address), (_, three_token, three_address) = buyers

    first = press(nginx, item, one_token, one_address)  # admitted here, claimed and placed by the app
    assert first.status_code == 201 and "X-Niaga-Answer" not in first.headers
    again = press(nginx, item, one_token, one_address)
    assert again.status_code == 409 and again.headers["X-Niaga-Answer"] == "edge"
    assert again.json() == {"code": "limit_reached", "message": "Batas 1 per pembeli sudah tercapai.", "fields": {}}

    second = press(nginx, item, two_token, two_address)
    assert second.status_code == 201 and "X-Niaga-Answer" not in second.headers
    assert admitted_at_the_edge() == 2
    late = press(nginx, item, three_token, three_address)
    assert late.status_code == 409 and late.headers["X-Niaga-Answer"] == "edge"
    assert late.json() == {"code": "sold_out", "message": "Stok flash sale habis.", "fields": {}}

    from_memory = press(nginx, item, three_token, three_address)  # for a second, without Redis
    assert from_memory.status_code == 409 and from_memory.content == late.content
    assert edge_answers_shown(sold_out=2, limit_reached=1, admitted=2)  # /metrics, within nginx's second

    item.refresh_from_db()
    assert item.taken == 2 and left(item) == 0
    assert not _gate().keys("niaga:flash:reserved:*") and not _gate().zcard(gate.RESERVATIONS)
    services.forget()
    with pytest.raises(services.SoldOut) as direct:  # the app's own words for the same
        checkout.buy_now(
            user=buyers[2][0], item_id=item.pk, quantity=1, address_id=three_address.pk, payment_method="va_bca"
        )
    assert direct.value.message == late.json()["message"]


def test_behind_nginx_units_the_app_refused_go_back(nginx, sale, buyer, sandbox, admitted_at_the_edge):
    item = sale(quota=2, limit=1)
    assert press(nginx, item, *buyer("Pembuka")[1:]).status_code == 201
    assert left(item) == 1
    user, token, address = buyer()

    refused_before_the_gate = press(nginx, item, token, address, payment_method="x" * 40)  # the API's 422
    assert refused_before_the_gate.status_code in (400, 422)
    assert settled(item, 1)  # the edge held a unit, the app never claimed it: back
    refused_after_the_claim = press(nginx, item, token, address, address_id=999_999)
    assert refused_after_the_claim.status_code == 404 and refused_after_the_claim.json()["code"] == "address_not_found"
    assert settled(item, 1)  # the app claimed it, then gave it back
    assert not Admission.objects.filter(buyer=user).exists()
    assert press(nginx, item, token, address).status_code == 201  # the unit is still for sale
    assert admitted_at_the_edge() == 2  # the refused ones are not counted
    item.refresh_from_db()
    assert item.taken == 2 and left(item) == 0


def test_behind_nginx_a_waiting_page_is_answered_at_the_edge_while_the_order_is_made(
    nginx, sale, buyer, sandbox, queued_jobs
):
    item = sale()
    _, token, address = buyer()
    admitted = press(nginx, item, token, address)
    assert admitted.status_code == 202
    poll_url = nginx + admitted.json()["poll_url"]

    waiting = requests.get(poll_url, timeout=10)
    assert waiting.headers["X-Niaga-Answer"] == "edge" and waiting.json()["status"] == "placing"
    assert waiting.json()["poll_url"] == admitted.json()["poll_url"]
    guessed = requests.get(poll_url.replace("key=", "key=x"), timeout=10)
    assert "X-Niaga-Answer" not in guessed.headers and guessed.status_code in (401, 403)  # the app: sign in first

    assert queued_jobs() == 1  # the consumer makes the order
    placed = requests.get(poll_url, headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert "X-Niaga-Answer" not in placed.headers and placed.json()["status"] == "placed"


def test_behind_nginx_a_unit_that_comes_back_after_the_sell_out_is_sold_again(nginx, sale, buyer, sandbox):
    """After a sold-out answer nginx repeats it from memory; once that second is over one attempt
    asks Redis while the rest still hear "sold out", so a unit given back (an unpaid order's,
    at its deadline) is on sale again a second later."""
    item = sale(quota=1, limit=1)
    assert press(nginx, item, *buyer("Cepat")[1:]).status_code == 201
    _, token, address = buyer("Sabar")
    assert press(nginx, item, token, address).json()["code"] == "sold_out"

    time.sleep(1.2)  # past nginx's second: the next attempt asks Redis, the others hear memory
    crowd = [press(nginx, item, *buyer(f"Ramai {i}")[1:]) for i in range(3)]
    assert [r.json()["code"] for r in crowd] == ["sold_out"] * 3
    assert all(r.headers["X-Niaga-Answer"] == "edge" for r in crowd)

    order = Order.objects.get()  # never paid: at the deadline its unit comes back
    orders.cancel_overdue(now=order.payment_due_at + dt.timedelta(minutes=1))
    assert left(item) == 1
    time.sleep(1.2)
    again = press(nginx, item, token, address)
    assert again.status_code == 201, again.content


def test_behind_nginx_a_request_id_is_echoed_on_every_answer(nginx, sale, buyer, sandbox):
    """An app's own X-Request-ID (well formed) follows the request to the app's log and comes
    back on the answer, whoever gave it; anything else is replaced by nginx's own id."""
    item = sale(quota=1, limit=1)
    _, token, address = buyer()
    headers = {"Authorization": f"Bearer {token}"}
    body = {"quantity": 1, "address_id": address.pk, "payment_method": "va_bca"}
    url = f"{nginx}/api/v1/flash-sales/items/{item.pk}/buy"

    by_app = requests.post(url, json=body, headers={**headers, "X-Request-ID": "app-1"}, timeout=10)
    assert by_app.status_code == 201 and by_app.headers["X-Request-ID"] == "app-1"
    at_edge_answer = requests.post(url, json=body, headers={**headers, "X-Request-ID": "app-2"}, timeout=10)
    assert at_edge_answer.headers["X-Niaga-Answer"] == "edge" and at_edge_answer.headers["X-Request-ID"] == "app-2"
    page = requests.get(f"{nginx}/healthz", headers={"X-Request-ID": "bad id;"}, timeout=10)
    assert page.headers["X-Request-ID"] not in ("bad id;", "") and "," not in page.headers["X-Request-ID"]


def web_buyer(chromium, base: str, user):
    """A browser signed in as `user` (with an address) on the site behind nginx."""
    signed_in = Client()  # one each: signing in a second user on one client ends the first's session
    signed_in.force_login(user)
    context = chromium.new_context(base_url=base)
    name = settings.SESSION_COOKIE_NAME
    context.add_cookies([{"name": name, "value": signed_in.cookies[name].value, "url": base}])
    return context.new_page()


def beli_sekarang(page, item):
    """Press the campaign page's button; the API's answer to the press."""
    with page.expect_response(f"**/api/v1/flash-sales/items/{item.pk}/buy") as answer:
        page.click("button:has-text('Beli Sekarang')")
    return answer.value


@pytest.mark.browser
def test_behind_nginx_a_web_buyers_beli_sekarang_is_answered_at_the_edge_once_sold_out(
    nginx, sale, sandbox, chromium, make_user, make_address
):
    """The campaign page's button asks the API's address, which nginx's flash location serves:
    the signed-in web buyer who is too late hears "sold out" from the edge, on the page."""
    item = sale(quota=1, limit=1)
    quick, late = (
        web_buyer(chromium, nginx, make_address(make_user(name)).user) for name in ("Pembeli Cepat", "Pembeli Telat")
    )
    for page in (quick, late):
        page.goto(f"/flash-sale/{item.campaign.slug}/")

    first = beli_sekarang(quick, item)
    assert first.status == 201 and "x-niaga-answer" not in first.headers  # the app placed it
    quick.wait_for_url(re.compile(r"/pembayaran/NGA-"))

    second = beli_sekarang(late, item)
    assert second.status == 409 and second.headers["x-niaga-answer"] == "edge"
    late.wait_for_selector("[data-flash-note]:has-text('Stok flash sale habis.')")
    assert late.is_disabled("button.buy-now") and late.text_content("button.buy-now") == "Habis terjual"
    assert "/flash-sale/" in late.url  # still on the campaign page, nothing else to load
    item.refresh_from_db()
    assert item.taken == 1 and Order.objects.count() == 1
    for page in (quick, late):
        page.context.close()


@pytest.mark.browser
def test_behind_nginx_an_admitted_web_buyer_waits_on_the_page_until_the_order_is_made(
    nginx, sale, sandbox, chromium, make_user, make_address, queued_jobs
):
    item = sale(quota=1, limit=1)
    page = web_buyer(chromium, nginx, make_address(make_user("Pembeli Sabar")).user)
    page.goto(f"/flash-sale/{item.campaign.slug}/")

    assert beli_sekarang(page, item).status == 202  # admitted; a job makes the order
    page.wait_for_url(re.compile(r"/flash-sale/antrean/\d+/"))
    assert "Kamu dapat!" in page.text_content("#admission")
    assert queued_jobs() == 1  # the consumer
    page.wait_for_url(re.compile(r"/pembayaran/NGA-"))  # the page asked again and went on
    assert Order.objects.get().buyer.full_name.startswith("Pembeli Sabar")
    page.context.close()
