from django.conf import settings
from django.db import models


class Event(models.Model):
    """One sensitive action: who did it, to whose account, when, from where, and what changed.

    Rows are only ever added (see save and delete below).
    """

    at = models.DateTimeField("waktu", auto_now_add=True, db_index=True)
    action = models.CharField("tindakan", max_length=40, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="pelaku",
    )
    # Whose account the event concerns (the user sees it among their security events).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="akun",
    )
    ip = models.CharField("alamat IP", max_length=45, blank=True)
    user_agent = models.CharField("perangkat", max_length=255, blank=True)
    target_type = models.CharField("objek", max_length=40, blank=True)
    target_id = models.CharField("id objek", max_length=40, blank=True)
    changes = models.JSONField("perubahan", default=dict, blank=True)
    note = models.CharField("keterangan", max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = "catatan audit"
        verbose_name_plural = "jejak audit"
        indexes = [models.Index(fields=["user", "-at"]), models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("audit events are append-only")
