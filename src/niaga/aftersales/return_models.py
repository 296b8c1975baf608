"""A complaint's way back: the return (its deadlines, what the seller found in the parcel)
and, for an exchange, the replacement. The parcels themselves are shipping's legs
(`shipping.models.Leg`, reference = the complaint's number); the statuses are the
complaint's own (status.py). Imported by models.py so Django registers them with the app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReturnCase(models.Model):
    complaint = models.OneToOneField(
        "aftersales.Complaint", on_delete=models.CASCADE, related_name="return_case", verbose_name="komplain"
    )
    # The buyer books the parcel back by return_by; the seller confirms what arrived by
    # confirm_by (else it is confirmed for the buyer); an exchange's replacement ships by replace_by.
    return_by = models.DateTimeField("kirim balik paling lambat")
    received_at = models.DateTimeField("diterima penjual", null=True, blank=True)
    confirm_by = models.DateTimeField("konfirmasi penjual paling lambat", null=True, blank=True)
    confirmed_at = models.DateTimeField("dikonfirmasi", null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="dikonfirmasi oleh",
    )
    note = models.CharField("catatan penjual", max_length=500, blank=True)
    replace_by = models.DateTimeField("kirim pengganti paling lambat", null=True, blank=True)
    replacement_held = models.BooleanField("stok pengganti ditahan", default=False)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "retur"
        verbose_name_plural = "retur"
        indexes = [models.Index(fields=["confirm_by"]), models.Index(fields=["replace_by"])]

    def __str__(self) -> str:
        return f"Retur {self.complaint_id}"

    @property
    def replacement_reference(self) -> str:
        """The reference the replacement's units are held under in inventory."""
        return f"{self.complaint.number}/TUKAR"


class ReturnLine(models.Model):
    """What the seller found of one complaint line in the parcel: sellable, or written off."""

    case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="lines", verbose_name="retur")
    complaint_line = models.OneToOneField(
        "aftersales.ComplaintLine", on_delete=models.CASCADE, related_name="returned", verbose_name="barang"
    )
    sellable = models.PositiveIntegerField("kembali ke stok")
    written_off = models.PositiveIntegerField("dihapuskan")

    class Meta:
        verbose_name = "barang retur"
        verbose_name_plural = "barang retur"
        constraints = [
            models.CheckConstraint(condition=Q(sellable__gt=0) | Q(written_off__gt=0), name="return_line_not_empty")
        ]
