"""Every review page, as the person it is for sees it: what it shows and where it leads."""

import pytest
from django.urls import reverse

from niaga.reviews import services

from .conftest import photo

pytestmark = pytest.mark.django_db


@pytest.fixture
def written(bought):
    order = bought()
    return services.write_review(
        buyer=order.buyer, line_id=order.lines.get().pk, rating=4, text="Motifnya cantik", photos=[photo()]
    )


def test_the_buyer_sees_what_waits_the_form_and_their_written_reviews(bought, written, client):
    waiting = bought(quantity=1)
    client.force_login(waiting.buyer)
    listing = client.get(reverse("reviews:mine")).content.decode()
    assert "Beri Ulasan" in listing and reverse("reviews:write", args=[waiting.lines.get().pk]) in listing
    assert "Ulas sebelum" in listing
    form = client.get(reverse("reviews:write", args=[waiting.lines.get().pk])).content.decode()
    assert 'name="rating"' in form and 'name="photos"' in form and 'enctype="multipart/form-data"' in form
    assert "Bisa diulas sampai" in form

    client.force_login(written.buyer)
    mine = client.get(reverse("reviews:mine") + "?tab=ditulis").content.decode()
    assert "Motifnya cantik" in mine and "Ubah ulasan (1×)" in mine and "/media/reviews/" in mine
    edit = client.get(reverse("reviews:edit", args=[written.pk])).content.decode()
    assert "satu kali" in edit and 'name="remove_photo"' in edit and "Motifnya cantik" in edit
    assert client.get(reverse("reviews:mine")).status_code == 200  # nothing waits: the empty state


def test_a_visitor_reads_the_reviews_and_is_asked_to_sign_in_to_report(written, client):
    product = written.product
    page = client.get(reverse("reviews:product", args=[product.store.slug, product.slug]))
    html = page.content.decode()
    assert page.status_code == 200 and "Motifnya cantik" in html and "Dengan foto (1)" in html
    assert "csrfmiddlewaretoken" not in html  # kept by the page cache for every visitor
    report = client.get(reverse("reviews:report", args=[written.pk]))
    assert report.status_code == 302 and "/masuk/" in report.url
    assert client.get(reverse("reviews:product", args=[product.store.slug, "tidak-ada"])).status_code == 404


def test_the_seller_and_the_operator_pages(written, operator, make_user, client, second_factor):
    client.force_login(written.store.owner)
    listed = client.get(reverse("reviews:seller_list")).content.decode()
    assert "Motifnya cantik" in listed and "Balas" in listed and "4,0" in listed
    assert client.get(reverse("reviews:seller_list") + "?bintang=5").content.decode().count("Motifnya cantik") == 0
    reply = client.get(reverse("reviews:seller_reply", args=[written.pk])).content.decode()
    assert 'name="reply"' in reply and "satu kali" in reply

    services.report(user=make_user(), review_id=written.pk, reason="fake")
    second_factor(client, operator)  # staff pages ask for a second factor
    queue = client.get(reverse("reviews:operator_list")).content.decode()
    assert "Motifnya cantik" in queue and reverse("reviews:operator_review", args=[written.pk]) in queue
    detail = client.get(reverse("reviews:operator_review", args=[written.pk])).content.decode()
    assert "Ulasan palsu atau menyesatkan" in detail and 'value="hide"' in detail and written.order.number in detail


def test_the_admin_shows_reviews_and_writes_none(written, operator, client, second_factor):
    operator.is_superuser = True
    operator.save()
    second_factor(client, operator)  # staff pages ask for a second factor
    assert client.get("/admin/reviews/review/").status_code == 200
    change = client.get(f"/admin/reviews/review/{written.pk}/change/")
    assert change.status_code == 200 and "Motifnya cantik" in change.content.decode()
    assert client.post(f"/admin/reviews/review/{written.pk}/change/", {"rating": 1}).status_code == 403


def test_a_completed_order_leads_its_buyer_to_the_reviews(bought, client):
    order = bought()
    client.force_login(order.buyer)
    detail = client.get(reverse("orders:detail", args=[order.pk])).content.decode()
    assert 'id="write-review"' in detail and reverse("reviews:mine") in detail
