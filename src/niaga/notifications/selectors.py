from niaga.core.errors import NotFound

from .models import Notification


def for_user(user):
    return Notification.objects.filter(user=user)


def notification_for(user, notification_id: int) -> Notification:
    """The user's own notification; anyone else's is simply not found."""
    try:
        return Notification.objects.get(user=user, pk=notification_id)
    except Notification.DoesNotExist:
        raise NotFound("Notifikasi tidak ditemukan.", code="notification_not_found") from None


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
