from django.conf import settings
from django.db import models

from niaga.core import clock

APPEND_ONLY = "audit events are append-only"


class AppendOnly(ValueError):
    """Something tried to change or remove a recorded event."""


class EventQuerySet(models.QuerySet):
    """Bulk writes refused too: `Event.objects.filter(...).update()` or `.delete()` would
    rewrite history as surely as `save()` on a loaded row."""

    def update(self, **kwargs):
        raise AppendOnly(APPEND_ONLY)

    def delete(self):
        raise AppendOnly(APPEND_ONLY)

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnly(APPEND_ONLY)

    delete.queryset_only = True  # type: ignore[attr-defined]


class Event(models.Model):
    """One sensitive action: who did it, to whose account, when, from where, and what changed.

    Rows are only ever added: `save()` of a stored row, `delete()`, and the queryset's
    `update()`/`delete()` raise AppendOnly; on PostgreSQL a trigger refuses UPDATE and DELETE
    below the ORM too (migration 0002). The one change allowed is Django's own SET_NULL when a
    user row is deleted: the event stays, its `actor`/`user` link becomes empty.

    Retention: events are kept (no sweep deletes them). UU PDP deletion anonymises the user,
    whose events then name a pseudonymous account; removing old events, if the law ever asks
    for it, is a DBA's job on PostgreSQL (drop the trigger in a maintenance window, delete
    by `at`, restore the trigger), done on purpose and outside the application.
    """

    objects = EventQuerySet.as_manager()

    at = models.DateTimeField("waktu", default=clock.now, editable=False, db_index=True)
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
        if self.pk is not None or not self._state.adding:
            raise AppendOnly(APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly(APPEND_ONLY)
