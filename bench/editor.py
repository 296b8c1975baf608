"""Sellers at work during the peak: change the stock of a random product PER_SECOND times a
second through the same service the seller's page uses, until stopped.

  python bench/editor.py OUT_DIR PER_SECOND
"""

import json
import os
import random
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niaga.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from niaga.catalog.models import Variant  # noqa: E402
from niaga.inventory import services  # noqa: E402
from niaga.promotions.models import CampaignItem  # noqa: E402


def main(out: str, per_second: float) -> None:
    data = json.load(open(os.path.join(out, "bench.json")))
    flash = CampaignItem.objects.get(pk=data["flash_item"]).variant_id  # its stock is the sale's: left alone
    ids = [pk for pk in data["variants"] if pk != flash]
    edits, started = 0, time.monotonic()
    while True:
        with transaction.atomic():
            services.set_available(variant=Variant.objects.get(pk=random.choice(ids)), available=random.randint(100_000, 1_000_000))
        edits += 1
        time.sleep(max(0.0, started + edits / per_second - time.monotonic()))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
