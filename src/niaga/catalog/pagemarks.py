"""The mark of a kept product page (see core/pagecache.py): what the page shows that changes
with no seller's edit. Orders take units off the shelf, and a flash offer's units left and
its start and end move with sales and the clock; everything else on the page retires it
through the generation numbers when edited."""

from niaga.catalog.models import Variant

PREFIX = "/p/"


def product_page(path: str) -> str | None:
    parts = path.split("/")  # "", "p", store, product, ""
    if len(parts) < 4 or not parts[2] or not parts[3]:
        return None
    shelf = list(
        Variant.objects.filter(product__store__slug=parts[2], product__slug=parts[3])
        .order_by("pk")
        .values_list("pk", "stock__on_hand", "stock__reserved")
    )
    from niaga.promotions.selectors import offer_for

    offer = offer_for([pk for pk, _, _ in shelf]) if shelf else None
    return repr((shelf, offer and (offer.pk, offer.price, offer.left, offer.campaign.ends_at.timestamp())))
