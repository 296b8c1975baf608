from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from huey.contrib.djhuey import db_task

from .models import Notification
from .rendering import render_email


@db_task(retries=3, retry_delay=60)
def send_email(notification_id: int, next_step: str = ""):
    """An in-app notification as an e-mail: greeting, the news, what to do next, the link."""
    note = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if note is None or not note.user.email:
        return
    link = f"{settings.NIAGA_PUBLIC_URL}{note.url}" if note.url.startswith("/") else ""
    subject, text, html = render_email(
        user=note.user,
        subject=note.title,
        template="notifications/email/notification",
        context={"note": note, "next_step": next_step, "link": link},
    )
    deliver_email.call_local(note.user.email, subject, text, html)


@db_task(retries=3, retry_delay=60)
def deliver_email(to: str, subject: str, text: str, html: str):
    message = EmailMultiAlternatives(subject, text, None, [to])
    message.attach_alternative(html, "text/html")
    message.send()
