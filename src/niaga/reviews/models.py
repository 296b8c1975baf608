"""Ulasan: one review per order line by the order's buyer, its photos, the seller's one
public reply, reports by anyone signed in, and the operator's hiding (with its reason).

Every write goes through reviews/services.py, which also keeps the product's figures
(average, count, units sold) on catalog's Product in step."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from niaga.catalog.models import Product
from niaga.orders.models import Order, OrderLine
from niaga.stores.models import Store

MAX_TEXT = 1000  # what a buyer writes on a phone; Tokopedia and Shopee stop about here
MAX_REPLY = 1000
MAX_PHOTOS = 5


class Review(models.Model):
    line = models.OneToOneField(OrderLine, on_delete=models.PROTECT, related_name="review", verbose_name="barang")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="reviews", verbose_name="pesanan")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="reviews", verbose_name="produk")
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="reviews", verbose_name="toko")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews", verbose_name="pembeli"
    )
    variant_name = models.CharField("varian", max_length=80, blank=True)  # as bought (the line's)
    rating = models.PositiveSmallIntegerField("bintang")
    text = models.TextField("ulasan", max_length=MAX_TEXT, blank=True)
    anonymous = models.BooleanField("sembunyikan nama", default=False)
    created_at = models.DateTimeField("ditulis")
    # Editable once: what it said before, and when it changed.
    edited_at = models.DateTimeField("diubah", null=True, blank=True)
    previous_rating = models.PositiveSmallIntegerField("bintang sebelumnya", null=True, blank=True)
    previous_text = models.TextField("ulasan sebelumnya", blank=True)
    # The seller's one public reply.
    reply = models.TextField("balasan penjual", max_length=MAX_REPLY, blank=True)
    replied_at = models.DateTimeField("dibalas", null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Hidden by an operator: out of every page, list and average; the reason is kept.
    hidden_at = models.DateTimeField("disembunyikan", null=True, blank=True)
    hidden_reason = models.CharField("alasan disembunyikan", max_length=255, blank=True)
    photo_count = models.PositiveSmallIntegerField("jumlah foto", default=0)

    class Meta:
        verbose_name = "ulasan"
        verbose_name_plural = "ulasan"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"),
            models.CheckConstraint(
                condition=Q(previous_rating__isnull=True) | Q(previous_rating__gte=1, previous_rating__lte=5),
                name="review_previous_rating_1_to_5",
            ),
            models.CheckConstraint(condition=Q(photo_count__lte=MAX_PHOTOS), name="review_photo_count_within_limit"),
        ]
        indexes = [
            models.Index(fields=["product", "hidden_at", "-created_at"]),
            models.Index(fields=["store", "hidden_at", "-created_at"]),
            models.Index(fields=["buyer", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.rating}★ {self.product_id} ({self.pk})"

    @property
    def visible(self) -> bool:
        return self.hidden_at is None

    @property
    def shown_name(self) -> str:
        """The name shown with the review: the buyer's, or "P***i" when they asked for anonymity;
        "Pengguna Niaga" once the buyer deleted their account (niaga.privacy)."""
        if self.buyer.deleted_at is not None:
            return "Pengguna Niaga"
        name = (self.buyer.full_name or "Pembeli").strip()
        if not self.anonymous:
            return name
        compact = name.replace(" ", "")
        return f"{compact[0]}***{compact[-1]}" if len(compact) > 1 else f"{compact}***"

    @property
    def editable(self) -> bool:
        """The one edit is still unused (the service also checks its window and hiding)."""
        return self.edited_at is None


class ReviewPhoto(models.Model):
    """A buyer's photo, stored as product photos are (core.images: no EXIF, no GPS, sized versions)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="photos", verbose_name="ulasan")
    image = models.ImageField("foto", upload_to="reviews/")
    thumbnail = models.ImageField("foto kecil", upload_to="reviews/thumbs/")
    stem = models.CharField("awalan versi", max_length=200, blank=True)
    widths = models.CharField("lebar versi", max_length=40, blank=True)
    width = models.PositiveIntegerField("lebar", default=0)
    height = models.PositiveIntegerField("tinggi", default=0)
    position = models.PositiveIntegerField("urutan", default=0)

    class Meta:
        verbose_name = "foto ulasan"
        verbose_name_plural = "foto ulasan"
        ordering = ["position", "pk"]


class ReportReason(models.TextChoices):
    SPAM = "spam", "Spam atau iklan"
    OFFENSIVE = "offensive", "Kasar, SARA, atau pelecehan"
    IRRELEVANT = "irrelevant", "Tidak berhubungan dengan produk"
    PERSONAL = "personal", "Memuat data pribadi"
    FAKE = "fake", "Ulasan palsu atau menyesatkan"
    OTHER = "other", "Lainnya"


class ReviewReport(models.Model):
    """Someone signed in says a review breaks the rules; once per person per review."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports", verbose_name="ulasan")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="pelapor"
    )
    reason = models.CharField("alasan", max_length=20, choices=ReportReason.choices)
    note = models.CharField("keterangan", max_length=300, blank=True)
    created_at = models.DateTimeField("dilaporkan")
    # An operator looked at it (hid the review, or kept it up): out of the queue.
    handled_at = models.DateTimeField("ditangani", null=True, blank=True)

    class Meta:
        verbose_name = "laporan ulasan"
        verbose_name_plural = "laporan ulasan"
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "reporter"], name="review_reported_once_per_user")]
        indexes = [models.Index(fields=["handled_at", "created_at"])]


class Moderation(models.TextChoices):
    HIDE = "hide", "Disembunyikan"
    UNHIDE = "unhide", "Ditampilkan kembali"
    KEEP = "keep", "Laporan ditolak (tetap tampil)"


class ModerationEvent(models.Model):
    """What an operator did to a review, why, and when: the review's moderation history."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="moderation", verbose_name="ulasan")
    action = models.CharField("tindakan", max_length=10, choices=Moderation.choices)
    reason = models.CharField("alasan", max_length=255)
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="operator"
    )
    created_at = models.DateTimeField("waktu")

    class Meta:
        verbose_name = "tindakan operator"
        verbose_name_plural = "tindakan operator"
        ordering = ["created_at", "pk"]


class Invitation(models.Model):
    """The buyer was asked to review a completed order (once), and nudged before the window
    closes (once): the sweep's record, so running it twice tells nobody twice."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="+", verbose_name="pesanan")
    invited_at = models.DateTimeField("diajak mengulas")
    nudged_at = models.DateTimeField("diingatkan", null=True, blank=True)

    class Meta:
        verbose_name = "ajakan mengulas"
        verbose_name_plural = "ajakan mengulas"
