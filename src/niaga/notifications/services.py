from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string

from niaga.core import clock

from .models import Notification


def notify(*, user, title: str, body: str, url: str = "", email: bool = True, next_step: str = "") -> Notification:
    """Store an in-app notification and, after the transaction commits, e-mail it.

    `next_step` is what the reader should do now; the e-mail says it under the news.
    """
    note = Notification.objects.create(user=user, title=title[:120], body=body[:500], url=url[:200])
    if email and user.email:
        from .tasks import send_email

        transaction.on_commit(lambda: send_email(note.pk, next_step))
    return note


def first_name(user) -> str:
    return (getattr(user, "full_name", "") or "").split(" ")[0] or "Pelanggan Niaga"


def render_email(*, user, subject: str, template: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) of a marketplace e-mail: `template`.txt and `template`.html, both
    extending notifications/email/base, with the greeting by name and links to the site."""
    context = {"name": first_name(user), "site_url": settings.NIAGA_PUBLIC_URL, "subject": subject, **context}
    return f"[Niaga] {subject}", render_to_string(f"{template}.txt", context), render_to_string(f"{template}.html", context)


def email_user(*, user, subject: str, template: str, context: dict) -> bool:
    """Render now (what the reader sees is what is true now), send by a job after commit."""
    if not user.email:
        return False
    from .tasks import deliver_email

    subject, text, html = render_email(user=user, subject=subject, template=template, context=context)
    to = user.email
    transaction.on_commit(lambda: deliver_email(to, subject, text, html))
    return True


def mark_read(*, user, notification_id: int | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=clock.now())
