"""Orders driven to Selesai through the real services (payment booked, moves along the table),
so a review meets the same order, events and effects a buyer's would."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from niaga.orders import services as orders
from niaga.orders.status import Actor, Status
from niaga.payments import money

GPS_IFD = 0x8825


def paid(group):
    money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
    orders.mark_group_paid(group=group, reason="Pembayaran diterima")
    return group.orders.get()


def shipped(group):
    order = paid(group)
    for to, role in ((Status.READY_TO_SHIP, Actor.SELLER), (Status.SHIPPED, Actor.SELLER)):
        order = orders.transition(order=order, to_status=to, role=role)
    return order


def completed(group):
    """A checkout paid at the gateway, shipped, and received by the buyer ("Pesanan Diterima")."""
    order = shipped(group)
    return orders.buyer_confirm(order=order, buyer=order.buyer)


@pytest.fixture
def product(make_store, make_product):
    return make_product(make_store(name="Toko Batik Sari"), name="Kemeja Batik Tulis", price=150_000, stock=50)


@pytest.fixture
def bought(place, product):
    """A fresh buyer's completed order of `quantity` units of `product` (or another product)."""

    def make(quantity: int = 1, of=None):
        return completed(place(quantity=quantity, product=of or product))

    return make


def bearer(user) -> dict:
    from niaga.accounts.services import issue_token

    return {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user)}"}


@pytest.fixture
def operator(make_user):
    user = make_user("Operator")
    user.is_staff = True
    user.save()
    return user


def photo(name: str = "IMG_0001.jpg", size=(1200, 900), gps: bool = True) -> SimpleUploadedFile:
    """A phone's JPEG carrying where it was taken (EXIF GPS) and the camera's maker."""
    img = Image.new("RGB", size, (180, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    if gps:
        ifd = exif.get_ifd(GPS_IFD)
        ifd[1], ifd[2] = "S", (6.0, 10.0, 30.0)
        ifd[3], ifd[4] = "E", (106.0, 49.0, 0.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70, exif=exif)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")
