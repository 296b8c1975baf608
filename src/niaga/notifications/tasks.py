from django.conf import settings
from django.core.mail import send_mail
from huey.contrib.djhuey import db_task

from .models import Notification


@db_task(retries=3, retry_delay=60)
def send_email(notification_id: int):
    note = Notification.objects.select_related("user").filter(pk=notification_id).first()
    if note is None:
        return
    link = f"\n\n{settings.NIAGA_PUBLIC_URL}{note.url}" if note.url else ""
    send_mail(f"[Niaga] {note.title}", f"{note.body}{link}", None, [note.user.email])
