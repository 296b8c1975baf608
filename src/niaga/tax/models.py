"""PPh Pasal 22 marketplace (PMK 37/2025) dan PPN atas jasa platform.

A store's tax profile, its yearly turnover statements and exemption letters (SKB), and one
Collection row per paid order (zero when exempt) and per reversal (negative): the proof of
collection, the seller's statement and the platform's monthly report all read these rows, and
each non-zero row has its ledger posting under the same key.
"""

from django.db import models
from django.db.models import Q

from niaga.core.fields import EncryptedCharField


class TaxProfile(models.Model):
    class IdKind(models.TextChoices):
        NPWP = "npwp", "NPWP"
        NIK = "nik", "NIK"

    store = models.OneToOneField("stores.Store", on_delete=models.CASCADE, related_name="tax_profile")
    id_kind = models.CharField("jenis identitas", max_length=4, choices=IdKind.choices)
    # Personal data: encrypted at rest (core.fields), masked on every page.
    id_number = EncryptedCharField("NPWP/NIK", max_length=16)
    name = models.CharField("nama sesuai NPWP/NIK", max_length=120)
    address = models.CharField("alamat pajak", max_length=255)
    is_pkp = models.BooleanField("Pengusaha Kena Pajak (PKP)", default=False)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        verbose_name = "profil pajak"
        verbose_name_plural = "profil pajak"

    def __str__(self) -> str:
        return f"{self.get_id_kind_display()} {self.masked_id}"

    @property
    def masked_id(self) -> str:
        n = self.id_number or ""
        return f"{n[:2]}{'•' * max(len(n) - 6, 0)}{n[-4:]}" if n else ""


class TurnoverStatement(models.Model):
    """Surat pernyataan: the seller's yearly turnover is at most the threshold (PMK 37/2025)."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="turnover_statements")
    year = models.PositiveSmallIntegerField("tahun pajak")
    declared_turnover = models.BigIntegerField("peredaran bruto yang dinyatakan")
    signed_on = models.DateField("tanggal pernyataan")
    document = models.FileField("berkas pernyataan", upload_to="tax/statements/", blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "surat pernyataan omzet"
        verbose_name_plural = "surat pernyataan omzet"
        constraints = [models.UniqueConstraint(fields=["store", "year"], name="tax_one_statement_per_year")]

    def __str__(self) -> str:
        return f"Pernyataan {self.year}"


class Exemption(models.Model):
    """Surat Keterangan Bebas (SKB) PPh 22: no collection on payments within its dates."""

    store = models.ForeignKey("stores.Store", on_delete=models.CASCADE, related_name="tax_exemptions")
    number = models.CharField("nomor SKB", max_length=60)
    valid_from = models.DateField("berlaku mulai")
    valid_until = models.DateField("berlaku sampai")
    document = models.FileField("berkas SKB", upload_to="tax/skb/", blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "SKB PPh 22"
        verbose_name_plural = "SKB PPh 22"
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")), name="tax_skb_dates")
        ]

    def __str__(self) -> str:
        return self.number


class Collection(models.Model):
    class Kind(models.TextChoices):
        COLLECTED = "collected", "Dipungut"
        EXEMPT = "exempt", "Tidak dipungut"
        REVERSED = "reversed", "Dibatalkan"

    key = models.CharField("kunci", max_length=120, unique=True)  # the ledger posting's key
    order = models.ForeignKey("orders.Order", on_delete=models.PROTECT, related_name="tax_collections")
    store = models.ForeignKey("stores.Store", on_delete=models.PROTECT, related_name="tax_collections")
    kind = models.CharField("jenis", max_length=10, choices=Kind.choices)
    turnover = models.BigIntegerField("peredaran bruto")  # the order's base; negative on a reversal
    base = models.BigIntegerField("dasar pemungutan")  # the part collected on (0 when exempt)
    rate_bps = models.PositiveIntegerField("tarif (bps)")
    amount = models.BigIntegerField("PPh 22")  # negative on a reversal
    rule = models.CharField("aturan", max_length=40)
    reason = models.CharField("keterangan", max_length=255)
    occurred_at = models.DateTimeField("waktu")  # payment, or the refund/cancellation
    period = models.DateField("masa pajak")  # first day of the month (Asia/Jakarta)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "pk"]
        verbose_name = "pemungutan PPh 22"
        verbose_name_plural = "pemungutan PPh 22"
        indexes = [models.Index(fields=["store", "period"]), models.Index(fields=["period", "store"])]

    def __str__(self) -> str:
        return self.key


class Deposit(models.Model):
    """Setoran: what Niaga paid the tax office of one month's collections, recorded by an
    operator from the payment's proof; its ledger posting moves tax-payable out under `key`."""

    key = models.CharField("kunci", max_length=120, unique=True)  # the ledger posting's key
    period = models.DateField("masa pajak")  # first day of the month whose collections it pays
    amount = models.BigIntegerField("jumlah disetor")
    deposited_on = models.DateField("tanggal setor")
    # The kode billing (15 digits) or the NTPN (16 characters) of the payment.
    reference = models.CharField("kode billing / NTPN", max_length=16)
    recorded_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, related_name="+", verbose_name="dicatat oleh"
    )
    created_at = models.DateTimeField("dicatat", auto_now_add=True)

    class Meta:
        ordering = ["period", "deposited_on", "pk"]
        verbose_name = "setoran PPh 22"
        verbose_name_plural = "setoran PPh 22"
        constraints = [
            models.UniqueConstraint(fields=["period", "reference"], name="tax_one_deposit_per_reference"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="tax_deposit_positive"),
        ]

    def __str__(self) -> str:
        return f"Setoran {self.period:%Y-%m} {self.reference}"
