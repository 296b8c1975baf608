import hashlib

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from niaga.core.fields import EncryptedCharField


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("email is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """One account for buying and selling: a seller is a user who opened a store."""

    email = models.EmailField("email", unique=True)
    full_name = models.CharField("nama lengkap", max_length=120)
    phone = EncryptedCharField("nomor HP", max_length=20, blank=True)  # encrypted at rest (core.fields)
    is_staff = models.BooleanField("staf operator", default=False)
    is_active = models.BooleanField("aktif", default=True)
    date_joined = models.DateTimeField("terdaftar", default=timezone.now)
    # Set when the owner deleted the account (niaga.privacy): the row stays, anonymised, for the
    # orders, ledger and reviews that name it; pages show "Pengguna Niaga" for it.
    deleted_at = models.DateTimeField("dihapus pada", null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = "pengguna"
        verbose_name_plural = "pengguna"

    def __str__(self) -> str:
        return self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Address(models.Model):
    """A shipping address with the Indonesian administrative structure."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="addresses", verbose_name="pengguna"
    )
    label = models.CharField("label", max_length=40, default="Rumah")
    recipient_name = models.CharField("nama penerima", max_length=120)
    phone = EncryptedCharField("nomor HP", max_length=20)  # encrypted at rest (core.fields)
    street = models.CharField("alamat lengkap", max_length=255)
    # Kemendagri codes (e.g. "32.76.01.1001") and the names as they were when saved.
    province_code = models.CharField("kode provinsi", max_length=2)
    province_name = models.CharField("provinsi", max_length=80)
    regency_code = models.CharField("kode kota/kabupaten", max_length=5)
    regency_name = models.CharField("kota/kabupaten", max_length=80)
    district_code = models.CharField("kode kecamatan", max_length=8)
    district_name = models.CharField("kecamatan", max_length=80)
    village_code = models.CharField("kode kelurahan/desa", max_length=13)
    village_name = models.CharField("kelurahan/desa", max_length=80)
    postal_code = models.CharField("kode pos", max_length=5)
    is_default = models.BooleanField("alamat utama", default=False)
    created_at = models.DateTimeField("dibuat", auto_now_add=True)

    class Meta:
        verbose_name = "alamat"
        verbose_name_plural = "alamat"
        ordering = ["-is_default", "-created_at"]

    def __str__(self) -> str:
        return f"{self.label}: {self.recipient_name}, {self.one_line()}"

    def one_line(self) -> str:
        return (
            f"{self.street}, {self.village_name}, {self.district_name}, {self.regency_name}, "
            f"{self.province_name} {self.postal_code}"
        )


class ApiToken(models.Model):
    """A bearer token for apps. Only its SHA-256 is stored; the key is shown once.

    It carries scopes (accounts/scopes.py says which operation needs which), lives until
    `expires_at`, and ends early when its owner revokes it or signs out with it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("nama", max_length=60, default="app")
    digest = models.CharField(max_length=64, unique=True)
    scopes = models.CharField("izin", max_length=120, default="read,orders", help_text="dipisah koma")
    created_at = models.DateTimeField("dibuat", auto_now_add=True)
    expires_at = models.DateTimeField("berlaku sampai", null=True, blank=True)
    last_used_at = models.DateTimeField("terakhir dipakai", null=True, blank=True)
    revoked_at = models.DateTimeField("dicabut", null=True, blank=True)
    created_ip = models.CharField("alamat IP pembuat", max_length=45, blank=True)
    user_agent = models.CharField("perangkat pembuat", max_length=255, blank=True)

    class Meta:
        verbose_name = "token API"
        verbose_name_plural = "token API"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def digest_of(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @property
    def scope_list(self) -> list[str]:
        return [s for s in self.scopes.split(",") if s]

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
