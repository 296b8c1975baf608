"""The figures a product and a store show, against hand-computed values: average, count and
the bars of each star; units sold; hidden reviews leave every one of them; listings sort by them."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from niaga.catalog import selectors as catalog
from niaga.catalog.models import Product
from niaga.core import clock
from niaga.reviews import selectors, services

pytestmark = pytest.mark.django_db


def review_all(bought, ratings, of=None):
    reviews = []
    for stars in ratings:
        order = bought(of=of)
        reviews.append(services.write_review(buyer=order.buyer, line_id=order.lines.get().pk, rating=stars))
    return reviews


def test_average_count_and_distribution_match_the_hand_count(bought, product, client):
    review_all(bought, [5, 5, 4, 2, 1])
    # (5 + 5 + 4 + 2 + 1) / 5 = 3.4; two fives, one four, no three, one two, one one.
    summary = selectors.product_rating(product.pk)
    assert (summary.average, summary.count) == (3.4, 5)
    assert summary.distribution == {1: 1, 2: 1, 3: 0, 4: 1, 5: 2}
    assert summary.bars == [(5, 2, 40), (4, 1, 20), (3, 0, 0), (2, 1, 20), (1, 1, 20)]
    p = Product.objects.get(pk=product.pk)
    assert (str(p.rating_average), p.rating_count, p.units_sold) == ("3.40", 5, 5)

    api = client.get(f"/api/v1/products/{product.pk}/reviews/summary").json()
    assert api == {"average": 3.4, "count": 5, "distribution": {"1": 1, "2": 1, "3": 0, "4": 1, "5": 2}}
    section = client.get(product.get_absolute_url()).content.decode()
    assert "3,4" in section and "5 ulasan" in section and 'aria-label="4 bintang: 1 ulasan"' in section


def test_units_sold_count_completed_orders_only(bought, place, product):
    bought(quantity=3)
    bought(quantity=2)
    place(quantity=4, product=product)  # placed, never paid: not sold
    assert Product.objects.get(pk=product.pk).units_sold == 5


def test_store_rating_counts_the_visible_reviews_written_since(bought, product, make_product, operator):
    other = make_product(product.store, name="Selendang Batik", stock=10)
    old = review_all(bought, [1])
    with clock.travel(dt.timedelta(days=40)):
        newer = review_all(bought, [5, 4]) + review_all(bought, [3], of=other)
        services.hide(operator=operator, review_id=newer[0].pk, reason="Memuat nomor telepon")
        since = clock.now() - dt.timedelta(days=30)
        summary = selectors.store_rating(product.store_id, since)
    # The 1★ is older than the window, the 5★ is hidden: 4★ and 3★ remain, (4 + 3) / 2 = 3.5.
    assert (summary.average, summary.count) == (3.5, 2)
    assert summary.distribution == {1: 0, 2: 0, 3: 1, 4: 1, 5: 0}
    assert old and selectors.store_rating(product.store_id + 999, since).average is None


def test_a_hidden_review_leaves_every_average_and_list_until_shown_again(bought, product, operator, client):
    reviews = review_all(bought, [5, 5, 4, 2, 1])
    one_star = reviews[-1]
    services.report(user=reviews[0].buyer, review_id=one_star.pk, reason="offensive")
    services.hide(operator=operator, review_id=one_star.pk, reason="Kata-kata kasar")
    # (5 + 5 + 4 + 2) / 4 = 4.0
    p = Product.objects.get(pk=product.pk)
    assert (str(p.rating_average), p.rating_count) == ("4.00", 4)
    assert selectors.product_rating(product.pk).distribution[1] == 0
    listed = client.get(f"/api/v1/products/{product.pk}/reviews").json()
    assert listed["count"] == 4 and one_star.pk not in [r["id"] for r in listed["items"]]
    assert client.get(f"/api/v1/products/{product.pk}/reviews?rating=1").json()["count"] == 0
    assert (
        f"ulasan-{one_star.pk}"
        not in client.get(reverse("reviews:product", args=[product.store.slug, product.slug])).content.decode()
    )
    assert not one_star.reports.filter(handled_at__isnull=True).exists()  # out of the operator's queue

    services.unhide(operator=operator, review_id=one_star.pk, reason="Banding pembeli diterima")
    p.refresh_from_db()
    assert (str(p.rating_average), p.rating_count) == ("3.40", 5)
    assert list(one_star.moderation.values_list("action", flat=True)) == ["hide", "unhide"]


def test_listings_and_the_api_sort_by_rating_and_by_units_sold(bought, product, make_store, make_product, client):
    store = make_store()
    a = make_product(store, name="Tas Rotan A", stock=20)
    b = make_product(store, name="Tas Rotan B", stock=20)
    c = make_product(store, name="Tas Rotan C", stock=20)  # no review, nothing sold
    review_all(bought, [5, 4], of=a)  # 4.5 over 2
    review_all(bought, [5], of=b)  # 5.0 over 1
    bought(quantity=3, of=a)  # a: 5 sold, b: 1 sold
    ordered = catalog.search_products(catalog.SearchFilters(q="tas rotan", sort="rating"))
    assert [p.pk for p in ordered] == [b.pk, a.pk, c.pk]
    best = catalog.search_products(catalog.SearchFilters(store_id=store.pk, sort="bestselling"))
    assert [p.pk for p in best] == [a.pk, b.pk, c.pk]

    api = client.get("/api/v1/products", {"q": "tas rotan", "sort": "rating"}).json()["items"]
    assert [(p["id"], p["rating_average"], p["rating_count"]) for p in api] == [
        (b.pk, 5.0, 1),
        (a.pk, 4.5, 2),
        (c.pk, 0.0, 0),
    ]
    page = client.get(reverse("catalog:search"), {"q": "tas rotan", "sort": "rating"}).content.decode()
    names = re.findall(r'<h3 class="card-title">(Tas Rotan .)</h3>', page)
    assert names == ["Tas Rotan B", "Tas Rotan A", "Tas Rotan C"]
    assert "Ulasan Terbaik" in page and "5 terjual" in page
    # the existing sorts still work
    assert [p.pk for p in catalog.search_products(catalog.SearchFilters(store_id=store.pk, sort="newest"))] == [
        c.pk,
        b.pk,
        a.pk,
    ]


def test_the_public_list_puts_photos_first_and_filters_by_stars(bought, product, client):
    from .conftest import photo

    plain = review_all(bought, [5, 3])
    order = bought()
    pictured = services.write_review(buyer=order.buyer, line_id=order.lines.get().pk, rating=3, photos=[photo()])
    ids = [r["id"] for r in client.get(f"/api/v1/products/{product.pk}/reviews").json()["items"]]
    assert ids == [pictured.pk, plain[1].pk, plain[0].pk]
    threes = client.get(f"/api/v1/products/{product.pk}/reviews", {"rating": 3}).json()
    assert threes["count"] == 2
    assert client.get(f"/api/v1/products/{product.pk}/reviews", {"rating": 6}).status_code == 422
    page = client.get(reverse("reviews:product", args=[product.store.slug, product.slug]), {"foto": "1"})
    html = page.content.decode()
    assert page.status_code == 200 and f"ulasan-{pictured.pk}" in html and f'id="ulasan-{plain[0].pk}"' not in html


def test_the_operators_recount_puts_figures_edited_by_hand_right_again(bought, product):
    import io

    from django.core.management import call_command

    review_all(bought, [5, 3])
    Product.objects.filter(pk=product.pk).update(rating_average=1, rating_count=99, units_sold=0)
    out = io.StringIO()
    call_command("recount_figures", stdout=out)
    p = Product.objects.get(pk=product.pk)
    assert (str(p.rating_average), p.rating_count, p.units_sold) == (
        "4.00",
        2,
        2,
    ) and "dihitung ulang" in out.getvalue()


def test_a_products_reviews_sort_newest_best_or_worst_first(bought, product, client):
    three, five, one = review_all(bought, [3, 5, 1])
    api = f"/api/v1/products/{product.pk}/reviews"
    ids = {
        sort: [r["id"] for r in client.get(api, {"sort": sort}).json()["items"]]
        for sort in ("newest", "highest", "lowest")
    }
    assert ids == {
        "newest": [one.pk, five.pk, three.pk],
        "highest": [five.pk, three.pk, one.pk],
        "lowest": [one.pk, three.pk, five.pk],
    }
    page = client.get(reverse("reviews:product", args=[product.store.slug, product.slug]), {"urut": "lowest"})
    html = page.content.decode()
    assert html.index(f'id="ulasan-{one.pk}"') < html.index(f'id="ulasan-{five.pk}"')
    assert '<strong aria-current="true">Rating terendah</strong>' in html
