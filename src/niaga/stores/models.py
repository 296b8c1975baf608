from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models

from .policy import DEFAULT_RETURN_DAYS, WarrantyKind, hours_text, phone_text

JAKARTA = ZoneInfo("Asia/Jakarta")  # the hours a store states are WIB


class Store(models.Model):
    """A seller's shop ("Toko Saya"). One per user for now."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="store", verbose_name="pemilik"
    )
    name = models.CharField("nama", max_length=80)
    slug = models.SlugField("slug", max_length=60, unique=True)
    description = models.TextField("deskripsi", blank=True)
    logo = models.ImageField("logo", upload_to="stores/logos/", blank=True)
    # Where parcels leave from (Kemendagri regency code, e.g. "32.73" Kota Bandung).
    city_code = models.CharField("kode kota", max_length=5)
    city_name = models.CharField("kota", max_length=80)
    province_code = models.CharField("kode provinsi", max_length=2)
    province_name = models.CharField("provinsi", max_length=80)
    # The after-sales promise (stores/policy.py says what each value may be; a product may
    # override it: catalog.policy.for_product gives the one that holds).
    return_window_days = models.PositiveSmallIntegerField(
        "batas pengembalian (hari setelah sampai)", default=DEFAULT_RETURN_DAYS
    )
    accepts_returns = models.BooleanField("menerima retur", default=True)
    accepts_exchanges = models.BooleanField("menerima tukar barang", default=True)
    return_policy = models.TextField("kebijakan pengembalian", blank=True)
    warranty_kind = models.CharField("jenis garansi", max_length=12, choices=WarrantyKind.choices, default="none")
    warranty_months = models.PositiveSmallIntegerField("lama garansi (bulan)", default=0)
    warranty_policy = models.TextField("garansi", blank=True)
    # How buyers reach the store besides Tanya Penjual; each optional (stores/policy.py).
    contact_phone = models.CharField("telepon", max_length=20, blank=True)  # E.164, +62...
    contact_email = models.EmailField("email kontak", blank=True)
    open_days = models.JSONField("hari operasional", default=list, blank=True)  # 0 = Senin … 6 = Minggu
    opens_at = models.TimeField("jam buka (WIB)", null=True, blank=True)
    closes_at = models.TimeField("jam tutup (WIB)", null=True, blank=True)
    # Codes from niaga.core.paymethods that buyers of this store may use.
    payment_methods = models.JSONField("metode pembayaran", default=list)
    is_active = models.BooleanField("aktif", default=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "toko"
        verbose_name_plural = "toko"

    def __str__(self) -> str:
        return self.name

    @property
    def hours_text(self) -> str:
        return hours_text(self.open_days or [], self.opens_at, self.closes_at)

    @property
    def phone_text(self) -> str:
        return phone_text(self.contact_phone)

    def open_at(self, moment) -> bool | None:
        """Whether someone answers at this moment (WIB), by the stated days and hours; None: not stated."""
        if not self.open_days or self.opens_at is None or self.closes_at is None:
            return None
        local = moment.astimezone(JAKARTA)
        return local.weekday() in self.open_days and self.opens_at <= local.time() < self.closes_at

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_phone or self.contact_email or self.hours_text)


class StoreStanding(models.Model):
    """A store's standing as last computed by the reputation app (niaga.reputation), kept here
    so that apps ranked below it read it without importing it: promotions refuses a flash sale
    to a store under penalty. Written only by `reputation.services.refresh_standing`."""

    store = models.OneToOneField(Store, on_delete=models.CASCADE, related_name="standing", verbose_name="toko")
    penalty_points = models.PositiveIntegerField("poin penalti", default=0)
    # Until when the store may not join flash sales (None: it may). Points age out of their
    # window on their own, so the block lifts at this moment even before the next refresh.
    campaigns_blocked_until = models.DateTimeField("tidak bisa ikut flash sale sampai", null=True, blank=True)
    # What the store and product pages show without asking the reputation app: the badges
    # earned ({"code", "label", "why"}) and the headline figures ({"label", "value"}), in words.
    badges = models.JSONField("lencana", default=list, blank=True)
    headline = models.JSONField("angka utama", default=list, blank=True)
    computed_at = models.DateTimeField("dihitung pada")

    class Meta:
        verbose_name = "status reputasi toko"
        verbose_name_plural = "status reputasi toko"

    def __str__(self) -> str:
        return f"{self.store} ({self.penalty_points} poin)"

    def blocks_campaigns(self, now) -> bool:
        return self.campaigns_blocked_until is not None and self.campaigns_blocked_until > now
