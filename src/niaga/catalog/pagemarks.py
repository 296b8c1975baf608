"""The mark of a kept product page (see core/pagecache.py): what the page shows that changes
with no seller's edit. Orders take units off the shelf, and a flash offer's units left and
its start and end move with sales and the clock; everything else on the page retires it
through the generation numbers when edited.

The product view hands the mark of what it rendered with its response; when the kept page
is due, `product_page` reads the same mark again from the database."""

from niaga.catalog import offers
from niaga.catalog.models import Variant
from niaga.core import pagecache

PREFIX = "/p/"


def shelf_mark(shelf, offer) -> str:
    """The mark of a page showing these variants' units, (pk, on hand, reserved) in any order,
    and this flash offer (or None)."""
    return repr((sorted(shelf), offer and (offer.item_id, offer.price, offer.left, offer.ends_at.timestamp())))


def rendered(variants, offer) -> str:
    """The mark of a page the view rendered from these variants (their stock read with them)."""
    return shelf_mark(
        [(v.pk, v.stock.on_hand, v.stock.reserved) if hasattr(v, "stock") else (v.pk, None, None) for v in variants],
        offer,
    )


def product_page(path: str) -> str | None:
    slugs = pagecache.product_slugs(path)
    if slugs is None:
        return None
    store, product = slugs
    shelf = list(
        Variant.objects.filter(product__store__slug=store, product__slug=product).values_list(
            "pk", "stock__on_hand", "stock__reserved"
        )
    )
    return shelf_mark(shelf, offers.offer_for([pk for pk, _, _ in shelf]) if shelf else None)
