from __future__ import annotations

from django.db import transaction

from niaga.core import clock

from .models import Notification
from .rendering import render_email
from .tasks import deliver_email, send_email


def notify(*, user, title: str, body: str, url: str = "", email: bool = True, next_step: str = "") -> Notification:
    """Store an in-app notification and, after the transaction commits, e-mail it.

    `next_step` is what the reader should do now; the e-mail says it under the news.
    """
    note = Notification.objects.create(user=user, title=title[:120], body=body[:500], url=url[:200])
    if email and user.email:
        transaction.on_commit(lambda: send_email(note.pk, next_step))
    return note


def email_user(*, user, subject: str, template: str, context: dict) -> bool:
    """Render now (what the reader sees is what is true now), send by a job after commit."""
    if not user.email:
        return False
    subject, text, html = render_email(user=user, subject=subject, template=template, context=context)
    to = user.email
    transaction.on_commit(lambda: deliver_email(to, subject, text, html))
    return True


def mark_read(*, user, notification_id: int | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=clock.now())
