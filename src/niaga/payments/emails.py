"""The payment e-mail: the buyer's instructions after "Buat Pesanan" (a seller's payout is told
by money.settle_payout, in the app and by e-mail)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from niaga.core import paymethods
from niaga.core.money import rupiah
from niaga.notifications.rendering import render_email
from niaga.notifications.services import email_user
from niaga.notifications.tasks import deliver_email

from . import instructions
from .statuses import AttemptStatus


def send_instructions(*, group, attempt) -> bool:
    """How and by when to pay: the number to pay to, the amount, the gateway's deadline.

    Sent once the charge has answered, so the number and the deadline are the gateway's. A
    card or an unanswered charge is paid on the payment page: the e-mail leads there.
    """
    return email_user(user=group.buyer, **_instructions(group, attempt))


def _instructions(group, attempt) -> dict:
    method = paymethods.get(attempt.method if attempt else group.payment_method)
    pending = attempt is not None and attempt.status == AttemptStatus.PENDING
    context = {
        "group": group,
        "attempt": attempt if pending else None,
        "method_label": method.label if method else "",
        "bank_name": instructions.BANK_NAMES.get(attempt.bank, attempt.bank.upper()) if pending else "",
        "steps": instructions.steps(attempt) if pending else {},
        "amount": rupiah(group.total),
        "orders": list(group.orders.select_related("store").order_by("pk")),
        "link": settings.NIAGA_PUBLIC_URL + reverse("payments:page", args=[group.code]),
    }
    return {
        "subject": f"Selesaikan pembayaran {context['amount']} sebelum batas waktu",
        "template": "payments/email/instructions",
        "context": context,
    }


def deliver_instructions(*, group, attempt) -> bool:
    """The same e-mail, rendered and sent here and now: by the job a placed checkout queues
    (`services.charge`), so the request that placed it renders nothing."""
    if not group.buyer.email:
        return False
    subject, text, html = render_email(user=group.buyer, **_instructions(group, attempt))
    deliver_email.call_local(group.buyer.email, subject, text, html)
    return True
