"""SQL statements per full checkout (add to cart + "Buat Pesanan"), counted in-process with
Django's test client against the benchmark database. The gateway is the running sandbox.

Each buyer's cart is emptied first (not counted): the earlier scenarios leave items in random
buyers' carts, and a cart of several stores' items makes several orders, so the figure is
for the standard checkout of one item.

  python bench/queries.py OUT_DIR
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niaga.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from niaga.cart.models import CartItem  # noqa: E402


def main(out: str) -> None:
    data = json.load(open(os.path.join(out, "bench.json")))
    client = Client(HTTP_HOST="127.0.0.1")
    counts = []
    for buyer, variant in zip(data["buyers"][-5:], data["variants"][:5]):
        auth = {"HTTP_AUTHORIZATION": f"Bearer {buyer['token']}"}
        CartItem.objects.filter(cart__user__addresses__pk=buyer["address_id"]).delete()  # the buyer's own cart
        with CaptureQueriesContext(connection) as add:
            assert client.post("/api/v1/cart/items", {"variant_id": variant, "quantity": 1}, content_type="application/json", **auth).status_code == 201
        with CaptureQueriesContext(connection) as place:
            response = client.post("/api/v1/checkout", {"address_id": buyer["address_id"], "payment_method": "va_bca"}, content_type="application/json", **auth)
            assert response.status_code == 201, response.content
        counts.append({"add_to_cart": len(add), "checkout": len(place), "total": len(add) + len(place)})
    # The median run: a token's "last used" is written at most once a minute, so a buyer
    # whose token had not been used for a minute counts one or two statements more.
    result = {"per_checkout": sorted(counts, key=lambda c: c["total"])[len(counts) // 2], "runs": counts}
    json.dump(result, open(os.path.join(out, "queries.json"), "w"), indent=1)
    print(json.dumps(result["per_checkout"]))


if __name__ == "__main__":
    main(sys.argv[1])
