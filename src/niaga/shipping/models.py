"""Parcels in the couriers' hands: bookings with their AWB, tracking events, and the
hand-over manifests of each pickup."""

from django.conf import settings
from django.db import models

from niaga.core import tracking
from niaga.core.fields import EncryptedJSONField
from niaga.orders.models import Order

from .couriers import COURIERS


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


class Leg(models.Model):
    """A parcel after the first delivery, booked for an after-sales case: a return (the buyer
    sends goods back to the seller) or a replacement (the seller sends new goods to the buyer).

    Shipping knows only the order and a reference (the complaint's number); what the leg
    means for the complaint is the after-sales app's business, told through
    `shipping.signals.leg_tracked`. Sender and recipient are kept as booked, for the label.
    """

    class Kind(models.TextChoices):
        RETURN = "return", "Retur ke penjual"
        REPLACEMENT = "replacement", "Kirim barang pengganti"

    class Payer(models.TextChoices):
        SELLER = "seller", "Penjual"
        BUYER = "buyer", "Pembeli"

    kind = models.CharField("jenis", max_length=12, choices=Kind.choices)
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="legs", verbose_name="pesanan")
    reference = models.CharField("referensi", max_length=40, db_index=True)  # the complaint's number
    courier = models.CharField("kurir", max_length=20)
    service = models.CharField("layanan", max_length=20)
    booking_id = models.CharField("id pemesanan kurir", max_length=40, unique=True)
    awb = models.CharField("nomor resi", max_length=40, unique=True)
    price = models.BigIntegerField("biaya kurir")
    payer = models.CharField("ongkir ditanggung", max_length=6, choices=Payer.choices)
    chargeable_grams = models.PositiveIntegerField("berat tertagih (gram)")
    # Names, phones and addresses as booked: encrypted at rest (core.fields).
    sender = EncryptedJSONField("pengirim")
    recipient = EncryptedJSONField("penerima")
    items = models.JSONField("isi paket", default=list)
    status = models.CharField("status kurir", max_length=30, default=tracking.Tracking.CONFIRMED)
    done = models.BooleanField("selesai", default=False)  # delivered, returned, lost or cancelled: no more polling
    next_poll_at = models.DateTimeField("lacak berikutnya", null=True, blank=True)
    delivered_at = models.DateTimeField("diterima", null=True, blank=True)
    created_at = models.DateTimeField("dipesan")

    class Meta:
        verbose_name = "pengiriman purnajual"
        verbose_name_plural = "pengiriman purnajual"
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["done", "next_poll_at"])]
        constraints = [
            # One live parcel of each kind per case; a booking given back may be booked again.
            models.UniqueConstraint(
                fields=["reference", "kind"],
                condition=~models.Q(status=tracking.Tracking.CANCELLED),
                name="leg_one_live_per_reference_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.awb}"

    @property
    def status_label(self) -> str:
        return tracking.label(self.status)

    @property
    def courier_name(self) -> str:
        courier = COURIERS.get(self.courier)
        service = courier.service(self.service) if courier else None
        return service.name if service else f"{self.courier.upper()} {self.service.upper()}"


class LegEvent(models.Model):
    """A courier's tracking event of a leg, stored once."""

    leg = models.ForeignKey(Leg, on_delete=models.CASCADE, related_name="events", verbose_name="pengiriman")
    status = models.CharField("status", max_length=30)
    note = models.CharField("keterangan", max_length=255)
    occurred_at = models.DateTimeField("waktu")

    class Meta:
        verbose_name = "riwayat lacak purnajual"
        verbose_name_plural = "riwayat lacak purnajual"
        ordering = ["occurred_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["leg", "status", "occurred_at"], name="leg_event_once")]

    @property
    def label(self) -> str:
        return tracking.label(self.status)
