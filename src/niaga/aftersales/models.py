"""Komplain: one per order, ever. Its lines (which units), its one thread of messages with
photo evidence, and its deadlines. Every change of status goes through services.move."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from niaga.core.private import private_storage
from niaga.orders.models import Order, OrderLine
from niaga.stores.models import Store

from .status import Outcome, Reason, Resolution, Role, Status


class Complaint(models.Model):
    number = models.CharField("nomor komplain", max_length=40, unique=True)
    # One complaint per order, ever: a withdrawn one is not reopened.
    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="complaint", verbose_name="pesanan")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaints", verbose_name="pembeli"
    )
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="complaints", verbose_name="toko")
    reason = models.CharField("alasan", max_length=20, choices=Reason.choices)
    description = models.TextField("deskripsi", max_length=2000)
    resolution = models.CharField("solusi yang diminta", max_length=20, choices=Resolution.choices)
    status = models.CharField("status", max_length=20, choices=Status.choices, default=Status.AWAITING_SELLER)
    # The seller answers by respond_by; the buyer answers an offer or a rejection by buyer_respond_by.
    respond_by = models.DateTimeField("batas respons penjual")
    buyer_respond_by = models.DateTimeField("batas respons pembeli", null=True, blank=True)
    offer_amount = models.BigIntegerField("tawaran penjual", null=True, blank=True)
    offer_reason = models.CharField("alasan penjual", max_length=500, blank=True)
    refund_amount = models.BigIntegerField("dana dikembalikan", default=0)
    decided_by = models.CharField("diputuskan oleh", max_length=10, choices=Role.choices, blank=True)
    decision_reason = models.TextField("alasan keputusan", max_length=2000, blank=True)
    escalated_at = models.DateTimeField("diajukan ke Niaga", null=True, blank=True)
    resolved_at = models.DateTimeField("selesai pada", null=True, blank=True)
    outcome = models.CharField("hasil", max_length=20, choices=Outcome.choices, blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)

    class Meta:
        verbose_name = "komplain"
        verbose_name_plural = "komplain"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "respond_by"]),
            models.Index(fields=["status", "buyer_respond_by"]),
            models.Index(fields=["buyer", "-created_at"]),
            models.Index(fields=["store", "status", "-created_at"]),
            models.Index(fields=["store", "created_at"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(refund_amount__gte=0), name="complaint_refund_not_negative"),
            models.CheckConstraint(
                condition=Q(offer_amount__isnull=True) | Q(offer_amount__gt=0), name="complaint_offer_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def status_label(self) -> str:
        return Status(self.status).label

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.RESOLVED, Status.WITHDRAWN)


class ComplaintLine(models.Model):
    """Which units of which order line the complaint is about (partial units are normal)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="lines", verbose_name="komplain")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="+", verbose_name="barang")
    quantity = models.PositiveIntegerField("jumlah")

    class Meta:
        verbose_name = "barang dikomplain"
        verbose_name_plural = "barang dikomplain"
        constraints = [
            models.UniqueConstraint(fields=["complaint", "order_line"], name="complaint_line_once"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="complaint_line_quantity_positive"),
        ]

    @property
    def value(self) -> int:
        return self.order_line.unit_price * self.quantity


class ComplaintMessage(models.Model):
    """The one thread of a complaint: buyer, seller, Niaga's operator, and the system's notes."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages", verbose_name="komplain")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="penulis",
    )
    role = models.CharField("peran", max_length=10, choices=Role.choices)
    body = models.TextField("pesan", max_length=2000)
    created_at = models.DateTimeField("waktu", auto_now_add=True)

    class Meta:
        verbose_name = "pesan komplain"
        verbose_name_plural = "pesan komplain"
        ordering = ["created_at", "pk"]


class ComplaintAttachment(models.Model):
    """A photo of evidence: checked like a product image, stored with no camera metadata."""

    message = models.ForeignKey(
        ComplaintMessage, on_delete=models.CASCADE, related_name="attachments", verbose_name="pesan"
    )
    # Evidence may show a home, a face, an address label: only the parties see it (core.private).
    file = models.ImageField("foto", upload_to="complaints/", storage=private_storage)
    width = models.PositiveIntegerField("lebar", default=0)
    height = models.PositiveIntegerField("tinggi", default=0)

    class Meta:
        verbose_name = "bukti foto"
        verbose_name_plural = "bukti foto"
        ordering = ["pk"]


from .return_models import ReturnCase, ReturnLine  # noqa: E402,F401  (returns and exchanges, registered with the app)
