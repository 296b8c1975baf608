"""Anonymous catalogue pages and API reads are answered from the cache in front of Django,
with an ETag a CDN can use; a change to a product retires them at once; nothing personal is
ever kept, and nothing is answered that Django would have refused.

Every request here goes through the deployed WSGI application (`deployed`), as gunicorn
sends it: the cache sits in front of Django, where the test client does not reach."""

import datetime as dt
import io
import threading
import time

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import OperationalError, connection
from django.http import HttpResponse
from django.test import Client
from django.test.signals import template_rendered

from niaga.catalog import pagemarks
from niaga.catalog.services import update_product
from niaga.core import clock, generations, pagecache
from niaga.inventory import services as inventory
from niaga.inventory.services import set_available
from niaga.promotions import selectors
from niaga.promotions.models import Campaign, CampaignItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.NIAGA_PAGE_CACHE_SECONDS = 30
    cache.clear()
    pagecache.forget()
    yield
    cache.clear()
    pagecache.forget()


@pytest.fixture
def page(make_store, make_product):
    return make_product(make_store(), price=50_000, stock=3)


def test_a_product_page_is_kept_for_visitors_and_retired_when_the_price_changes(deployed, page_cache, page):
    url = page.get_absolute_url()
    first = deployed("GET", url)
    assert first.status == 200 and "X-Cache" not in first.headers
    assert first.headers["Cache-Control"] == "public, max-age=30" and first.headers["ETag"]
    assert "Set-Cookie" not in first.headers and b"csrfmiddlewaretoken" not in first.body
    second = deployed("GET", url)
    assert second.status == 200 and second.headers["X-Cache"] == "hit" and second.body == first.body
    assert deployed("GET", url, headers={"If-None-Match": first.headers["ETag"]}).status == 304
    update_product(product=page, data={"price": 45_000})
    fresh = deployed("GET", url)
    assert "X-Cache" not in fresh.headers and "Rp45.000" in fresh.body.decode()


def test_a_kept_page_carries_the_same_headers_as_django_and_its_own_request_id(deployed, page_cache, page):
    first = deployed("GET", page.get_absolute_url())
    kept = deployed("GET", page.get_absolute_url(), headers={"X-Request-ID": "proxy-123"})
    for name in (
        "Content-Type",
        "Vary",
        "Content-Language",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "ETag",
    ):
        assert kept.headers[name] == first.headers[name], name
    assert kept.headers["X-Request-ID"] == "proxy-123" != first.headers["X-Request-ID"]
    assert (
        deployed("GET", page.get_absolute_url(), headers={"X-Request-ID": "bad id\n"}).headers["X-Request-ID"]
        != "bad id\n"
    )
    not_modified = deployed("GET", page.get_absolute_url(), headers={"If-None-Match": first.headers["ETag"]})
    assert not_modified.body == b"" and not_modified.headers["Vary"] == first.headers["Vary"]


def test_signed_in_buyers_guests_with_a_cart_and_token_apps_always_get_their_own_page(
    deployed, page_cache, page, client, make_user
):
    url = page.get_absolute_url()
    deployed("GET", url)
    assert deployed("GET", url).headers["X-Cache"] == "hit"
    client.force_login(make_user("Pembeli"))
    mine = deployed("GET", url, headers={"Cookie": f"sessionid={client.cookies['sessionid'].value}"})
    assert "X-Cache" not in mine.headers and b"csrfmiddlewaretoken" in mine.body
    assert "X-Cache" not in deployed("GET", "/api/v1/products", headers={"Authorization": "Bearer nga_x"}).headers
    # A visitor's pending message is theirs: it must not be swapped for the kept page.
    assert "X-Cache" not in deployed("GET", url, headers={"Cookie": "messages=abc"}).headers


def test_an_english_visitor_gets_an_english_page_and_never_the_indonesian_one(deployed, page_cache, page):
    url = page.get_absolute_url()
    indonesian = deployed("GET", url)
    english = deployed("GET", url, headers={"Accept-Language": "en-US,en;q=0.9"})
    assert indonesian.headers["Content-Language"] == "id"
    assert "X-Cache" not in english.headers and english.headers["Content-Language"] == "en"
    again = deployed("GET", url, headers={"Accept-Language": "en"})
    assert again.headers["X-Cache"] == "hit" and again.headers["Content-Language"] == "en"
    assert deployed("GET", url, headers={"Accept-Language": "id-ID"}).headers["Content-Language"] == "id"


def test_a_host_django_refuses_is_refused_even_when_the_page_is_kept(deployed, page_cache, page):
    deployed("GET", page.get_absolute_url())
    assert deployed("GET", page.get_absolute_url(), headers={"Host": "evil.example"}).status == 400


def test_api_reads_are_kept_and_writes_never(deployed, page_cache, page):
    deployed("GET", "/api/v1/products")
    assert deployed("GET", "/api/v1/products").headers["X-Cache"] == "hit"
    assert deployed("POST", "/api/v1/cart/items", body={}).status in (400, 401, 403, 422)
    # The query string is part of the page: a search is not answered with the full list.
    assert deployed("GET", "/api/v1/products", query="q=kaos").headers.get("X-Cache") is None


def test_a_hit_at_the_peak_makes_no_round_trip_to_the_shared_cache(deployed, page_cache, page, monkeypatch):
    url = page.get_absolute_url()
    deployed("GET", url)
    asked = []
    real_get = pagecache.cache.get
    monkeypatch.setattr(pagecache.cache, "get", lambda key, *a, **k: asked.append(key) or real_get(key, *a, **k))
    for _ in range(3):
        assert deployed("GET", url).headers["X-Cache"] == "hit"
    assert not [key for key in asked if key.startswith("page:")]


def test_a_kept_listing_is_rendered_again_when_its_seconds_are_up(deployed, page_cache, page, monkeypatch):
    deployed("GET", "/")
    assert deployed("GET", "/").headers["X-Cache"] == "hit"
    later = pagecache._wall() + 31
    monkeypatch.setattr(pagecache, "_wall", lambda: later)
    assert "X-Cache" not in deployed("GET", "/").headers


@pytest.fixture
def renders():
    """The product pages Django rendered (the test environment reports every template)."""
    rendered = []

    def count(sender, template, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(count)
    yield lambda: rendered.count("catalog/product.html")
    template_rendered.disconnect(count)


def later(monkeypatch, seconds: float) -> None:
    moved = pagecache._wall() + seconds
    monkeypatch.setattr(pagecache, "_wall", lambda: moved)


def test_a_product_page_nothing_was_sold_from_is_kept_on_when_due_without_a_render(
    deployed, page_cache, page, renders, monkeypatch, django_assert_max_num_queries
):
    """Its seconds up, the page's mark (units on the shelf, the flash offer) is asked again; it
    has not moved, so the same page goes on, with the same ETag a CDN already holds."""
    url = page.get_absolute_url()
    first = deployed("GET", url)
    later(monkeypatch, 31)
    with django_assert_max_num_queries(2):  # the variants' units; the memo of variants on sale
        due = deployed("GET", url)
    assert due.headers["X-Cache"] == "hit" and due.headers["ETag"] == first.headers["ETag"] and renders() == 1
    assert deployed("GET", url).headers["X-Cache"] == "hit"  # fresh again for its seconds


def test_a_product_page_is_kept_with_the_mark_its_view_read_which_is_the_one_asked_when_due(
    deployed, page_cache, make_store, make_product, monkeypatch
):
    """The view hands the mark of what it rendered (units of every variant, the flash offer),
    so the render asks nothing more; a due page is asked the same mark, or it would be
    rendered again each time."""
    product = make_product(
        make_store(), variants=[{"name": "Merah", "stock": 2}, {"name": "Biru", "stock": 0, "price": 7000}]
    )
    now = clock.now()
    campaign = Campaign.objects.create(
        name="Harbolnas", slug="harbolnas", starts_at=now - dt.timedelta(minutes=1), ends_at=now + dt.timedelta(hours=1)
    )
    CampaignItem.objects.create(
        campaign=campaign, variant=product.variants.get(name="Merah"), price=29_000, quota=2, per_buyer_limit=1
    )
    inventory.reserve(lines=[(product.variants.get(name="Merah").pk, 1)], reference="NGA-1")
    url = product.get_absolute_url()
    selectors._on_sale = (0.0, -1, frozenset())  # the memo of variants on sale knows the new campaign
    monkeypatch.setattr(selectors, "_ON_SALE_SECONDS", 3600.0)  # and is not asked again below
    assert "Flash sale Rp29.000" in deployed("GET", url).body.decode()
    (kept,) = pagecache._memory().values()
    assert kept.mark == pagemarks.product_page(url) and "29000" in kept.mark
    other = make_product(make_store(name="Toko Lain"), name="Kopi Gayo").get_absolute_url()
    view_alone = _queries(lambda: Client().get(other))  # the test client is not behind the page cache
    pagecache.forget()
    cache.clear()
    assert _queries(lambda: deployed("GET", other)) == view_alone


def _queries(request) -> list[str]:
    """Every statement a request runs (Django's own query log is reset by each request_started)."""
    ran = []

    def note(execute, sql, params, many, context):
        ran.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        request()
    return ran


def test_a_page_another_app_server_kept_on_is_taken_from_the_shared_cache_without_asking_again(
    deployed, page_cache, page, monkeypatch, django_assert_num_queries
):
    url = page.get_absolute_url()
    first = deployed("GET", url)
    key, old = next((k, kept) for k, kept in pagecache._memory().items() if kept.content == first.body)
    later(monkeypatch, 31)
    deployed("GET", url)  # asked and kept on, in both copies
    pagecache._remember(key, old)  # as another process's memory still holds it
    with django_assert_num_queries(0):
        assert deployed("GET", url).headers["X-Cache"] == "hit"


def test_units_sold_reach_a_kept_product_page_when_it_is_due(deployed, page_cache, page, renders, monkeypatch):
    url = page.get_absolute_url()
    assert "Stok: 3" in deployed("GET", url).body.decode()
    inventory.reserve(lines=[(page.variants.get().pk, 2)], reference="NGA-1")  # an order: no seller's edit
    assert deployed("GET", url).headers["X-Cache"] == "hit"  # within its seconds, as before
    later(monkeypatch, 31)
    due = deployed("GET", url)
    assert "X-Cache" not in due.headers and "Stok: 1" in due.body.decode() and renders() == 2


def test_a_flash_sale_starting_on_the_clock_reaches_a_kept_product_page_when_it_is_due(
    deployed, page_cache, page, monkeypatch
):
    now = clock.now()
    campaign = Campaign.objects.create(
        name="Harbolnas", slug="harbolnas", starts_at=now + dt.timedelta(minutes=1), ends_at=now + dt.timedelta(hours=1)
    )
    CampaignItem.objects.create(
        campaign=campaign, variant=page.variants.get(), price=29_000, quota=2, per_buyer_limit=1
    )
    url = page.get_absolute_url()
    assert "Flash sale" not in deployed("GET", url).body.decode()
    with clock.travel(dt.timedelta(minutes=2)):
        later(monkeypatch, 120)
        selectors._on_sale = (0.0, -1, frozenset())  # the 2 s memo of variants on sale is over too
        assert "Flash sale Rp29.000" in deployed("GET", url).body.decode()


def test_while_the_database_cannot_be_asked_a_due_product_page_is_answered_as_it_is(
    deployed, page_cache, page, renders, monkeypatch, settings
):
    """A database outage at the peak: visitors keep seeing the page (its units as of its last
    look) instead of an error, until the page's keep is up."""
    url = page.get_absolute_url()
    first = deployed("GET", url)

    def unreachable(path):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setitem(pagecache._marks, pagemarks.PREFIX, unreachable)
    later(monkeypatch, 31)
    due = deployed("GET", url)
    assert due.status == 200 and due.headers["X-Cache"] == "hit" and due.body == first.body and renders() == 1
    later(monkeypatch, settings.NIAGA_PAGE_KEEP_SECONDS + 1)
    assert "X-Cache" not in deployed("GET", url).headers and renders() == 2  # never past its keep


def test_after_a_release_one_command_retires_every_kept_page(deployed, page_cache, page, renders):
    url = page.get_absolute_url()
    deployed("GET", url)
    assert deployed("GET", url).headers["X-Cache"] == "hit"
    call_command("retire_pages", stdout=io.StringIO())
    assert "X-Cache" not in deployed("GET", url).headers and renders() == 2


def test_a_product_page_is_rendered_again_once_its_keep_is_up_even_unchanged(
    deployed, page_cache, page, renders, monkeypatch, settings
):
    """A release's new templates reach every kept page within NIAGA_PAGE_KEEP_SECONDS."""
    url = page.get_absolute_url()
    deployed("GET", url)
    later(monkeypatch, settings.NIAGA_PAGE_KEEP_SECONDS + 1)
    assert "X-Cache" not in deployed("GET", url).headers and renders() == 2


def test_another_process_sees_a_change_within_the_generation_memo(
    deployed, page_cache, page, make_product, monkeypatch
):
    """Another app process's change (published as its bump does, without this process's own
    forgetting) reaches this one at its next look at the log, at most 50 ms later."""
    url, sibling = page.get_absolute_url(), make_product(page.store, name="Teh Tarik").get_absolute_url()
    for each in (url, sibling, url, sibling):
        deployed("GET", each)
    # Within this process's 50 ms: held still, since a slow machine can take longer between two requests.
    monkeypatch.setattr(generations, "_check_after", float("inf"))
    generations.publish([f"{generations.PRODUCT}{page.store.slug}/{page.slug}", generations.LISTINGS])
    assert deployed("GET", url).headers["X-Cache"] == "hit"
    monkeypatch.setattr(generations, "_check_after", 0.0)  # 50 ms later
    assert "X-Cache" not in deployed("GET", url).headers
    assert deployed("GET", sibling).headers["X-Cache"] == "hit"


def test_a_process_idle_longer_than_the_log_keeps_its_records_forgets_everything(
    deployed, page_cache, page, monkeypatch
):
    """Records live LOG_SECONDS; a process that has not looked for half of that may have
    missed some that are gone by now, so it trusts nothing it remembered."""
    url = page.get_absolute_url()
    deployed("GET", url)
    generations.publish([f"{generations.PRODUCT}{page.store.slug}/{page.slug}"])
    cache.delete(f"{generations.CHANGES}:{cache.get(generations.CHANGES)}")  # expired while nobody looked
    monkeypatch.setattr(generations, "_check_after", 0.0)
    monkeypatch.setattr(generations, "_checked_at", time.monotonic() - generations.LOG_SECONDS)
    assert "X-Cache" not in deployed("GET", url).headers


def test_a_change_whose_record_is_lost_still_retires_the_page_within_a_second(deployed, page_cache, page, monkeypatch):
    url = page.get_absolute_url()
    deployed("GET", url)
    generations.publish([f"{generations.PRODUCT}{page.store.slug}/{page.slug}"])
    cache.delete(f"{generations.CHANGES}:{cache.get(generations.CHANGES)}")  # evicted, or its writer died
    monkeypatch.setattr(generations, "_check_after", 0.0)
    assert deployed("GET", url).headers["X-Cache"] == "hit"  # a record may come a moment after its number
    monkeypatch.setattr(generations, "_check_after", 0.0)
    monkeypatch.setattr(generations, "_missing_since", time.monotonic() - generations.MISSING_SECONDS - 0.1)
    assert "X-Cache" not in deployed("GET", url).headers  # the process forgot everything and read the numbers again


def test_a_sellers_stock_change_retires_that_products_pages_and_the_listings_never_another_products(
    deployed, page_cache, page, make_store, make_product, django_capture_on_commit_callbacks
):
    """At the peak thousands of sellers change stock; each change must not empty the cache
    for every other product's page, in other stores or the same one."""
    other = make_product(make_store(name="Toko Tetangga"), name="Kopi Gayo", price=80_000, stock=5)
    sibling = make_product(page.store, name="Teh Tarik", price=20_000, stock=5)
    pages = {
        "mine": page.get_absolute_url(),
        "my store": f"/toko/{page.store.slug}/",
        "my other product": sibling.get_absolute_url(),
        "theirs": other.get_absolute_url(),
        "their store": f"/toko/{other.store.slug}/",
        "listing": "/kategori/" + page.category.slug + "/",
    }
    for url in pages.values():
        deployed("GET", url)
    assert all(deployed("GET", url).headers.get("X-Cache") == "hit" for url in pages.values())

    with django_capture_on_commit_callbacks(execute=True):
        set_available(variant=page.variants.get(), available=9)
    kept = {name for name, url in pages.items() if deployed("GET", url).headers.get("X-Cache") == "hit"}
    assert kept == {"my other product", "theirs", "their store"}
    assert "9" in deployed("GET", pages["mine"]).body.decode()


def test_a_category_or_store_change_retires_every_kept_page(deployed, page_cache, page, make_store, make_product):
    other = make_product(make_store(name="Toko Tetangga"), name="Kopi Gayo", price=80_000, stock=5)
    url = other.get_absolute_url()
    deployed("GET", url)
    assert deployed("GET", url).headers["X-Cache"] == "hit"
    page.category.name = "Buku & Materi"
    page.category.save()  # the category tree is on every page
    assert "X-Cache" not in deployed("GET", url).headers
    assert deployed("GET", url).headers["X-Cache"] == "hit"
    page.store.save()  # a store's name is in every listing, and a renamed slug leaves old keys
    assert "X-Cache" not in deployed("GET", url).headers


def test_an_anonymous_buyer_still_adds_to_cart_from_a_kept_page(deployed, page_cache, page, client):
    html = deployed("GET", page.get_absolute_url()).body.decode()
    assert 'data-csrf-late="/api/v1/auth/csrf"' in html
    token = client.get("/api/v1/auth/csrf").json()["csrf_token"]  # what the page's script does on "Beli"
    client_checks = client.handler.enforce_csrf_checks
    client.handler.enforce_csrf_checks = True
    try:
        added = client.post(
            "/keranjang/tambah/", {"variant_id": page.variants.get().pk, "quantity": 1, "csrfmiddlewaretoken": token}
        )
    finally:
        client.handler.enforce_csrf_checks = client_checks
    assert added.status_code == 302
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    assert (
        "X-Cache" not in deployed("GET", page.get_absolute_url(), headers={"Cookie": cookie}).headers
    )  # a guest with a cart


def test_pages_from_the_cache_are_counted_apart_in_the_metrics(deployed, page_cache, page, scrape_metrics):
    deployed("GET", page.get_absolute_url())
    deployed("GET", page.get_absolute_url())
    assert 'route="page-cache"' in scrape_metrics()


def test_without_a_cache_the_page_is_still_served(deployed, page_cache, page, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(pagecache.cache, "get", down)
    monkeypatch.setattr(pagecache.cache, "get_many", down)
    monkeypatch.setattr(pagecache.cache, "set", down)
    pagecache.forget()
    answer = deployed("GET", page.get_absolute_url())
    assert answer.status == 200 and b"Rp50.000" in answer.body


def _page_rendered_slowly(renders: list, status: int = 200, seconds: float = 0.3, cache_control: str = ""):
    """A stand-in for Django: a page that takes a while to render, counting its renders."""

    def app(environ, start_response):
        renders.append(environ["PATH_INFO"])
        time.sleep(seconds)
        response = HttpResponse(b"<h1>Kopi Gayo</h1>", status=status)
        if cache_control:
            response["Cache-Control"] = cache_control
        start_response(f"{status} {response.reason_phrase}", list(response.items()))
        return response

    return app


def _at_once(app, visitors: int) -> list[tuple[str, bytes]]:
    answers, start = [], threading.Barrier(visitors)

    def visit():
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": "/p/toko/kopi/", "QUERY_STRING": "", "HTTP_HOST": "testserver",
                   "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": io.StringIO()}  # fmt: skip
        status = []
        start.wait()
        body = b"".join(app(environ, lambda s, h, e=None: status.append(s)))
        answers.append((status[0], body))

    threads = [threading.Thread(target=visit) for _ in range(visitors)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def test_many_first_visitors_at_once_wait_for_one_render(page_cache, monkeypatch):
    monkeypatch.setattr(pagecache, "WAIT_SECONDS", 60)  # a slow machine's waiters must not give up
    renders = []
    # A render long enough for the other five to arrive while it runs, however busy the machine.
    answers = _at_once(pagecache.PageCache(_page_rendered_slowly(renders, seconds=1.5)), visitors=6)
    assert renders == ["/p/toko/kopi/"]
    assert answers == [("200 OK", b"<h1>Kopi Gayo</h1>")] * 6


def test_visitors_waiting_for_a_page_that_is_not_kept_are_not_held_back(page_cache, monkeypatch):
    monkeypatch.setattr(pagecache, "WAIT_SECONDS", 60)
    renders = []
    started = time.monotonic()
    answers = _at_once(pagecache.PageCache(_page_rendered_slowly(renders, status=404)), visitors=4)
    assert [status for status, _ in answers] == ["404 Not Found"] * 4
    assert len(renders) >= 2  # the first render kept nothing, so the others rendered their own
    assert time.monotonic() - started < 30  # nobody waited out the deadline


@pytest.mark.parametrize("cache_control", ["private", "no-store", "no-cache, must-revalidate"])
def test_a_page_its_view_marks_as_not_for_everyone_is_never_kept(page_cache, cache_control):
    renders = []
    app = pagecache.PageCache(_page_rendered_slowly(renders, seconds=0, cache_control=cache_control))
    for _ in range(2):
        _at_once(app, visitors=1)
    assert len(renders) == 2
