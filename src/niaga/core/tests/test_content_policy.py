"""Content-Security-Policy: every answer carries the strict policy, every HTML page a nonce of
its own; no template needs inline script or style; browsers' reports are logged and counted,
and no body makes the report endpoint fail."""

import json
import logging
import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from niaga.core import metrics, pagecache

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2]  # src/niaga
NONCE = re.compile(r"script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'")
# Paths answered without Django's pages: uploads, the sandbox's machine APIs, Prometheus.
NOT_PAGES = ("media/", "metrics", "sandbox/midtrans", "sandbox/kurir/v1", "sandbox/faults", "api/v1/")


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split(" ", 1)[0]: part.split(" ", 1)[1] if " " in part else "" for part in header.split("; ")}


def routes_without_arguments() -> list[str]:
    """Every URL of the project that takes no argument, as a path (the API's pages aside)."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            route = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, route)
            elif isinstance(entry, URLPattern) and not re.search(r"[<(\[\\*+?]", route):
                found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns, "")
    return sorted({r for r in found if not r.lstrip("/").startswith(NOT_PAGES)})


def assert_policy(response, path: str) -> str | None:
    """The strict policy is on the answer; an HTML page's nonce is returned."""
    assert "Content-Security-Policy" in response, path
    policy = directives(response)
    assert policy["default-src"] == "'self'", path
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'", path
    assert policy["base-uri"] == "'self'" and policy["report-uri"] == "/csp-report", path
    assert "'unsafe-inline'" not in response["Content-Security-Policy"], path
    assert "'unsafe-eval'" not in response["Content-Security-Policy"], path
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    assert policy["style-src"] == "'self'", path
    found = NONCE.search(response["Content-Security-Policy"])
    assert found, f"{path}: no nonce in {response['Content-Security-Policy']}"
    return found.group(1)


@pytest.fixture
def marketplace(make_user, make_store, make_product, place):
    """A buyer with a placed order, its seller's store and product, and an operator."""
    group = place()
    order = group.orders.get()
    product = order.lines.get().variant.product
    operator = make_user("Operator")
    operator.is_staff = operator.is_superuser = True
    operator.save(update_fields=["is_staff", "is_superuser"])
    return {
        "buyer": group.buyer,
        "seller": order.store.owner,
        "operator": operator,
        "group": group,
        "order": order,
        "product": product,
    }


def test_every_page_without_arguments_carries_the_policy_and_a_nonce_of_its_own(marketplace):
    nonces: list[str] = []
    paths = routes_without_arguments()
    assert {"/", "/keranjang/", "/operator/", "/toko-saya/", "/csp-report"} <= set(paths)
    html = 0
    for who in (None, "buyer", "seller", "operator"):
        client = Client()
        if who:
            client.force_login(marketplace[who])
        for path in paths:
            response = client.get(path)
            nonce = assert_policy(response, f"{who} {path}")
            if nonce:
                nonces.append(nonce)
                html += response.status_code == 200
    assert html > 40  # the walk reached pages, not only redirects to the sign-in page
    assert len(set(nonces)) == len(nonces)  # never the same nonce twice


def test_the_main_pages_with_arguments_carry_the_policy_for_the_user_they_are_for(client, marketplace, second_factor):
    buyer, seller, operator = marketplace["buyer"], marketplace["seller"], marketplace["operator"]
    order, group, product = marketplace["order"], marketplace["group"], marketplace["product"]
    pages = [
        (None, product.get_absolute_url()),
        (None, reverse("stores:detail", args=[product.store.slug])),
        (None, reverse("catalog:search") + "?q=buku"),
        (buyer, reverse("cart:cart")),
        (buyer, reverse("checkout:checkout")),
        (buyer, reverse("payments:page", args=[group.code])),
        (buyer, reverse("orders:detail", args=[order.pk])),
        (seller, reverse("seller:dashboard")),
        (seller, reverse("seller:order", args=[order.pk])),
        (seller, reverse("seller:orders")),
        (operator, reverse("monitoring:dashboard")),
        (operator, reverse("admin:index")),
        (None, reverse("account_login")),
        (None, reverse("account_signup")),
        (None, reverse("account_reset_password")),
        (None, reverse("sandbox:bank")),
    ]
    signed_in: dict[int, Client] = {}  # one session each: a TOTP code passes only once

    def as_user(user) -> Client:
        if user is None:
            client.logout()
            return client
        if user.pk not in signed_in:
            signed_in[user.pk] = Client()
            if user.is_staff:
                second_factor(signed_in[user.pk], user)  # staff pages ask for it
            else:
                signed_in[user.pk].force_login(user)
        return signed_in[user.pk]

    nonces = []
    for user, path in pages:
        response = as_user(user).get(path)
        assert response.status_code == 200, path
        nonces.append(assert_policy(response, path))
    assert None not in nonces and len(set(nonces)) == len(nonces)


def test_json_answers_and_probes_carry_the_policy_too(client):
    for path in ("/api/v1/products", "/healthz", "/api/v1/openapi.json"):
        response = client.get(path)
        assert response.status_code == 200
        assert_policy(response, path)


def test_the_gateway_may_be_asked_for_card_tokens_and_shown_and_posted_to(client, settings):
    policy = directives(client.get("/"))
    gateway = settings.NIAGA_MIDTRANS_BASE_URL.split("/sandbox/")[0]
    for name in ("connect-src", "img-src", "form-action"):
        assert policy[name].split(" ")[0] == "'self'" and gateway in policy[name].split(" "), name
    assert "data:" in policy["img-src"].split(" ")  # allauth's TOTP QR code
    assert "upgrade-insecure-requests" not in policy  # only under NIAGA_HTTPS (test_transport.py)


def test_a_page_that_uses_its_nonce_is_never_kept_for_others(rf):
    from django.http import HttpResponse
    from django.template import engines

    from niaga.core.contentpolicy import ContentPolicyMiddleware

    template = engines["django"].from_string('<script nonce="{{ request.csp_nonce }}">1</script>')

    def view(request):
        return HttpResponse(template.render({}, request))

    request = rf.get("/")
    response = ContentPolicyMiddleware(view)(request)
    nonce = NONCE.search(response["Content-Security-Policy"]).group(1)
    assert f'nonce="{nonce}"' in response.content.decode()
    assert "private" in response["Cache-Control"]
    plain = ContentPolicyMiddleware(lambda request: HttpResponse("<p>tanpa skrip</p>"))(rf.get("/"))
    assert NONCE.search(plain["Content-Security-Policy"]) and "Cache-Control" not in plain


def test_a_kept_page_is_answered_with_a_new_nonce_each_time(deployed, settings, make_store, make_product):
    settings.NIAGA_PAGE_CACHE_SECONDS = 30
    cache.clear()
    pagecache.forget()
    try:
        url = make_product(make_store(), price=50_000, stock=3).get_absolute_url()
        answers = [deployed("GET", url) for _ in range(3)]
        assert [a.headers.get("X-Cache") for a in answers] == [None, "hit", "hit"]
        nonces = [NONCE.search(a.headers["Content-Security-Policy"]).group(1) for a in answers]
        assert len(set(nonces)) == 3
        policies = {NONCE.sub("", a.headers["Content-Security-Policy"]) for a in answers}
        assert len(policies) == 1  # the same policy, only the nonce is new
    finally:
        cache.clear()
        pagecache.forget()


# --- No template needs 'unsafe-inline' ---------------------------------------------------------

INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style>"),
    (re.compile(r"\sstyle\s*=", re.I), 'style="…"'),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "an on…= handler"),
    (re.compile(r"href\s*=\s*[\"']\s*javascript:", re.I), "a javascript: link"),
]


def test_no_page_template_has_inline_script_or_style():
    """E-mails are exempt: mail clients need inline styles and no CSP applies to them."""
    found = []
    for template in sorted(SRC.rglob("templates/**/*.html")):
        if "email" in template.relative_to(SRC).parts:
            continue
        text = template.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                found.append(f"{template.relative_to(SRC)}:{text.count(chr(10), 0, match.start()) + 1}: {what}")
    assert found == []


def test_the_checker_finds_what_it_looks_for():
    samples = [
        "<script>x()</script>",
        "<style>a{}</style>",
        '<p style="color:red">',
        '<a onclick="x()">',
        '<a href="javascript:x()">',
    ]
    assert all(any(p.search(s) for p, _ in INLINE) for s in samples)
    allowed = ['<script src="/static/a.js" defer></script>', '<script id="d" type="application/json">{}</script>']
    assert not any(p.search(s) for p, _ in INLINE for s in allowed)


# --- The report endpoint ---------------------------------------------------------------------

REPORT = {
    "csp-report": {
        "document-uri": "https://niaga.id/akun/password/reset/key/abc-secret/?token=rahasia",
        "referrer": "",
        "violated-directive": "script-src-elem",
        "effective-directive": "script-src-elem",
        "original-policy": "default-src 'self'",
        "disposition": "enforce",
        "blocked-uri": "inline",
        "line-number": 12,
        "column-number": 3,
        "source-file": "https://niaga.id/p/toko/buku/?q=1",
        "status-code": 200,
    }
}


def counted(directive: str) -> float:
    return metrics.CSP_VIOLATIONS.labels(directive=directive, disposition="enforce")._value.get()


def test_a_report_is_logged_as_one_structured_line_counted_and_answered_204(client, caplog):
    before = counted("script-src-elem")
    with caplog.at_level(logging.WARNING, logger="niaga.csp"):
        response = client.post("/csp-report", json.dumps(REPORT), content_type="application/csp-report")
    assert response.status_code == 204
    assert counted("script-src-elem") == before + 1
    [record] = [r for r in caplog.records if r.name == "niaga.csp"]
    assert record.csp_directive == "script-src-elem" and record.csp_blocked == "inline"
    assert record.csp_line == 12 and record.csp_disposition == "enforce"
    # No query string reaches the log: a reset link's token stays out of it.
    assert record.csp_document == "https://niaga.id/akun/password/reset/key/abc-secret/"
    assert record.csp_source == "https://niaga.id/p/toko/buku/"
    assert "rahasia" not in record.getMessage() + json.dumps(record.__dict__, default=str)


def test_reports_in_the_reporting_api_form_are_read_too(client, caplog):
    body = [
        {
            "type": "csp-violation",
            "url": "https://niaga.id/",
            "body": {
                "documentURL": "https://niaga.id/",
                "blockedURL": "https://evil.example/x.js",
                "effectiveDirective": "script-src-elem",
                "disposition": "report",
                "lineNumber": 1,
            },
        },
        {"type": "deprecation", "body": {}},
    ]
    with caplog.at_level(logging.WARNING, logger="niaga.csp"):
        response = client.post("/csp-report", json.dumps(body), content_type="application/reports+json")
    assert response.status_code == 204
    [record] = [r for r in caplog.records if r.name == "niaga.csp"]
    assert record.csp_blocked == "https://evil.example/x.js" and record.csp_disposition == "report"


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00",
        b"[]",
        b"{}",
        b'{"csp-report": "x"}',
        b"[" * 100 + b"]" * 100,
        b'{"a": NaN}',
        json.dumps([{"type": "csp-violation", "body": "x"}]).encode(),
    ],
)
def test_a_body_that_is_not_a_report_is_refused_never_a_server_error(client, body):
    response = client.post("/csp-report", body, content_type="application/csp-report")
    assert 400 <= response.status_code < 500


def test_a_strange_but_well_formed_report_is_counted_under_other(client):
    before = counted("other")
    for weird in (
        {"csp-report": {"effective-directive": "x" * 5000, "blocked-uri": ["a"], "line-number": -3}},
        {"csp-report": {"effective-directive": {"a": 1}, "line-number": "NaN", "document-uri": None}},
    ):
        assert client.post("/csp-report", json.dumps(weird), content_type="application/csp-report").status_code == 204
    assert counted("other") == before + 2


def test_a_large_body_is_refused_unread_and_only_posts_are_taken(client):
    big = json.dumps({"csp-report": {"blocked-uri": "x" * 20_000}})
    assert client.post("/csp-report", big, content_type="application/csp-report").status_code == 413
    assert client.get("/csp-report").status_code == 405


def test_reports_from_one_address_are_throttled(client, settings):
    settings.RATELIMIT_ENABLE = True
    cache.clear()
    try:
        answers = [
            client.post("/csp-report", json.dumps(REPORT), content_type="application/csp-report").status_code
            for _ in range(35)
        ]
    finally:
        cache.clear()
    assert answers[:30] == [204] * 30 and answers[-1] == 429
