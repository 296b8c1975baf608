"""Load the demo marketplace the first time; always print how to log in."""

import datetime as dt
import io
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from niaga.accounts.services import create_address, mark_email_verified
from niaga.catalog.models import Category, Variant
from niaga.core import clock
from niaga.demo import aftersales as demo_aftersales
from niaga.demo import chat as demo_chat
from niaga.demo import data as demo_data
from niaga.demo import notices as demo_notices
from niaga.demo import reputation as reputation_demo
from niaga.demo import returns as demo_returns
from niaga.demo import risk as demo_risk
from niaga.demo import sellerinfo as demo_sellerinfo
from niaga.demo.reviews import load_reviews
from niaga.fulfillment import services as fulfillment
from niaga.fulfillment.models import BinSlot, Location, StoreLocation
from niaga.inventory.services import create_product_with_stock
from niaga.promotions import campaigns
from niaga.promotions.models import Campaign, CampaignItem
from niaga.stores.models import Store
from niaga.stores.services import open_store

BUYER = ("pembeli@niaga.local", "belanja123", "Budi Santoso")
SELLER_PASSWORD = "jualan123"
ADMIN = ("admin@niaga.local", "admin12345")
# The operator's authenticator app key (TOTP, base32), fixed so a class can add it to a phone from the
# README, or print the current code with `niaga demo_otp`. A demo key: never a real operator's.
ADMIN_TOTP_SECRET = "NIAGADEMOOPERATORKODE234"
DEMO_FLASH_SLUG = "flash-sale-niaga"
PALETTE = [(3, 172, 14), (0, 121, 191), (238, 77, 45), (142, 68, 173), (211, 84, 0), (22, 160, 133), (192, 57, 43)]


def product_image(name: str, seed: int) -> SimpleUploadedFile:
    """A generated cover: a colour block with the product's name, no download needed."""
    rnd = random.Random(seed)
    base = PALETTE[seed % len(PALETTE)]
    img = Image.new("RGB", (600, 600), base)
    draw = ImageDraw.Draw(img)
    for _ in range(6):
        x, y, r = rnd.randint(0, 600), rnd.randint(0, 600), rnd.randint(60, 220)
        shade = tuple(min(255, c + rnd.randint(20, 60)) for c in base)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=shade)
    font = ImageFont.load_default(size=44)
    words, lines, line = name.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) > 520 and line:
            lines.append(line)
            line = word
        else:
            line = trial
    lines.append(line)
    y = 300 - len(lines) * 28
    for text in lines[:6]:
        w = draw.textlength(text, font=font)
        draw.text(((600 - w) / 2, y), text, fill="white", font=font, stroke_width=2, stroke_fill=(0, 0, 0))
        y += 56
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=85)
    return SimpleUploadedFile(f"produk-{seed}.jpg", buf.getvalue(), content_type="image/jpeg")


class Command(BaseCommand):
    help = "Load the demo marketplace (once) and print the demo accounts."

    def handle(self, *args, **options):
        fresh = not Store.objects.filter(slug=demo_data.STORES[0]["slug"]).exists()
        if fresh:
            self.stdout.write("Memuat data demo (toko, produk, akun)...")
            self.load()
        self.warehouses()
        self.operator_second_factor()
        load_reviews()  # a few bought-and-reviewed demo products, and one waiting for the demo buyer
        demo_chat.question_answered()
        demo_aftersales.load(buyer_email=BUYER[0], store_slug=demo_data.STORES[0]["slug"])
        demo_returns.load(buyer_email=BUYER[0], store_slug=demo_data.STORES[0]["slug"])
        sale = self.flash_sale()
        reputation_demo.trust()
        demo_risk.load()  # bank accounts for the demo stores, one held checkout for the operator
        demo_sellerinfo.load()  # suppliers, POs, two months of sales, low stock, tax profile, funnel
        if fresh:  # the history's old notices read, the few recent ones left to see
            demo_notices.settle(emails=[BUYER[0], *(spec["owner"][0] for spec in demo_data.STORES)])
        url = settings.NIAGA_PUBLIC_URL
        self.stdout.write(
            self.style.SUCCESS(f"\nNiaga siap di {url}\n")
            + f"  Pembeli : {BUYER[0]} / {BUYER[1]}\n"
            + f"  Penjual : {demo_data.STORES[0]['owner'][0]} / {SELLER_PASSWORD}  (Toko Buku Ilmu)\n"
            + f"  Operator: {ADMIN[0]} / {ADMIN[1]}  (/admin/)\n"
            + f"    verifikasi 2 langkah: kunci {ADMIN_TOTP_SECRET} di aplikasi autentikator, atau `niaga demo_otp`\n"
            + f"  Sandbox bank & e-wallet: {url}/sandbox/  (PIN e-wallet 123456)\n"
            + f"  Gudang (ambil, kemas, kurir): {url}/gudang/  ·  simulator kurir: {url}/sandbox/kurir/\n"
            + f"  Pemantauan: {url}/operator/  ·  Tinjauan Risiko: {url}/operator/risiko/\n"
            + f"  Prometheus: {url}/metrics"
            + (
                f"  (Authorization: Bearer {settings.NIAGA_METRICS_TOKEN})\n"
                if settings.NIAGA_METRICS_TOKEN
                else "  (tertutup: NIAGA_METRICS_TOKEN belum diisi)\n"
            )
            + (
                f"  Flash sale: {url}{reverse('promotions:campaign', args=[sale.slug])}  (sampai {timezone.localtime(sale.ends_at):%d-%m %H:%M})\n"
                if sale
                else ""
            )
        )

    @transaction.atomic
    def flash_sale(self):
        """The demo's flash sale, running now: started afresh for a day when none is running
        or about to, skipping a product already in another sale at that time."""
        now = clock.now()
        running = (
            Campaign.objects.filter(slug__startswith=DEMO_FLASH_SLUG, ends_at__gt=now).order_by("starts_at").first()
        )
        if running or not Store.objects.filter(slug=demo_data.STORES[0]["slug"]).exists():
            return running
        ends = now + dt.timedelta(hours=24)
        offers = []
        for name, price, quota, limit in demo_data.FLASH_SALE:
            variant = Variant.objects.filter(
                product__name=name, product__store__slug__in=[s["slug"] for s in demo_data.STORES]
            ).first()
            if (
                variant is None
                or price >= variant.unit_price
                or campaigns.overlaps(variant=variant, starts_at=now, ends_at=ends)
            ):
                continue
            offers.append((variant, price, min(quota, variant.stock.available), limit))
        offers = [offer for offer in offers if offer[2] > 0]
        if not offers:
            return None
        number = Campaign.objects.filter(slug__startswith=DEMO_FLASH_SLUG).count() + 1
        campaign = Campaign.objects.create(
            name="Flash Sale Niaga", slug=f"{DEMO_FLASH_SLUG}-{number}", starts_at=now, ends_at=ends
        )
        for variant, price, quota, limit in offers:
            CampaignItem.objects.create(
                campaign=campaign, variant=variant, price=price, quota=quota, per_buyer_limit=min(limit, quota)
            )
        return campaign

    @transaction.atomic
    def operator_second_factor(self):
        """Staff pass a second factor before /admin/ and /operator/: the demo operator has an
        authenticator app with a known key (and recovery codes) and a verified e-mail. Safe to run again."""
        from allauth.account.models import EmailAddress
        from allauth.mfa.models import Authenticator
        from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
        from allauth.mfa.totp.internal.auth import TOTP

        admin = get_user_model().objects.filter(email=ADMIN[0]).first()
        if admin is None:
            return
        EmailAddress.objects.update_or_create(user=admin, email=ADMIN[0], defaults={"verified": True, "primary": True})
        if not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(admin, ADMIN_TOTP_SECRET)
            RecoveryCodes.activate(admin)

    @transaction.atomic
    def fulfillment_center(self):
        """The Niaga fulfillment center, and the last demo store assigned to it before its
        products are listed (their opening stock is placed where the store ships from)."""
        admin = get_user_model().objects.filter(email=ADMIN[0]).first()
        center, _ = Location.objects.get_or_create(
            kind=Location.Kind.PLATFORM,
            name="Niaga Fulfillment Center Cikarang",
            defaults={
                "regency_code": "32.16",
                "regency_name": "Kabupaten Bekasi",
                "province_code": "32",
                "province_name": "Jawa Barat",
            },
        )
        if center.pickup_missing():
            fulfillment.set_pickup_address(location=center, data=demo_data.FULFILLMENT_CENTER)
        if admin:
            center.staff.add(admin)
        last = Store.objects.filter(slug=demo_data.STORES[-1]["slug"]).first()
        if last and not StoreLocation.objects.filter(store=last).exists():
            StoreLocation.objects.create(store=last, location=center)

    @transaction.atomic
    def warehouses(self):
        """Each store's own warehouse with its products on numbered bins; the last demo store
        ships from a Niaga fulfillment center that the operator staffs. Safe to run again."""
        self.fulfillment_center()
        for spec in demo_data.STORES:
            store = Store.objects.filter(slug=spec["slug"]).first()
            if store is None:
                continue
            location = fulfillment.store_location(store=store)
            if location.kind == Location.Kind.STORE and location.pickup_missing():
                fulfillment.set_pickup_address(location=location, data=spec["pickup"])
            if BinSlot.objects.filter(location=location).exists():
                continue
            variants = [v for p in store.products.order_by("pk") for v in p.variants.order_by("pk")]
            fulfillment.assign_bins(
                location=location,
                bins={v.pk: f"{'ABCD'[i // 12 % 4]}-{i // 3 % 4 + 1:02d}-{i % 3 + 1}" for i, v in enumerate(variants)},
            )

    @transaction.atomic
    def load(self):
        User = get_user_model()
        stores = {}
        for spec in demo_data.STORES:
            email, full_name = spec["owner"]
            owner = User.objects.create_user(
                email=email, password=SELLER_PASSWORD, full_name=full_name, phone="+6281234500001"
            )
            mark_email_verified(owner)  # demo accounts sign in at once (verification is mandatory)
            data = {
                k: spec[k] for k in ("name", "slug", "city_code", "description", "return_policy", "warranty_policy")
            }
            stores[spec["slug"]] = open_store(owner=owner, data=data)
        self.fulfillment_center()
        categories = {c.slug: c for c in Category.objects.all()}
        for seed, (store, cat, name, price, weight, stock, condition) in enumerate(demo_data.PRODUCTS):
            create_product_with_stock(
                store=stores[store],
                data={
                    "name": name,
                    "price": price,
                    "weight_grams": weight,
                    "stock": stock,
                    "condition": condition,
                    "category_id": categories[cat].pk,
                    "description": f"{name}. Barang {'baru' if condition == 'new' else 'bekas, kondisi baik'}, "
                    f"dikirim dari {stores[store].city_name}.",
                },
                images=[product_image(name, seed)],
            )
        buyer = User.objects.create_user(email=BUYER[0], password=BUYER[1], full_name=BUYER[2], phone="+6281298765432")
        mark_email_verified(buyer)
        create_address(
            user=buyer,
            data={
                "label": "Rumah",
                "recipient_name": BUYER[2],
                "phone": "081298765432",
                "street": "Jl. Tebet Raya No. 12, RT 3/RW 5",
                "province_code": "31",
                "regency_code": "31.74",
                "district_code": "31.74.01",
                "village_code": "31.74.01.1001",
                "postal_code": "12820",
            },
        )
        mark_email_verified(
            User.objects.create_superuser(email=ADMIN[0], password=ADMIN[1], full_name="Operator Niaga")
        )
