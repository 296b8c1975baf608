"""Parcels in the couriers' hands: bookings with their AWB, tracking events, and the
hand-over manifests of each pickup."""

from django.conf import settings
from django.db import models

from niaga.core import tracking
from niaga.orders.models import Order


class Manifest(models.Model):
    """The list a courier signs when it takes a location's parcels (serah terima)."""

    number = models.CharField("nomor", max_length=30, unique=True)
    location = models.ForeignKey(
        "fulfillment.Location", on_delete=models.PROTECT, related_name="manifests", verbose_name="gudang"
    )
    courier = models.CharField("kurir", max_length=20)
    pickup_id = models.CharField("id penjemputan", max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="dibuat oleh"
    )
    created_at = models.DateTimeField("dibuat")

    class Meta:
        verbose_name = "manifes"
        verbose_name_plural = "manifes"
        ordering = ["-created_at", "-pk"]


class Shipment(models.Model):
    """One order's parcel booked with a courier."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="shipment", verbose_name="pesanan")
    courier = models.CharField("kurir", max_length=20)
    service = models.CharField("layanan", max_length=20)
    booking_id = models.CharField("id pemesanan kurir", max_length=40, unique=True)
    awb = models.CharField("nomor resi", max_length=40, unique=True)
    price = models.BigIntegerField("biaya kurir")  # what the courier charges for the packed parcel
    chargeable_grams = models.PositiveIntegerField("berat tertagih (gram)")
    insured_value = models.BigIntegerField("nilai asuransi", default=0)
    status = models.CharField(
        "status kurir", max_length=30, default=tracking.Tracking.CONFIRMED
    )  # the courier's latest
    manifest = models.ForeignKey(
        Manifest, null=True, blank=True, on_delete=models.SET_NULL, related_name="shipments", verbose_name="manifes"
    )
    done = models.BooleanField("selesai", default=False)  # delivered, returned, lost or cancelled: no more polling
    next_poll_at = models.DateTimeField("lacak berikutnya", null=True, blank=True)
    created_at = models.DateTimeField("dipesan")

    class Meta:
        verbose_name = "pengiriman"
        verbose_name_plural = "pengiriman"
        indexes = [models.Index(fields=["done", "next_poll_at"])]


class TrackingEvent(models.Model):
    shipment = models.ForeignKey(Shipment, on_delete=models.CASCADE, related_name="events", verbose_name="pengiriman")
    status = models.CharField("status", max_length=30)
    note = models.CharField("keterangan", max_length=255)
    occurred_at = models.DateTimeField("waktu")

    class Meta:
        verbose_name = "riwayat lacak"
        verbose_name_plural = "riwayat lacak"
        ordering = ["occurred_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shipment", "status", "occurred_at"], name="tracking_event_once")
        ]

    @property
    def label(self) -> str:
        return tracking.label(self.status)


LABELS = tracking.LABELS  # one table for Niaga and the sandbox: niaga.core.tracking
