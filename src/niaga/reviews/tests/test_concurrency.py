"""At once, on PostgreSQL: reviews of one product written together all count in its figures
(each recount waits for the product's lock), and a double tap on "Kirim ulasan" writes one
review."""

import threading

import pytest
from django.db import connection

from niaga.catalog.models import Product
from niaga.core.errors import Conflict
from niaga.reviews import services
from niaga.reviews.models import Review

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def together(calls):
    barrier = threading.Barrier(len(calls))
    errors: list[Exception] = []

    def run(call):
        try:
            barrier.wait()
            call()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_reviews_written_at_once_all_count_in_the_average(bought, product):
    ratings = [5, 4, 3, 2, 1, 5]
    orders = [bought() for _ in ratings]
    errors = together(
        [
            lambda o=o, r=r: services.write_review(buyer=o.buyer, line_id=o.lines.get().pk, rating=r)
            for o, r in zip(orders, ratings, strict=True)
        ]
    )
    assert errors == []
    p = Product.objects.get(pk=product.pk)
    # (5 + 4 + 3 + 2 + 1 + 5) / 6 = 3.33
    assert (p.rating_count, str(p.rating_average), p.units_sold) == (6, "3.33", 6)


def test_a_double_tap_writes_one_review(bought):
    order = bought()
    line = order.lines.get()
    errors = together([lambda: services.write_review(buyer=order.buyer, line_id=line.pk, rating=5, text="Mantap")] * 3)
    assert Review.objects.filter(line=line).count() == 1
    assert len(errors) == 2 and all(isinstance(e, Conflict) and e.code == "already_reviewed" for e in errors)
