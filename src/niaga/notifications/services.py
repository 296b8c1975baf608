from __future__ import annotations

from django.db import transaction

from niaga.core import clock

from .models import Notification


def notify(*, user, title: str, body: str, url: str = "", email: bool = True) -> Notification:
    """Store an in-app notification and, after the transaction commits, e-mail it."""
    note = Notification.objects.create(user=user, title=title[:120], body=body[:500], url=url[:200])
    if email and user.email:
        from .tasks import send_email

        transaction.on_commit(lambda: send_email(note.pk))
    return note


def mark_read(*, user, notification_id: int | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=clock.now())
