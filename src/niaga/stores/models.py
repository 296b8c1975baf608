from django.conf import settings
from django.db import models


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
    return_policy = models.TextField("kebijakan pengembalian", blank=True)
    warranty_policy = models.TextField("garansi", blank=True)
    # Codes from niaga.core.paymethods that buyers of this store may use.
    payment_methods = models.JSONField("metode pembayaran", default=list)
    is_active = models.BooleanField("aktif", default=True)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "toko"
        verbose_name_plural = "toko"

    def __str__(self) -> str:
        return self.name
