"""The reviews section of the product page (catalog/panels.py): the average, the count, the
bars of each star, the buyers' photos, and the first reviews, photos first; its filters
lead to the product's own reviews page (reviews/views.py `product_reviews`)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from . import selectors

SHOWN = 5


def product_reviews(request, product) -> SafeString:
    if not product.rating_count:  # the product's own figure (services keep it): no query for a new product
        return render_to_string("reviews/_product_section.html", {"product": product, "summary": None})
    summary = selectors.product_rating(product.pk)
    reviews = list(selectors.product_reviews(product.pk)[:SHOWN]) if summary.count else []
    return render_to_string(  # a SafeString: escaped by the template
        "reviews/_product_section.html",
        {
            "product": product,
            "summary": summary,
            "reviews": reviews,
            "photos": list(selectors.product_photos(product.pk, limit=8)) if summary.count else [],
            "with_photos": selectors.product_reviews(product.pk, selectors.ReviewFilters(with_photos=True)).count()
            if summary.count
            else 0,
        },
        request=request,
    )
