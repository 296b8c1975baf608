"""Run the unpaid-deadline sweep now, optionally "as if" some time had passed (class demos)."""

import datetime as dt
import re

from django.core.management.base import BaseCommand, CommandError

from niaga.core import clock
from niaga.orders import services

_UNITS = {"m": "minutes", "h": "hours", "d": "days"}


def parse_duration(text: str) -> dt.timedelta:
    match = re.fullmatch(r"(\d+)([mhd])", text.strip())
    if not match:
        raise CommandError("Use a duration like 30m, 25h or 2d.")
    return dt.timedelta(**{_UNITS[match[2]]: int(match[1])})


class Command(BaseCommand):
    help = "Cancel orders unpaid past their deadline and release their stock."

    def add_arguments(self, parser):
        parser.add_argument("--after", default="0m", help="pretend this much time has passed, e.g. 25h")

    def handle(self, *args, after, **options):
        when = clock.now() + parse_duration(after)
        count = services.cancel_overdue(now=when)
        self.stdout.write(f"{count} pesanan dibatalkan (batas waktu dihitung per {when:%Y-%m-%d %H:%M} UTC).")
