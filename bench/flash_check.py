"""After the flash-sale crowd: count what was really sold, from the database, and add it
to OUT_DIR/flash.json (quota, units sold, oversold, orders).

  python bench/flash_check.py OUT_DIR
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niaga.settings")

import django  # noqa: E402

django.setup()

from django.db.models import Sum  # noqa: E402

from niaga.orders.models import OrderLine  # noqa: E402
from niaga.promotions.models import CampaignItem, Claim  # noqa: E402


def main(out: str) -> None:
    path = os.path.join(out, "flash.json")
    result = json.load(open(path))
    item = CampaignItem.objects.get(pk=json.load(open(os.path.join(out, "bench.json")))["flash_item"])
    sold = OrderLine.objects.filter(variant=item.variant, unit_price=item.price).aggregate(n=Sum("quantity"))["n"] or 0
    claimed = Claim.objects.filter(item=item, released_at__isnull=True).aggregate(n=Sum("quantity"))["n"] or 0
    result.update(quota=item.quota, units_sold=sold, claimed=claimed, taken=item.taken, oversold=max(0, sold - item.quota))
    json.dump(result, open(path, "w"), indent=1)
    print(f"flash sale: {sold} units sold of {item.quota}; oversold {result['oversold']}; {result['errors_5xx']} 5xx/socket errors")


if __name__ == "__main__":
    main(sys.argv[1])
