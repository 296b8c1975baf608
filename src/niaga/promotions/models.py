"""Flash-sale campaigns: a time window, and per variant a special price, a quota of units
sold at that price (separate from normal stock) and a limit per buyer."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from niaga.catalog.models import Variant


class Campaign(models.Model):
    # A seller's own campaign sells only that store's products; None: the operator's.
    store = models.ForeignKey(
        "stores.Store", null=True, blank=True, on_delete=models.CASCADE, related_name="campaigns", verbose_name="toko"
    )
    name = models.CharField("nama", max_length=80)
    slug = models.SlugField("slug", max_length=60, unique=True)
    starts_at = models.DateTimeField("mulai")
    ends_at = models.DateTimeField("berakhir")
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "flash sale"
        verbose_name_plural = "flash sale"
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="campaign_ends_after_start")
        ]

    def __str__(self) -> str:
        return self.name


class CampaignItem(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="items", verbose_name="flash sale")
    variant = models.ForeignKey(Variant, on_delete=models.PROTECT, related_name="+", verbose_name="varian")
    price = models.BigIntegerField("harga")
    quota = models.PositiveIntegerField("kuota")
    per_buyer_limit = models.PositiveIntegerField("batas per pembeli", default=1)
    # Units held or sold at the campaign price. The database refuses more than the quota.
    taken = models.PositiveIntegerField("terjual", default=0)

    class Meta:
        verbose_name = "barang flash sale"
        verbose_name_plural = "barang flash sale"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "variant"], name="one_item_per_variant"),
            models.CheckConstraint(condition=Q(taken__lte=F("quota")), name="campaign_never_oversold"),
            models.CheckConstraint(condition=Q(price__gt=0), name="campaign_price_positive"),
            models.CheckConstraint(condition=Q(per_buyer_limit__gt=0), name="campaign_limit_positive"),
        ]

    @property
    def left(self) -> int:
        return max(0, self.quota - self.taken)


class BuyerTake(models.Model):
    """How many units of an item one buyer holds or bought; the limit is checked on this row."""

    item = models.ForeignKey(CampaignItem, on_delete=models.CASCADE, related_name="buyers")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "buyer"], name="one_take_per_buyer")]


class Claim(models.Model):
    """Units an admitted buyer holds for one order; given back once if the order is not paid."""

    item = models.ForeignKey(CampaignItem, on_delete=models.PROTECT, related_name="claims")
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    order_number = models.CharField(max_length=40, db_index=True)
    released_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()


class Admission(models.Model):
    """A buyer the gate admitted, whose order a job consumer is placing.

    Written in the request, before the answer, so an admitted buyer is never lost: a job that
    dies is run again from this row, and the order's transaction marks it placed.
    """

    class Status(models.TextChoices):
        PLACING = "placing", "Pesanan sedang dibuat"
        PLACED = "placed", "Pesanan dibuat"
        FAILED = "failed", "Gagal"

    item = models.ForeignKey(CampaignItem, on_delete=models.PROTECT, related_name="admissions", verbose_name="barang")
    buyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name="pembeli"
    )
    quantity = models.PositiveIntegerField("jumlah")
    address_id = models.BigIntegerField("id alamat")
    payment_method = models.CharField("metode pembayaran", max_length=20)
    courier = models.CharField("kurir", max_length=40, blank=True)
    status = models.CharField("status", max_length=10, choices=Status.choices, default=Status.PLACING)
    poll_key = models.CharField("kunci cek", max_length=32)  # in the buyer's poll URL: the shortcut's answer needs it
    group = models.ForeignKey("orders.OrderGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    message = models.CharField("pesan", max_length=200, blank=True)
    created_at = models.DateTimeField("dibuat")
    placed_at = models.DateTimeField("pesanan dibuat", null=True, blank=True)

    class Meta:
        verbose_name = "admisi flash sale"
        verbose_name_plural = "admisi flash sale"
        indexes = [models.Index(fields=["status", "created_at"], name="admission_status_age")]
