"""The seller replies once, publicly; anyone signed in reports a review once; an operator hides
it with a reason or keeps it. Another store, buyer or a non-operator is refused with 404."""

import pytest
from django.urls import reverse

from niaga.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from niaga.notifications.models import Notification
from niaga.reviews import services
from niaga.reviews.models import ReviewReport

from .conftest import bearer

pytestmark = pytest.mark.django_db


@pytest.fixture
def review(bought):
    order = bought()
    return services.write_review(
        buyer=order.buyer, line_id=order.lines.get().pk, rating=2, text="Warnanya pudar setelah dicuci"
    )


def test_the_seller_replies_once_and_everyone_sees_the_reply(review, client):
    seller = review.store.owner
    assert Notification.objects.filter(user=seller, title="Ulasan baru 2★").exists()
    client.force_login(seller)
    listed = client.get(reverse("reviews:seller_list") + "?status=belum-dibalas").content.decode()
    assert "Warnanya pudar" in listed
    answer = client.post(
        reverse("reviews:seller_reply", args=[review.pk]), {"reply": "Mohon maaf, cuci dengan air dingin ya."}
    )
    assert answer.status_code == 302
    review.refresh_from_db()
    assert review.reply == "Mohon maaf, cuci dengan air dingin ya." and review.replied_by == seller
    assert Notification.objects.filter(user=review.buyer, title="Penjual membalas ulasanmu").exists()
    with pytest.raises(Conflict) as again:
        services.reply(store=review.store, seller=seller, review_id=review.pk, text="Balasan kedua")
    assert again.value.code == "already_replied"
    second = client.post(reverse("reviews:seller_reply", args=[review.pk]), {"reply": "Balasan kedua"})
    assert second.status_code == 409
    review.refresh_from_db()
    assert review.reply.startswith("Mohon maaf")
    page = client.get(reverse("reviews:product", args=[review.product.store.slug, review.product.slug]))
    assert "Balasan penjual" in page.content.decode() and "cuci dengan air dingin" in page.content.decode()


def test_an_empty_reply_is_refused_on_its_field(review, client):
    client.force_login(review.store.owner)
    answer = client.post(reverse("reviews:seller_reply", args=[review.pk]), {"reply": "   "})
    assert answer.status_code == 400
    with pytest.raises(DomainError) as refused:
        services.reply(store=review.store, seller=review.store.owner, review_id=review.pk, text=" ")
    assert "reply" in refused.value.fields
    review.refresh_from_db()
    assert review.replied_at is None


def test_another_store_and_another_buyer_get_404_on_pages_and_api(review, make_store, make_user, client):
    other_store = make_store()
    other_seller = other_store.owner
    client.force_login(other_seller)
    assert client.get(reverse("reviews:seller_reply", args=[review.pk])).status_code == 404
    assert (
        client.post(reverse("reviews:seller_reply", args=[review.pk]), {"reply": "Saya bukan penjualnya"}).status_code
        == 404
    )
    assert "Warnanya pudar" not in client.get(reverse("reviews:seller_list")).content.decode()
    with pytest.raises(NotFound):
        services.reply(store=other_store, seller=other_seller, review_id=review.pk, text="x")
    api = client.post(
        f"/api/v1/seller/reviews/{review.pk}/reply",
        {"text": "Saya bukan penjualnya"},
        content_type="application/json",
        **bearer(other_seller),
    )
    assert api.status_code == 404
    assert client.get("/api/v1/seller/reviews", **bearer(other_seller)).json()["count"] == 0

    stranger = make_user("Orang Lain")
    edit = client.post(
        f"/api/v1/reviews/{review.pk}/edit", {"rating": 5, "text": "diubah orang lain"}, **bearer(stranger)
    )
    assert edit.status_code == 404
    assert client.get("/api/v1/reviews/mine", **bearer(stranger)).json()["count"] == 0
    review.refresh_from_db()
    assert (review.reply, review.rating, review.edited_at) == ("", 2, None)


def test_anyone_signed_in_reports_once_but_not_their_own_review(review, make_user, client):
    reader = make_user("Pembaca")
    client.force_login(reader)
    page = client.post(reverse("reviews:report", args=[review.pk]), {"reason": "spam"})
    assert page.status_code == 302
    again = client.post(
        f"/api/v1/reviews/{review.pk}/report",
        {"reason": "offensive"},
        content_type="application/json",
        **bearer(reader),
    )
    assert again.status_code == 409 and again.json()["code"] == "already_reported"
    bad = client.post(
        f"/api/v1/reviews/{review.pk}/report",
        {"reason": "bosan"},
        content_type="application/json",
        **bearer(make_user()),
    )
    assert bad.status_code == 400 and "reason" in bad.json()["fields"]
    with pytest.raises(Conflict):
        services.report(user=review.buyer, review_id=review.pk, reason="spam")
    with pytest.raises(DomainError) as no_note:
        services.report(user=make_user(), review_id=review.pk, reason="other")
    assert "note" in no_note.value.fields
    assert list(ReviewReport.objects.values_list("reporter", "reason")) == [(reader.pk, "spam")]
    assert client.get(reverse("reviews:report", args=[review.pk + 999])).status_code == 404


def test_the_operator_queue_hides_with_a_reason_and_the_buyer_is_told(
    review, make_user, operator, client, second_factor
):
    services.report(user=make_user(), review_id=review.pk, reason="personal", note="Ada nomor HP")
    second_factor(client, operator)  # operator pages ask for a second factor
    queue = client.get(reverse("reviews:operator_list")).content.decode()
    assert "Warnanya pudar" in queue and "1</strong> laporan baru" in queue
    detail = client.get(reverse("reviews:operator_review", args=[review.pk])).content.decode()
    assert "Ada nomor HP" in detail and "Memuat data pribadi" in detail
    short = client.post(reverse("reviews:operator_review", args=[review.pk]), {"action": "hide", "reason": "x"})
    assert short.status_code == 400
    review.refresh_from_db()
    assert review.hidden_at is None
    client.post(reverse("reviews:operator_review", args=[review.pk]), {"action": "hide", "reason": "Memuat nomor HP"})
    review.refresh_from_db()
    assert review.hidden_at is not None and review.hidden_reason == "Memuat nomor HP"
    assert Notification.objects.filter(user=review.buyer, title="Ulasanmu disembunyikan").exists()
    assert "Warnanya pudar" not in client.get(reverse("reviews:operator_list")).content.decode()
    mine = client.get(reverse("reviews:mine") + "?tab=ditulis")  # the operator has no reviews
    assert mine.status_code == 200

    client.force_login(review.buyer)
    written = client.get(reverse("reviews:mine") + "?tab=ditulis").content.decode()
    assert "Disembunyikan operator: Memuat nomor HP" in written
    with pytest.raises(Conflict):
        services.edit_review(buyer=review.buyer, review_id=review.pk, rating=5)

    client.force_login(operator)  # an operator acts signed in (with a second factor), never with a token
    api = client.post(
        f"/api/v1/operator/reviews/{review.pk}/unhide",
        {"reason": "Nomor sudah dihapus"},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["hidden"] is False


def test_only_an_operator_moderates(review, client):
    buyer = review.buyer
    with pytest.raises(PermissionDenied):
        services.hide(operator=buyer, review_id=review.pk, reason="Tidak suka ulasan ini")
    client.force_login(buyer)
    assert client.get(reverse("reviews:operator_list")).status_code == 302  # to the staff sign-in
    api = client.post(
        f"/api/v1/operator/reviews/{review.pk}/hide",
        {"reason": "Tidak suka ulasan ini"},
        content_type="application/json",
        **bearer(buyer),
    )
    assert api.status_code == 404
    assert client.get("/api/v1/operator/reviews", **bearer(buyer)).status_code == 404
    review.refresh_from_db()
    assert review.hidden_at is None
