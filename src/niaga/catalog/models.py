from django.db import models
from django.db.models import Q
from django.urls import reverse

from niaga.stores.models import Store
from niaga.stores.policy import WarrantyKind


class Category(models.Model):
    name = models.CharField("nama", max_length=80)
    slug = models.SlugField("slug", max_length=80, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="induk"
    )
    position = models.PositiveIntegerField("urutan", default=0)

    class Meta:
        verbose_name = "kategori"
        verbose_name_plural = "kategori"
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Condition(models.TextChoices):
    NEW = "new", "Baru"
    USED = "used", "Bekas"


class Product(models.Model):
    store = models.ForeignKey(Store, on_delete=models.PROTECT, related_name="products", verbose_name="toko")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products", verbose_name="kategori")
    name = models.CharField("nama", max_length=120)
    slug = models.SlugField("slug", max_length=140)
    description = models.TextField("deskripsi", blank=True)
    price = models.BigIntegerField("harga", help_text="Rupiah")
    weight_grams = models.PositiveIntegerField("berat (gram)")
    condition = models.CharField("kondisi", max_length=4, choices=Condition.choices, default=Condition.NEW)
    is_active = models.BooleanField("aktif", default=True)
    # The product's own after-sales promise, where it differs from its store's (None or "":
    # as the store says). catalog.policy.for_product gives the one that holds.
    return_window_days = models.PositiveSmallIntegerField("batas pengembalian (hari)", null=True, blank=True)
    accepts_returns = models.BooleanField("menerima retur", null=True, blank=True)
    accepts_exchanges = models.BooleanField("menerima tukar barang", null=True, blank=True)
    warranty_kind = models.CharField("jenis garansi", max_length=12, choices=WarrantyKind.choices, blank=True)
    warranty_months = models.PositiveSmallIntegerField("lama garansi (bulan)", null=True, blank=True)
    warranty_policy = models.TextField("keterangan garansi", blank=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    updated_at = models.DateTimeField("diubah", auto_now=True)
    # Figures the cards show and listings sort by, kept by reviews.services.refresh_figures
    # (recounted from the rows, never incremented): visible reviews only; units of lines in
    # completed (Selesai) orders, less units cancelled before shipping.
    rating_average = models.DecimalField("rata-rata bintang", max_digits=3, decimal_places=2, default=0)
    rating_count = models.PositiveIntegerField("jumlah ulasan", default=0)
    units_sold = models.PositiveIntegerField("terjual", default=0)

    class Meta:
        verbose_name = "produk"
        verbose_name_plural = "produk"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["store", "slug"], name="product_slug_unique_per_store"),
            models.CheckConstraint(condition=Q(price__gt=0), name="product_price_positive"),
            models.CheckConstraint(condition=Q(weight_grams__gt=0), name="product_weight_positive"),
        ]
        indexes = [
            models.Index(fields=["is_active", "price"]),
            models.Index(fields=["is_active", "-created_at"]),
            models.Index(fields=["is_active", "-rating_average", "-rating_count"], name="product_by_rating"),
            models.Index(fields=["is_active", "-units_sold"], name="product_by_units_sold"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:product", args=[self.store.slug, self.slug])


class Variant(models.Model):
    """A sellable unit (SKU). Every product has at least one; a plain product has one unnamed."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants", verbose_name="produk")
    name = models.CharField("nama", max_length=80, blank=True)
    sku = models.CharField("SKU", max_length=64, blank=True)
    price = models.BigIntegerField("harga", null=True, blank=True, help_text="Bila diisi, menggantikan harga produk")
    position = models.PositiveIntegerField("urutan", default=0)

    class Meta:
        verbose_name = "varian"
        verbose_name_plural = "varian"
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(price__isnull=True) | Q(price__gt=0), name="variant_price_positive")
        ]

    def __str__(self) -> str:
        return f"{self.product.name} — {self.name}" if self.name else self.product.name

    @property
    def unit_price(self) -> int:
        return self.price if self.price is not None else self.product.price


class ProductImage(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images", verbose_name="produk")
    image = models.ImageField("gambar", upload_to="products/")
    thumbnail = models.ImageField("gambar kecil", upload_to="products/thumbs/")
    position = models.PositiveIntegerField("urutan", default=0)
    # Sized versions for pages: "<stem>-<width>.webp" and ".jpg" for each width (core.images).
    stem = models.CharField("awalan versi", max_length=200, blank=True)
    widths = models.CharField("lebar versi", max_length=40, blank=True)  # "160,320,480"
    width = models.PositiveIntegerField("lebar", default=0)
    height = models.PositiveIntegerField("tinggi", default=0)
    # Where an imported picture came from (its URL, or its name in the ZIP) and the SHA-256 of the
    # bytes as received, so importing the same sheet again adds nothing; blank: uploaded by hand.
    source = models.CharField("sumber", max_length=2000, blank=True)
    source_sha256 = models.CharField("SHA-256 sumber", max_length=64, blank=True)

    @property
    def share_path(self) -> str:
        """The media path a link preview shows: the largest JPEG version (never the upload)."""
        widths = [w for w in self.widths.split(",") if w]
        return f"{self.stem}-{widths[-1]}.jpg" if self.stem and widths else (self.image.name or "")

    class Meta:
        verbose_name = "foto produk"
        verbose_name_plural = "foto produk"
        ordering = ["position", "pk"]


class ProductDailyStats(models.Model):
    """A product's page views and cart adds on one day (Asia/Jakarta), for the seller's funnel.

    Counted in Redis as they happen and added here by a periodic job (catalog.counters); when
    Redis is down, or not configured, each count is added here directly.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+", verbose_name="produk")
    day = models.DateField("tanggal")
    views = models.PositiveIntegerField("dilihat", default=0)
    cart_adds = models.PositiveIntegerField("masuk keranjang", default=0)

    class Meta:
        verbose_name = "statistik harian produk"
        verbose_name_plural = "statistik harian produk"
        constraints = [models.UniqueConstraint(fields=["product", "day"], name="one_stats_row_per_product_day")]
