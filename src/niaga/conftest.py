"""Fixtures shared by every app's tests: real services, real data, no shortcuts."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
import os
import shutil
from dataclasses import dataclass
from typing import cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

_seq = itertools.count(1)

TEBET = {
    "province_code": "31",
    "regency_code": "31.74",
    "district_code": "31.74.01",
    "village_code": "31.74.01.1001",
    "postal_code": "12820",
}


def pytest_collection_modifyitems(config, items):
    """PostgreSQL-only tests run in the PostgreSQL pass; under CI they must not be skipped."""
    from django.db import connection

    if connection.vendor != "postgresql":
        skip = pytest.mark.skip(reason="runs in the PostgreSQL pass of make test")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)
    if not os.environ.get("REDIS_URL"):
        skip = pytest.mark.skip(reason="runs in the Redis pass of make test")
        for item in items:
            if "redis" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Argon2 as deployed costs 100 MB and a good tenth of a second per hash; the suite signs up
    and signs in thousands of times. Tests hash with MD5, as Django advises for tests; the test of
    the hasher itself (accounts/tests/test_addresses.py) asks for Argon2 again."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _no_rate_limits(settings):
    """Tests send many requests from one address; the rate-limit tests turn limits back on."""
    settings.RATELIMIT_ENABLE = False
    settings.ACCOUNT_RATE_LIMITS = False  # allauth's own (failed sign-ins, resets, sign-ups per address)
    settings.NIAGA_PAGE_CACHE_SECONDS = 0  # pages read fresh; test_pagecache.py turns it on
    settings.NIAGA_COUNTER_FLUSH_SECONDS = 0  # no flusher thread: tests call catalog.counters.flush()
    from niaga.catalog import counters

    counters._pending.clear()  # no view counted in memory by an earlier test


@pytest.fixture(autouse=True)
def _no_marketplace_tax(settings):
    """PPh 22 (niaga.tax) is not yet in force in other apps' tests, whose sums of escrow and
    payouts predate it; each paid order still runs the effect (an exempt row). The tax app's
    tests put the rule in force again (tax/tests/conftest.py)."""
    settings.NIAGA_TAX_PPH22_RULES = [{**rule, "since": "2999-01-01"} for rule in settings.NIAGA_TAX_PPH22_RULES]


@pytest.fixture(autouse=True)
def _no_stock_alerts(settings):
    """Low-stock and sold-out alerts (niaga.purchasing) would add a seller's e-mail to other
    apps' tests that count them, whose one-unit products sell out; purchasing's tests and the
    demo's turn them on (purchasing/tests/conftest.py)."""
    settings.NIAGA_STOCK_ALERTS = False


@pytest.fixture(autouse=True)
def _no_lockout(settings):
    """Tests sign in wrong on purpose, many from one address; accounts/tests/test_lockout.py
    turns the lockout back on. (Off, axes neither counts nor refuses: no rows, no queries.)"""
    settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def _replica_closed():
    """A test that read the reports replica leaves no open session on the test database."""
    yield
    from django.conf import settings
    from django.db import connections

    if "replica" in settings.DATABASES:
        connections["replica"].close()


@pytest.fixture(autouse=True)
def _jobs_run_inline(settings):
    """Background jobs run in-process and at once, so tests see their effects."""
    from huey.contrib.djhuey import HUEY

    previous = HUEY.immediate
    HUEY.immediate = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tests do not run collectstatic: plain static URLs, files found in the apps.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    yield
    HUEY.immediate = previous


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


@pytest.fixture
def deployed():
    """Requests through the deployed WSGI application (niaga.wsgi, what gunicorn serves), with
    the layers in front of Django that the test client skips: deployed(method, path, ...)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from niaga.wsgi import application

    def call(
        method: str, path: str, *, body: dict | None = None, headers: dict | None = None, query: str = ""
    ) -> Answer:
        raw = json.dumps(body).encode() if body is not None else b""
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "testserver",
            "CONTENT_TYPE": "application/json" if body is not None else "",
            "CONTENT_LENGTH": str(len(raw)),
            "wsgi.input": io.BytesIO(raw),
            "wsgi.url_scheme": "http",
            "wsgi.errors": io.StringIO(),
            **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()},
        }
        answer = {}

        def start_response(status, response_headers, exc_info=None):
            answer["status"], answer["headers"] = int(status[:3]), dict(response_headers)

        # As Django's test client does: the end of a request must not close the test's connection.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            result = application(environ, start_response)
            content = b"".join(result)
            getattr(result, "close", lambda: None)()
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)
        return Answer(answer["status"], answer["headers"], content)

    return call


@pytest.fixture
def scrape_metrics(client, settings):
    """GET /metrics as Prometheus does, with the bearer token it is closed without."""
    settings.NIAGA_METRICS_TOKEN = "token-metrik-uji"
    return lambda: client.get("/metrics", HTTP_AUTHORIZATION="Bearer token-metrik-uji").content.decode()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path_factory):
    settings.MEDIA_ROOT = str(tmp_path_factory.mktemp("media"))


def png(name: str = "foto.png", color=(30, 140, 80), size=(64, 48)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    b'<rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="6,10.5S" '
    b'exif:GPSLongitude="106,49.0E"/></rdf:RDF></x:xmpmeta>'
)


def phone_jpeg(name: str = "IMG_20261207_0930.jpg", size=(1200, 900), orientation: int = 6) -> SimpleUploadedFile:
    """A JPEG as a phone writes it: the camera's make and serial, where it was taken (EXIF GPS
    and XMP), a colour profile, and held sideways (EXIF orientation 6: turn 90° clockwise to
    view). Its top-left quarter is blue, the rest orange, to tell the turn by."""
    from PIL import ImageCms

    img = Image.new("RGB", size, (230, 120, 30))
    img.paste((20, 60, 200), (0, 0, size[0] // 2, size[1] // 2))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0xA431] = "SN-00012345"  # BodySerialNumber
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (6.0, 10.0, 30.0), "E", (106.0, 49.0, 0.0)
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85, exif=exif, xmp=XMP, icc_profile=icc)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def assert_no_metadata(data: bytes, *, upright: tuple[int, int] | None = None) -> None:
    """A stored picture read back with Pillow: no EXIF (no GPS, no camera), no XMP, no ICC, no
    comment; and, for phone_jpeg(), turned upright (portrait, blue now at the top right)."""
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        exif = img.getexif()
        assert len(exif) == 0 and not exif.get_ifd(0x8825), dict(exif)
        assert not {"exif", "xmp", "XML:com.adobe.xmp", "icc_profile", "comment"} & set(img.info), img.info.keys()
        assert b"PhoneMaker" not in data and b"GPSLatitude" not in data and b"SN-00012345" not in data
        if upright:
            width, height = img.size
            assert abs(width / height - upright[0] / upright[1]) < 0.01, (img.size, upright)  # as held
            rgb = img.convert("RGB")
            top_right = cast(tuple[int, int, int], rgb.getpixel((width - 2, 2)))
            bottom_left = cast(tuple[int, int, int], rgb.getpixel((2, height - 2)))
            assert top_right[2] > 150 and top_right[0] < 80, top_right  # the blue corner came round
            assert bottom_left[0] > 180, bottom_left


@pytest.fixture
def make_user(db):
    from niaga.accounts.services import register_user

    def make(name: str = "Pengguna", **kw):
        """A user who signed up and opened the verification link (verified=False: not yet)."""
        n = next(_seq)
        return register_user(
            email=kw.get("email", f"user{n}@contoh.id"),
            password=kw.get("password", "rahasia-kuat-123"),
            full_name=kw.get("full_name", f"{name} {n}"),
            phone=kw.get("phone", "081234567890"),
            verified=kw.get("verified", True),
        )

    return make


def totp_now(secret: str, *, steps: int = 0) -> str:
    """The authenticator app's current code for a TOTP secret (allauth's own RFC 6238 helpers)."""
    import time

    from allauth.mfa import app_settings as mfa_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD + steps))


@pytest.fixture
def second_factor(db, settings):
    """Give a user an authenticator app (and recovery codes) and pass it in `client`'s session,
    through allauth's own "confirm access" form, as staff and step-up pages require.
    Returns the TOTP secret."""
    # allauth counts confirmations per user id in the cache, and ids repeat from test to test
    settings.ACCOUNT_RATE_LIMITS = False
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import is_mfa_enabled
    from django.urls import reverse

    given: dict[int, str] = {}

    def give(client, user, *, secret: str = "") -> str:
        if not is_mfa_enabled(user):
            secret = secret or generate_totp_secret()
            TOTP.activate(user, secret)
            RecoveryCodes.activate(user)
            given[user.pk] = secret
        secret = secret or given.get(user.pk, "")
        assert secret, "a user already enrolled: pass the secret of their authenticator"
        client.force_login(user)
        answer = client.post(reverse("mfa_reauthenticate"), {"code": totp_now(secret)})
        assert answer.status_code == 302, "the authenticator's code was refused"
        return secret

    return give


@pytest.fixture
def bank_account(db):
    """Save a store's bank account ("Rekening Bank"), as its owner would on Toko Saya."""
    from niaga.payments import bank

    def save(store, *, bank_code: str = "bca", number: str = "1234567890", name: str = "Sari"):
        return bank.set_bank_account(store=store, bank=bank_code, account_number=number, account_name=name)

    return save


@pytest.fixture
def make_address(db):
    from niaga.accounts.services import create_address

    def make(user, **overrides):
        data = {"recipient_name": user.full_name, "phone": "081298765432", "street": "Jl. Tebet Raya No. 12", **TEBET}
        data.update(overrides)
        return create_address(user=user, data=data)

    return make


@pytest.fixture
def default_categories(db):
    """The categories a fresh install has (transactional tests flush the migration's rows)."""
    from importlib import import_module

    from niaga.catalog.models import Category

    for position, (name, slug) in enumerate(
        import_module("niaga.catalog.migrations.0003_default_categories").CATEGORIES
    ):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    return Category.objects.all()


@pytest.fixture
def category(db):
    from niaga.catalog.models import Category

    return Category.objects.get_or_create(slug="buku", defaults={"name": "Buku"})[0]


@pytest.fixture
def make_store(db, make_user):
    from niaga.stores.services import open_store

    def make(owner=None, city_code: str = "32.73", methods=None, **kw):
        owner = owner or make_user("Penjual")
        n = next(_seq)
        data = {"name": kw.get("name", f"Toko Uji {n}"), "city_code": city_code, **kw}
        if methods is not None:
            data["payment_methods"] = methods
        return open_store(owner=owner, data=data)

    return make


@pytest.fixture
def make_product(db, category):
    from niaga.inventory.services import create_product_with_stock

    def make(store, name: str = "Buku Materi Kuliah Digital", price: int = 5000, stock: int = 1, **kw):
        data = {
            "name": name,
            "price": price,
            "stock": stock,
            "weight_grams": kw.pop("weight_grams", 200),
            "category_id": kw.pop("category_id", category.pk),
            "description": kw.pop("description", "Materi kuliah dalam bentuk digital."),
            **kw,
        }
        return create_product_with_stock(store=store, data=data, images=[png()], variants=kw.get("variants"))

    return make


CHROMIUM = "/usr/bin/chromium"

# Run in every page before its own scripts: a Content-Security-Policy violation is told to the
# test (the binding), whatever the page is and whoever opened it.
_REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  window.__niagaCspViolation([e.effectiveDirective, e.blockedURI || "inline", e.sourceFile || e.documentURI,
                              e.lineNumber, (e.sample || "").slice(0, 60)].join(" | "));
}, true);
"""


class WatchedBrowser:
    """Chromium as the browser tests get it: every context it opens (and the pages in them)
    records Content-Security-Policy violations, reported by the page or logged by Chromium, in
    `violations`; `_no_csp_violations` fails the test that caused any."""

    def __init__(self, browser):
        self._browser = browser
        self.violations: list[str] = []

    def __getattr__(self, name):
        return getattr(self._browser, name)

    def _watch(self, context):
        context.expose_binding(
            "__niagaCspViolation", lambda source, text: self.violations.append(f"{source['frame'].url}: {text}")
        )
        context.add_init_script(script=_REPORT_VIOLATIONS)

        def console(message):
            if "Content Security Policy" in message.text:
                self.violations.append(f"{message.location.get('url', '')}: {message.text}")

        context.on("console", console)
        return context

    def new_context(self, *args, **kwargs):
        return self._watch(self._browser.new_context(*args, **kwargs))

    def new_page(self, *args, **kwargs):
        return self.new_context(*args, **kwargs).new_page()  # its context closes with the browser


@pytest.fixture(autouse=True)
def _no_csp_violations(request):
    """A browser test fails on any Content-Security-Policy violation in any page it opened."""
    if "chromium" not in request.fixturenames:
        yield
        return
    browser = request.getfixturevalue("chromium")
    browser.violations.clear()
    yield
    found, browser.violations[:] = list(browser.violations), []
    if found:
        pytest.fail("Content-Security-Policy violations:\n  " + "\n  ".join(dict.fromkeys(found)), pytrace=False)


@pytest.fixture(scope="module")
def chromium():
    """Debian's Chromium through Playwright (tests marked `browser`), watched for CSP violations."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail("Debian's Chromium is missing under CI (scripts/ensure-services.sh installs it)")
        pytest.skip("Debian's Chromium is not installed (apt-get install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
    # between browser steps are ordinary synchronous code.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield WatchedBrowser(browser)
        browser.close()


@pytest.fixture
def sandbox(live_server, settings):
    """Niaga's gateway adapter talks HTTP to the sandbox served by the live test server."""
    settings.NIAGA_PUBLIC_URL = live_server.url
    settings.NIAGA_MIDTRANS_BASE_URL = f"{live_server.url}/sandbox/midtrans"
    settings.NIAGA_SANDBOX_NOTIFICATION_URL = f"{live_server.url}/api/v1/payments/midtrans/notification"
    settings.NIAGA_SANDBOX_FINISH_REDIRECT_URL = f"{live_server.url}/pembayaran/selesai/"
    settings.NIAGA_COURIER_BASE_URL = f"{live_server.url}/sandbox/kurir"
    from niaga.payments import gateway
    from niaga.shipping.couriers import client as courier_client

    gateway.reset()
    courier_client.reset()
    yield live_server
    gateway.reset()
    courier_client.reset()


@pytest.fixture
def checkout_group(make_user, make_store, make_product, make_address):
    """A buyer's placed checkout for one Rp5.000 book, paid by `method`, stock 1."""
    from niaga.cart.services import add_item, cart_for
    from niaga.checkout.services import place_order

    def make(method: str = "va_bca", product=None, buyer=None):
        product = product or make_product(make_store(), stock=1)
        buyer = buyer or make_user("Pembeli")
        address = make_address(buyer)
        cart = cart_for(user=buyer, create=True)
        assert cart is not None
        add_item(cart=cart, variant_id=product.variants.get().pk, quantity=1)
        return place_order(user=buyer, cart=cart, address_id=address.pk, payment_method=method).group

    return make


@pytest.fixture
def place(make_user, make_store, make_product, make_address):
    """Place a one-store order for a fresh buyer, as checkout would, with no payment yet."""

    from niaga.core import clock
    from niaga.orders import services

    def make(quantity: int = 1, stock: int = 1, minutes: int = 60, product=None):
        buyer = make_user("Pembeli")
        address = make_address(buyer)
        product = product or make_product(make_store(), stock=stock)
        variant = product.variants.get()
        draft = services.OrderDraft(
            store_id=product.store_id,
            store_code="TOK",
            courier_code="jne_reg",
            courier_name="JNE Reguler",
            shipping_eta="2-3 hari",
            shipping_cost=18000,
            lines=[services.LineDraft(variant.pk, product.name, "", product.price, quantity, product.weight_grams)],
        )
        return services.place_orders(
            buyer=buyer,
            drafts=[draft],
            shipping_address={"recipient_name": address.recipient_name},
            payment_method="va_bca",
            service_fee=1000,
            payment_due_at=clock.now() + dt.timedelta(minutes=minutes),
        ).group

    return make


def using_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith("postgres")
