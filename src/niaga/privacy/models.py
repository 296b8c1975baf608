"""UU PDP: a user's copies of their data, and their marketing consents as they gave and withdrew them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from niaga.core.private import private_storage


class ExportStatus(models.TextChoices):
    PENDING = "pending", "Sedang disiapkan"
    READY = "ready", "Siap diunduh"
    FAILED = "failed", "Gagal"
    EXPIRED = "expired", "Kedaluwarsa"


class DataExport(models.Model):
    """One copy of everything Niaga holds about a user, built by a job into private storage.

    Only its owner downloads it (the views look it up through the owner), until `expires_at`;
    then the sweep deletes the file and the row says so.
    """

    Status = ExportStatus

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports", verbose_name="pengguna"
    )
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.PENDING)
    file = models.FileField("berkas", upload_to="privacy/exports/", storage=private_storage, blank=True)
    size = models.PositiveBigIntegerField("ukuran (byte)", default=0)
    requested_at = models.DateTimeField("diminta", auto_now_add=True)
    finished_at = models.DateTimeField("selesai", null=True, blank=True)
    expires_at = models.DateTimeField("kedaluwarsa", null=True, blank=True)

    class Meta:
        verbose_name = "salinan data pribadi"
        verbose_name_plural = "salinan data pribadi"
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return f"Salinan data #{self.pk} ({self.status})"

    @property
    def status_label(self) -> str:
        return ExportStatus(self.status).label


class ConsentKind(models.TextChoices):
    EMAIL_PROMO = "email_promo", "Promo dan penawaran lewat e-mail"
    PUSH_PROMO = "push_promo", "Promo dan penawaran lewat notifikasi push"


class ConsentSource(models.TextChoices):
    SIGNUP = "signup", "Pendaftaran"
    PAGE = "page", "Halaman Data Pribadi"
    API = "api", "Aplikasi (API)"
    ACCOUNT_DELETED = "account_deleted", "Akun dihapus"


class Consent(models.Model):
    """One decision about one kind of marketing: granted or withdrawn, when, from where, and
    under which wording (`text_version`, privacy/policy.py CONSENT_TEXTS). Rows are only
    added: the latest of a kind is the one that holds; none means not granted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents", verbose_name="pengguna"
    )
    kind = models.CharField("jenis", max_length=20, choices=ConsentKind.choices)
    granted = models.BooleanField("setuju")
    at = models.DateTimeField("waktu", auto_now_add=True)
    source = models.CharField("dari", max_length=20, choices=ConsentSource.choices)
    ip = models.CharField("alamat IP", max_length=45, blank=True)
    user_agent = models.CharField("perangkat", max_length=255, blank=True)
    text_version = models.CharField("versi teks", max_length=20)

    class Meta:
        verbose_name = "persetujuan pemasaran"
        verbose_name_plural = "persetujuan pemasaran"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "kind", "-at"])]

    def __str__(self) -> str:
        return f"{self.kind}: {'setuju' if self.granted else 'menolak'}"

    @property
    def kind_label(self) -> str:
        return ConsentKind(self.kind).label

    @property
    def source_label(self) -> str:
        return ConsentSource(self.source).label
