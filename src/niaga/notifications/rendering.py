"""What a marketplace e-mail says, rendered from its templates: read by the services that
send e-mails and by the jobs that send them later."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string


def first_name(user) -> str:
    return (getattr(user, "full_name", "") or "").split(" ")[0] or "Pelanggan Niaga"


def render_email(*, user, subject: str, template: str, context: dict) -> tuple[str, str, str]:
    """(subject, text, html) of a marketplace e-mail: `template`.txt and `template`.html, both
    extending notifications/email/base, with the greeting by name and links to the site."""
    context = {"name": first_name(user), "site_url": settings.NIAGA_PUBLIC_URL, "subject": subject, **context}
    return (
        f"[Niaga] {subject}",
        render_to_string(f"{template}.txt", context),
        render_to_string(f"{template}.html", context),
    )
