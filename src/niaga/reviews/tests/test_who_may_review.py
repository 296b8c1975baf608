"""Only the buyer of a completed order reviews its lines: once per line, within the window
counted from the order's Selesai event, and editable once. Every refusal is a clear 4xx and
changes nothing."""

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from niaga.catalog.models import Product
from niaga.core import clock
from niaga.core.errors import Conflict, DomainError, NotFound
from niaga.orders.status import Status
from niaga.reviews import services
from niaga.reviews.models import Review

from .conftest import bearer, shipped

pytestmark = pytest.mark.django_db

DAY = dt.timedelta(days=1)


def figures(product) -> tuple:
    p = Product.objects.get(pk=product.pk)
    return (float(p.rating_average), p.rating_count, p.units_sold)


def test_the_buyer_of_a_completed_order_reviews_each_line_and_the_product_shows_it(bought, product, client):
    order = bought(quantity=2)
    line = order.lines.get()
    assert order.status == Status.COMPLETED and figures(product) == (0.0, 0, 2)

    client.force_login(order.buyer)
    page = client.get(reverse("reviews:mine"))
    assert page.status_code == 200 and "Kemeja Batik Tulis" in page.content.decode()
    answer = client.post(
        reverse("reviews:write", args=[line.pk]), {"rating": "4", "text": "Bahannya adem, jahitan rapi."}
    )
    assert answer.status_code == 302
    review = Review.objects.get(line=line)
    assert (review.rating, review.buyer, review.product_id, review.store_id) == (
        4,
        order.buyer,
        product.pk,
        order.store_id,
    )
    assert figures(product) == (4.0, 1, 2)
    assert "Bahannya adem" in client.get(product.get_absolute_url()).content.decode()
    assert "Kemeja Batik Tulis" not in client.get(reverse("reviews:mine")).content.decode()  # nothing left to review


def test_an_order_not_yet_completed_cannot_be_reviewed(place, product, client):
    order = shipped(place(product=product))
    client.force_login(order.buyer)
    with pytest.raises(Conflict) as refused:
        services.write_review(buyer=order.buyer, line_id=order.lines.get().pk, rating=5)
    assert refused.value.code == "order_not_completed"
    answer = client.post("/api/v1/reviews", {"line_id": order.lines.get().pk, "rating": 5}, **bearer(order.buyer))
    assert answer.status_code == 409 and answer.json()["code"] == "order_not_completed"
    page = client.post(reverse("reviews:write", args=[order.lines.get().pk]), {"rating": "5"})
    assert page.status_code == 409 and "setelah pesanan selesai" in page.content.decode()
    assert not Review.objects.exists()


def test_a_line_can_be_reviewed_only_within_the_window_after_completion(bought, product, client):
    early, late = bought(), bought()
    days = settings.NIAGA_REVIEW_WITHIN_DAYS
    with clock.travel((days - 1) * DAY):
        services.write_review(buyer=early.buyer, line_id=early.lines.get().pk, rating=5)
    with clock.travel(days * DAY + dt.timedelta(minutes=1)):
        with pytest.raises(Conflict) as refused:
            services.write_review(buyer=late.buyer, line_id=late.lines.get().pk, rating=1)
        client.force_login(late.buyer)
        page = client.post(reverse("reviews:write", args=[late.lines.get().pk]), {"rating": "1"})
        assert page.status_code == 409 and "Batas waktu ulasan sudah lewat" in page.content.decode()
        api = client.post("/api/v1/reviews", {"line_id": late.lines.get().pk, "rating": 1}, **bearer(late.buyer))
        assert api.status_code == 409 and api.json()["code"] == "review_window_closed"
        assert "Kemeja" not in client.get(reverse("reviews:mine")).content.decode()  # no longer waiting
    assert refused.value.code == "review_window_closed" and refused.value.status == 409
    assert list(Review.objects.values_list("order_id", flat=True)) == [early.pk]
    assert figures(product)[:2] == (5.0, 1)


def test_the_window_follows_the_setting(bought, settings):
    settings.NIAGA_REVIEW_WITHIN_DAYS = 3
    order = bought()
    with clock.travel(4 * DAY), pytest.raises(Conflict):
        services.write_review(buyer=order.buyer, line_id=order.lines.get().pk, rating=5)


def test_another_buyers_line_is_not_found_and_a_line_is_reviewed_once(bought, make_user, client):
    order = bought()
    line = order.lines.get()
    stranger = make_user("Orang Lain")
    with pytest.raises(NotFound):
        services.write_review(buyer=stranger, line_id=line.pk, rating=1, text="palsu")
    client.force_login(stranger)
    assert client.get(reverse("reviews:write", args=[line.pk])).status_code == 404
    assert client.post(reverse("reviews:write", args=[line.pk]), {"rating": "1"}).status_code == 404
    assert not Review.objects.exists()

    services.write_review(buyer=order.buyer, line_id=line.pk, rating=5, text="Mantap")
    with pytest.raises(Conflict) as again:
        services.write_review(buyer=order.buyer, line_id=line.pk, rating=1, text="Ganti")
    assert again.value.code == "already_reviewed"
    client.force_login(order.buyer)
    page = client.post(reverse("reviews:write", args=[line.pk]), {"rating": "1", "text": "Ganti"})
    assert page.status_code == 409 and "sudah kamu ulas" in page.content.decode()
    api = client.post("/api/v1/reviews", {"line_id": line.pk, "rating": 1}, **bearer(order.buyer))
    assert api.status_code == 409 and api.json()["code"] == "already_reviewed"
    foreign = client.post("/api/v1/reviews", {"line_id": line.pk, "rating": 1}, **bearer(stranger))
    assert foreign.status_code == 404
    assert list(Review.objects.values_list("rating", "text")) == [(5, "Mantap")]


@pytest.mark.parametrize(
    ("rating", "text", "field"),
    [(0, "", "rating"), (6, "", "rating"), ("lima", "", "rating"), (True, "", "rating"), (5, "x" * 1001, "text")],
)
def test_bad_input_is_refused_on_its_field(bought, rating, text, field):
    order = bought()
    with pytest.raises(DomainError) as refused:
        services.write_review(buyer=order.buyer, line_id=order.lines.get().pk, rating=rating, text=text)
    assert refused.value.status == 400 and field in refused.value.fields
    assert not Review.objects.exists()


def test_a_review_is_editable_once_and_the_first_version_is_kept(bought, product, client):
    order = bought()
    review = services.write_review(buyer=order.buyer, line_id=order.lines.get().pk, rating=2, text="Kekecilan")
    assert figures(product)[:2] == (2.0, 1)
    client.force_login(order.buyer)
    answer = client.post(
        reverse("reviews:edit", args=[review.pk]), {"rating": "5", "text": "Ditukar penjual, sekarang pas."}
    )
    assert answer.status_code == 302
    review.refresh_from_db()
    assert (review.rating, review.previous_rating, review.previous_text) == (5, 2, "Kekecilan")
    assert review.edited_at is not None and figures(product)[:2] == (5.0, 1)
    with pytest.raises(Conflict) as twice:
        services.edit_review(buyer=order.buyer, review_id=review.pk, rating=1, text="lagi")
    assert twice.value.code == "already_edited"
    review.refresh_from_db()
    assert (review.rating, review.text) == (5, "Ditukar penjual, sekarang pas.")
    again = client.get(reverse("reviews:edit", args=[review.pk]))
    assert again.status_code == 409 and "hanya bisa diubah satu kali" in again.content.decode()


def test_another_buyers_review_cannot_be_edited(bought, make_user, client):
    order = bought()
    review = services.write_review(buyer=order.buyer, line_id=order.lines.get().pk, rating=4)
    stranger = make_user("Orang Lain")
    with pytest.raises(NotFound):
        services.edit_review(buyer=stranger, review_id=review.pk, rating=1)
    client.force_login(stranger)
    assert client.get(reverse("reviews:edit", args=[review.pk])).status_code == 404
    assert client.post(reverse("reviews:edit", args=[review.pk]), {"rating": "1"}).status_code == 404
    review.refresh_from_db()
    assert (review.rating, review.edited_at) == (4, None)


def test_text_is_kept_as_written_without_nul_characters(bought):
    order = bought()
    review = services.write_review(
        buyer=order.buyer, line_id=order.lines.get().pk, rating=5, text="  Bagus\x00 sekali\r\nMantap  "
    )
    assert review.text == "Bagus sekali\nMantap"
