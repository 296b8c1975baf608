"""Compare Niaga's payments with what the gateway says, and list every mismatch."""

import datetime as dt

from django.core.management.base import BaseCommand

from niaga.core import clock
from niaga.core.errors import DomainError
from niaga.payments.gateway import get_gateway
from niaga.payments.models import PaymentAttempt
from niaga.payments.services import apply_gateway_status
from niaga.payments.statuses import AttemptStatus


class Command(BaseCommand):
    help = "List payments whose status or amount differs from the gateway's (and optionally apply the gateway's)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7, help="look at attempts created in the last N days")
        parser.add_argument("--apply", action="store_true", help="apply the gateway's status where it moved forward")

    def handle(self, *args, days, apply, **options):
        since = clock.now() - dt.timedelta(days=days)
        gateway = get_gateway()
        mismatches = 0
        attempts = PaymentAttempt.objects.filter(created_at__gte=since).exclude(status=AttemptStatus.FAILED)
        for attempt in attempts.order_by("pk"):
            try:
                remote = gateway.status(attempt.gateway_order_id)
            except DomainError as exc:
                remote = {"transaction_status": f"? ({exc.message})", "gross_amount": ""}
            theirs = str(remote.get("transaction_status"))
            amount = str(remote.get("gross_amount") or "").split(".")[0]
            if theirs == attempt.status and amount == str(attempt.gross_amount):
                continue
            mismatches += 1
            line = f"{attempt.gateway_order_id}: Niaga {attempt.status} Rp{attempt.gross_amount} · gateway {theirs} Rp{amount or '?'}"
            if apply and amount == str(attempt.gross_amount):  # asked with our key: the gateway's own word
                line += f" → {apply_gateway_status(body=remote, source='poll')}"
            self.stdout.write(line)
        self.stdout.write(f"{mismatches} selisih.")
