"""The IDOR matrix: every API operation and every page whose address names an object, asked
by someone who is not its owner, answers 404 — not 403, which would say the object exists.

The operations come from the OpenAPI document and the pages from the URL resolver, so a new
endpoint is covered by construction: an address parameter with no factory in FACTORIES (or
PAGE_FACTORIES) fails its case until someone says whose object it names, or lists it in PUBLIC
with the reason anyone may read it.

The world is the demo marketplace (`niaga load_demo`: a buyer's orders, complaints with
photos and a return, reviews, a conversation, warehouses) plus what it lacks, built once per
module. The owner of each object asks the same GET first and must NOT get 404: a factory
pointing at the wrong object would otherwise pass for a well-scoped endpoint. The stranger
is a buyer and a seller too (an address, a store, a warehouse, a token), so a "you have no
store" refusal cannot stand in for the scoping under test; where an address names two
objects, the stranger also tries their own parent with the owner's child.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from niaga.accounts import scopes
from niaga.api import api
from niaga.conftest import png

# --- what the addresses name ------------------------------------------------------------------


@dataclass
class World:
    buyer: Any
    seller: Any
    operator: Any
    stranger: Any
    stranger_token: str
    ids: dict[str, Any] = field(default_factory=dict)
    owners: dict[str, Any] = field(default_factory=dict)
    mine: dict[str, Any] = field(default_factory=dict)  # the stranger's own objects of a kind


@dataclass(frozen=True)
class Names:
    """The object a parameter names under a path prefix: its key in World.ids."""

    key: str
    control: bool = True  # the owner's GET must not be 404 (False only with a reason below)


# (parameter, path prefix) -> the object. The longest matching prefix wins.
FACTORIES: dict[tuple[str, str], Names] = {
    ("address_id", "/api/v1/me/addresses/"): Names("address"),
    ("product_id", "/api/v1/seller/products/"): Names("product"),
    ("image_id", "/api/v1/seller/products/"): Names("image"),
    ("variant_id", "/api/v1/seller/products/"): Names("variant"),
    ("item_id", "/api/v1/cart/items/"): Names("cart_item"),
    ("admission_id", "/api/v1/flash-sales/admissions/"): Names("admission"),
    ("order_id", "/api/v1/orders/"): Names("buyer_order"),
    ("order_id", "/api/v1/seller/orders/"): Names("seller_order"),
    ("code", "/api/v1/payments/"): Names("checkout_code"),
    ("slug", "/api/v1/seller/flash-sales/"): Names("store_campaign"),
    ("notification_id", "/api/v1/notifications/"): Names("notification"),
    ("complaint_id", "/api/v1/complaints/"): Names("complaint"),
    ("complaint_id", "/api/v1/seller/complaints/"): Names("seller_complaint"),
    ("complaint_id", "/api/v1/operator/complaints/"): Names("escalated_complaint"),
    ("photo_id", "/api/v1/complaint-photos/"): Names("complaint_photo"),
    ("review_id", "/api/v1/reviews/"): Names("review"),
    ("review_id", "/api/v1/seller/reviews/"): Names("seller_review"),
    ("review_id", "/api/v1/operator/reviews/"): Names("reported_review"),
    ("conversation_id", "/api/v1/chat/conversations/"): Names("conversation"),
    ("conversation_id", "/api/v1/chat/seller/conversations/"): Names("seller_conversation"),
    ("message_id", "/api/v1/chat/messages/"): Names("chat_image"),
    ("token_id", "/api/v1/me/tokens/"): Names("token"),
    ("session_id", "/api/v1/me/sessions/"): Names("session"),
    ("export_id", "/api/v1/me/data-export/"): Names("data_export"),
    ("collection_id", "/api/v1/seller/tax/collections/"): Names("tax_collection"),
    ("store_id", "/api/v1/reports/stores/"): Names("store"),
    ("export_id", "/api/v1/seller/reports/exports/"): Names("report_export"),
    ("supplier_id", "/api/v1/seller/suppliers/"): Names("supplier"),
    ("po_id", "/api/v1/seller/purchase-orders/"): Names("purchase_order"),
    ("receipt_id", "/api/v1/seller/receipts/"): Names("receipt"),
    ("variant_id", "/api/v1/seller/reorder-settings/"): Names("variant"),
    ("import_id", "/api/v1/seller/products-imports/"): Names("store_import"),
    ("count_id", "/api/v1/seller/stock/counts/"): Names("stock_count"),
}

# Parameters that name no object: a fixed word of the address.
VALUES: dict[str, str] = {"kind": "return"}

# Operations anyone may call on an object they do not own, with the reason.
PUBLIC: dict[str, str] = {
    "GET /api/v1/products/{product_id}": "a listed product is public (the catalog)",
    "GET /api/v1/products/{product_id}/reviews": "a product's visible reviews are public",
    "GET /api/v1/products/{product_id}/reviews/summary": "a product's rating is public",
    "GET /api/v1/stores/{slug}": "a store's page is public",
    "GET /api/v1/stores/{slug}/reputation": "a store's reputation is public (Penilaian Toko)",
    "GET /api/v1/flash-sales/{slug}": "a running flash sale is public",
    "POST /api/v1/flash-sales/items/{item_id}/buy": "any buyer may buy a flash-sale item (the gate limits it)",
    "POST /api/v1/reviews/{review_id}/report": "any signed-in buyer may report a visible review",
    "GET /api/v1/seller/tax/proof/{month}": "the month names no object: the caller's own store's document",
    "GET /api/v1/seller/tax/platform-invoice/{month}": "the month names no object: the caller's own store's document",
}

# Owner controls that cannot run here, with the reason (the stranger's 404 is still asserted).
NO_CONTROL: dict[str, str] = {
    "GET /api/v1/complaints/{complaint_id}/return/labels/{kind}": "a label exists once a courier is booked (needs the courier simulator)",
    "GET /api/v1/seller/complaints/{complaint_id}/return/labels/{kind}": "a label exists once a courier is booked",
    "GET /api/v1/seller/complaints/{complaint_id}/replacement/options": "only for an exchange, and the demo return is a refund",
}

# Page parameters, by the route's prefix (as the resolver spells it).
PAGE_FACTORIES: dict[tuple[str, str], Names] = {
    ("address_id", "akun/alamat/"): Names("address"),
    ("item_id", "keranjang/"): Names("cart_item"),
    ("code", "pembayaran/"): Names("checkout_code"),
    ("order_id", "pesanan/"): Names("buyer_order"),
    ("product_id", "toko-saya/produk/"): Names("product"),
    ("import_id", "toko-saya/produk/impor/"): Names("store_import"),
    ("order_id", "toko-saya/pesanan/"): Names("seller_order"),
    ("location_id", "gudang/"): Names("location"),
    ("pick_list_id", "gudang/"): Names("pick_list"),
    ("order_id", "gudang/"): Names("packable_order"),
    ("manifest_id", "gudang/"): Names("manifest"),
    ("admission_id", "flash-sale/antrean/"): Names("admission"),
    ("pk", "komplain/"): Names("complaint"),
    ("pk", "komplain/foto/"): Names("complaint_photo"),
    ("pk", "toko-saya/komplain/"): Names("seller_complaint"),
    ("pk", "operator/komplain/"): Names("escalated_complaint"),
    ("line_id", "ulasan/tulis/"): Names("unreviewed_line"),
    ("review_id", "ulasan/"): Names("review"),
    ("review_id", "toko-saya/ulasan/"): Names("seller_review"),
    ("review_id", "operator/ulasan/"): Names("reported_review"),
    ("conversation_id", "chat/"): Names("conversation"),
    ("message_id", "chat/lampiran/"): Names("chat_image"),
    ("order_id", "toko-saya/chat/pesanan/"): Names("seller_order"),
    ("conversation_id", "toko-saya/chat/"): Names("seller_conversation"),
    ("session_id", "akun/sessions/"): Names("session"),
    ("export_id", "akun/data-pribadi/salinan/"): Names("data_export"),
    ("export_id", "toko-saya/laporan/ekspor/"): Names("report_export"),
    ("pk", "operator/risiko/"): Names("risk_case"),
    ("count_id", "toko-saya/stok/"): Names("stock_count"),
    ("pk", "akun/2fa/webauthn/keys/"): Names("passkey"),
    ("supplier_id", "toko-saya/pemasok/"): Names("supplier"),
    ("po_id", "toko-saya/pembelian/"): Names("purchase_order"),
    ("receipt_id", "toko-saya/penerimaan/"): Names("receipt"),
}

PAGE_PUBLIC: dict[str, str] = {
    "kategori/<slug:slug>/": "a category listing is public",
    "p/<slug:store_slug>/<slug:product_slug>/": "a product page is public",
    "p/<slug:store_slug>/<slug:product_slug>/ulasan/": "a product's reviews are public",
    "toko/<slug:slug>/": "a store's page is public",
    "toko/<slug:slug>/penilaian/": "a store's reputation is public",
    "flash-sale/<slug:slug>/": "a flash sale is public",
    "flash-sale/<slug:slug>/beli/<int:item_id>/": "any buyer may buy a flash-sale item",
    "chat/toko/<slug:store_slug>/": "any buyer may start a conversation with a store",
    "ulasan/<int:review_id>/laporkan/": "any signed-in buyer may report a visible review",
    "akun/^confirm-email/(?P<key>[-:\\w]+)/$": "the key is the secret (allauth's e-mail confirmation)",
    "akun/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": "the key is the secret (allauth's reset link)",
    "^akun/password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": "the key is the secret (allauth's reset link)",
    "media/<path:path>": "public media; private files are served by their apps' access checks",
    "toko-saya/pajak/bukti-pungut/<str:month>.pdf": "the month names no object: the caller's own store's document",
    "toko-saya/pajak/invoice-niaga/<str:month>.pdf": "the month names no object: the caller's own store's document",
}

PAGE_NO_CONTROL: dict[str, str] = {
    "komplain/<int:pk>/retur/label/<str:kind>/": "a label exists once a courier is booked",
    "toko-saya/komplain/<int:pk>/retur/label/<str:kind>/": "a label exists once a courier is booked",
    "toko-saya/komplain/<int:pk>/retur/kirim-pengganti/": "only for an exchange",
    "gudang/<int:location_id>/label/": "prints the parcels named in ?ids= (none here); the other gudang pages check the location",
}

# Outside the matrix: the API (above), the admin (staff only, Django's), the offline sandbox.
PAGE_AREAS_SKIPPED = ("api/", "admin/", "sandbox/")


# --- enumerating ---------------------------------------------------------------------------


def api_operations() -> list[tuple[str, str, dict]]:
    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if any(p["in"] == "path" for p in operation.get("parameters", [])):
                found.append((method.upper(), path, operation))
    return found


def page_patterns() -> list[str]:
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield prefix + str(p.pattern)

    routes = {r for r in walk(get_resolver().url_patterns) if "<" in r or "(?P" in r}
    return sorted(r for r in routes if not r.startswith(PAGE_AREAS_SKIPPED))


OPERATIONS = api_operations()
PAGES = page_patterns()
PARAM = re.compile(r"\{(\w+)\}")
PAGE_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def factory_for(table: dict[tuple[str, str], Names], name: str, path: str) -> Names | None:
    matches = [(prefix, names) for (param, prefix), names in table.items() if param == name and path.startswith(prefix)]
    return max(matches, key=lambda m: len(m[0]))[1] if matches else None


# --- the world -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return str(tmp_path_factory.mktemp("idor-media"))


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, media_root):
    """The module's media (and private files beside it) stay where the world put them."""
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    from huey.contrib.djhuey import HUEY

    previous, HUEY.immediate = HUEY.immediate, True
    locmem = "django.core.mail.backends.locmem.EmailBackend"
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root, EMAIL_BACKEND=locmem):
        with transaction.atomic():
            built = build_world()
            yield built
            transaction.set_rollback(True)
    HUEY.immediate = previous


def build_world():
    """The demo marketplace and what it lacks, each object noted with its owner (a World)."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from allauth.mfa.utils import is_mfa_enabled
    from django.contrib.auth import get_user_model

    from niaga.accounts.services import create_address, issue_token, register_user
    from niaga.aftersales.models import Complaint, ComplaintAttachment
    from niaga.aftersales.status import Status as ComplaintStatus
    from niaga.cart.services import add_item, cart_for
    from niaga.chat import services as chat
    from niaga.chat.models import Conversation, Side
    from niaga.conftest import TEBET
    from niaga.core import clock
    from niaga.fulfillment import services as fulfillment
    from niaga.inventory.services import create_product_with_stock
    from niaga.notifications.models import Notification
    from niaga.orders import services as orders
    from niaga.orders.models import Order, OrderLine
    from niaga.orders.status import Status
    from niaga.payments import money
    from niaga.promotions import campaigns
    from niaga.promotions.models import Admission, Campaign
    from niaga.reviews.models import Review
    from niaga.reviews.services import report
    from niaga.shipping.models import Manifest, Shipment
    from niaga.stores.models import Store
    from niaga.stores.services import open_store

    call_command("load_demo", stdout=io.StringIO())
    users = get_user_model().objects
    buyer = users.get(email="pembeli@niaga.local")
    seller = users.get(email="penjual@niaga.local")
    operator = users.get(email="admin@niaga.local")
    store = Store.objects.get(owner=seller)

    # The stranger: a buyer with an address and a seller with a store, a product and a warehouse.
    stranger = register_user(
        email="orang.lain@contoh.id", password="rahasia-kuat-123", full_name="Orang Lain", phone="", verified=True
    )
    address = {"recipient_name": "Orang Lain", "phone": "081298765432", "street": "Jl. Tebet Raya No. 1", **TEBET}
    create_address(user=stranger, data=address)
    their_store = open_store(owner=stranger, data={"name": "Toko Orang Lain", "city_code": "32.73"})
    category_id = store.products.first().category_id
    their_product = create_product_with_stock(
        store=their_store,
        data={"name": "Barang Orang Lain", "price": 9000, "stock": 3, "weight_grams": 100, "category_id": category_id},
        images=[png()],
    )
    their_location = fulfillment.store_location(store=their_store)

    w = World(buyer=buyer, seller=seller, operator=operator, stranger=stranger, stranger_token="")
    # Every scope a token can have, so the object's lookup (not the scope check) answers.
    w.stranger_token = issue_token(user=stranger, name="idor", scopes=list(scopes.GRANTABLE))
    if not is_mfa_enabled(operator):  # staff pages ask for a second factor (see signed_in)
        TOTP.activate(operator, generate_totp_secret())

    def own(key: str, value, owner) -> None:
        w.ids[key], w.owners[key] = value, owner

    own("address", buyer.addresses.first().pk, buyer)
    own("store", store.pk, seller)
    in_stock = store.products.filter(is_active=True, variants__stock__on_hand__gte=F("variants__stock__reserved") + 5)
    product = in_stock.order_by("pk").first()
    own("product", product.pk, seller)
    own("image", product.images.first().pk, seller)
    own("variant", product.variants.first().pk, seller)
    w.mine["product"] = their_product.pk
    from django.core.files.base import ContentFile

    from niaga.imports.models import ImportJob

    sheet = ImportJob(store=store, created_by=seller, status=ImportJob.Status.INVALID)
    sheet.file.save("idor.csv", ContentFile(b"SKU Induk,SKU Varian\n"), save=True)
    own("store_import", sheet.pk, seller)

    # A checkout of the buyer's, paid: an order to pack at the seller's warehouse.
    variant = product.variants.first()
    line = orders.LineDraft(variant.pk, product.name, "", product.price, 1, product.weight_grams)
    draft = orders.OrderDraft(
        store_id=store.pk,
        store_code="IDR",
        courier_code="jne_reg",
        courier_name="JNE Reguler",
        shipping_eta="2-3 hari",
        shipping_cost=18000,
        lines=[line],
    )
    group = orders.place_orders(
        buyer=buyer,
        drafts=[draft],
        shipping_address={"recipient_name": buyer.full_name},
        payment_method="va_bca",
        service_fee=1000,
        payment_due_at=clock.now() + dt.timedelta(hours=1),
    ).group
    money.record_payment(group=group, gateway_order_id=f"{group.code}-1", method="va_bca")
    orders.mark_group_paid(group=group, reason="Pembayaran diterima")
    to_pack = group.orders.get()
    assert to_pack.status == Status.TO_PACK
    own("checkout_code", group.code, buyer)
    own("packable_order", to_pack.pk, seller)
    from niaga.tax.models import Collection

    own("tax_collection", Collection.objects.get(order=to_pack).pk, seller)  # PPh 22 at payment
    location = fulfillment.store_location(store=store)
    own("location", location.pk, seller)
    w.mine["location"] = their_location.pk
    own("pick_list", fulfillment.create_pick_list(location=location, user=seller).pk, seller)
    from niaga.inventory import warehouse

    own("stock_count", warehouse.start_count(store=store, location_id=location.pk, actor=seller).pk, seller)
    manifest = Manifest.objects.create(
        number="MNF/IDOR/1",
        location=location,
        courier="jne",
        pickup_id="uji",
        created_by=seller,
        created_at=clock.now(),
    )
    own("manifest", manifest.pk, seller)
    cart = cart_for(user=buyer, create=True)
    own("cart_item", add_item(cart=cart, variant_id=product.variants.first().pk, quantity=1).pk, buyer)

    sale = Campaign.objects.filter(store=None).first() or Campaign.objects.first()
    admission = Admission.objects.create(
        item=sale.items.first(),
        buyer=buyer,
        quantity=1,
        address_id=buyer.addresses.first().pk,
        payment_method="va_bca",
        poll_key="kunci-cek-uji",
        created_at=clock.now(),
    )
    own("admission", admission.pk, buyer)
    other = store.products.filter(is_active=True).exclude(pk=product.pk).order_by("pk").first()
    campaign = campaigns.schedule(
        store=store,
        name="Flash Sale Toko",
        starts_at=clock.now() + dt.timedelta(days=2),
        ends_at=clock.now() + dt.timedelta(days=2, hours=2),
        variant_id=other.variants.first().pk,
        price=other.price - 1000,
        quota=1,
        per_buyer_limit=1,
    )
    own("store_campaign", campaign.slug, seller)
    own("notification", Notification.objects.filter(user=buyer).first().pk, buyer)

    complaint = Complaint.objects.get(buyer=buyer, status=ComplaintStatus.RETURN_REQUESTED)
    own("complaint", complaint.pk, buyer)
    own("buyer_order", complaint.order_id, buyer)  # delivered, and booked with a courier below
    own("seller_order", complaint.order_id, seller)
    # The demo ships with the seller's own AWB; a parcel booked with a courier (as a live
    # courier would book it) gives the tracking endpoints something to show its owner.
    Shipment.objects.create(
        order=complaint.order,
        courier="jne",
        service="REG",
        booking_id="BKG-IDOR-1",
        awb="JNEIDOR0001",
        price=18000,
        chargeable_grams=1000,
        manifest=manifest,
        done=True,
        created_at=clock.now(),
    )
    own("seller_complaint", complaint.pk, complaint.store.owner)
    escalated = Complaint.objects.get(buyer=buyer, status=ComplaintStatus.ESCALATED)
    own("escalated_complaint", escalated.pk, operator)
    own("complaint_photo", ComplaintAttachment.objects.filter(message__complaint=complaint).first().pk, buyer)

    review = Review.objects.exclude(buyer__in=[buyer, stranger]).order_by("pk").first()
    own("review", review.pk, review.buyer)
    own("seller_review", review.pk, review.product.store.owner)
    report(user=buyer, review_id=review.pk, reason="spam", note="uji")
    own("reported_review", review.pk, operator)
    line = OrderLine.objects.filter(order__status=Status.COMPLETED, review__isnull=True).first()
    own("unreviewed_line", line.pk, line.order.buyer)

    conversation = Conversation.objects.get(buyer=buyer, store=store)
    own("conversation", conversation.pk, buyer)
    own("seller_conversation", conversation.pk, seller)
    sent = chat.send(conversation=conversation, side=Side.BUYER, sender=buyer, image=png("foto-chat.png"))
    own("chat_image", sent.message.pk, buyer)

    # The buyer's own token, a signed-in device and a copy of their data; the review queue's case.
    from allauth.usersessions.models import UserSession

    from niaga.accounts.models import ApiToken
    from niaga.privacy.exports import build_export
    from niaga.privacy.services import request_export
    from niaga.risk.models import Assessment

    issue_token(user=buyer, name="ponsel")
    own("token", ApiToken.objects.filter(user=buyer).latest("pk").pk, buyer)
    device = UserSession.objects.create(user=buyer, ip="10.0.0.1", session_key="idor-sesi", user_agent="Uji")
    own("session", device.pk, buyer)
    export = request_export(user=buyer)
    build_export(export_id=export.pk)
    own("data_export", export.pk, buyer)
    # The seller's report file, built as its job does.
    from niaga.reports.exports import build_export as build_report
    from niaga.reports.periods import preset
    from niaga.reports.services import request_export as request_report

    report_file = request_report(store=store, user=seller, kind="sales", format="xlsx", period=preset("30d"))
    build_report(export_id=report_file.pk)
    own("report_export", report_file.pk, seller)
    from allauth.mfa.models import Authenticator

    passkey = Authenticator.objects.create(
        user=buyer, type=Authenticator.Type.WEBAUTHN, data={"name": "Ponsel", "credential": {}, "passwordless": False}
    )
    own("passkey", passkey.pk, buyer)
    own("risk_case", Assessment.objects.order_by("pk").first().pk, operator)

    # Purchasing: the seller's supplier, an ordered PO with one receipt against it.
    from niaga.purchasing import services as purchasing

    supplier = purchasing.create_supplier(store=store, data={"name": "Pemasok Uji"})
    po = purchasing.create_purchase_order(
        store=store, supplier_id=supplier.pk, lines=[purchasing.LineIn(variant.pk, 5, 1000)]
    )
    purchasing.place_order(po=po)
    got = purchasing.receive(
        store=store, purchase_order_id=po.pk, lines=[purchasing.ReceiveLine(1, po_line_id=po.lines.get().pk)]
    )
    own("supplier", supplier.pk, seller)
    own("purchase_order", po.pk, seller)
    own("receipt", got.receipt.pk, seller)
    assert not Order.objects.filter(buyer=stranger).exists()
    return w


# --- asking -----------------------------------------------------------------------------------


def sample(schema: dict, components: dict) -> Any:
    """The smallest valid value of a JSON schema (the OpenAPI document's), for request bodies:
    a stranger's call must get past the input's validation to reach the object's lookup."""
    if "$ref" in schema:
        return sample(components[schema["$ref"].rsplit("/", 1)[1]], components)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if o.get("type") != "null"]
            return sample(options[0], components)
    if "default" in schema:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: sample(props[name], components) for name in schema.get("required", [])}
    if kind == "array":
        return [sample(schema.get("items", {}), components) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(schema.get("minimum", 1), schema.get("exclusiveMinimum", 0) + 1)
    if kind == "number":
        return 1
    if kind == "boolean":
        return False
    if schema.get("format") == "date-time":
        return (dt.datetime.now(dt.UTC) + dt.timedelta(days=1)).isoformat()
    if schema.get("format") == "binary":
        return png()
    text = "Uji akses"
    return (text * 10)[: max(schema.get("minLength", len(text)), 1)][: schema.get("maxLength", 100)]


COMPONENTS = api.get_openapi_schema()["components"]["schemas"]


def body_of(operation: dict) -> tuple[dict | None, str | None]:
    content = operation.get("requestBody", {}).get("content", {})
    components = COMPONENTS
    if "application/json" in content:
        return sample(content["application/json"]["schema"], components), "application/json"
    if "multipart/form-data" in content:
        schema = content["multipart/form-data"]["schema"]
        data = {}
        for name, prop in schema.get("properties", {}).items():
            if name in schema.get("required", []) or prop.get("format") == "binary":
                data[name] = sample(prop, components)
        return data, None
    return None, None


def call(client: Client, method: str, path: str, operation: dict, **extra):
    if method == "GET":
        return client.get(path, **extra)
    data, content_type = body_of(operation)
    if content_type:
        return client.generic(method, path, data=json.dumps(data), content_type=content_type, **extra)
    if data:
        return client.post(path, data=data, **extra)  # multipart (files)
    return client.generic(method, path, **extra)


def fill(path: str, values: dict[str, Any]) -> str:
    return PARAM.sub(lambda m: str(values[m.group(1)]), path)


def resolve(world: World, table, method: str, path: str, names: list[str]):
    """{param: value} of the owner's objects, the owner, and the stranger's own parents."""
    values, owner, mine = {}, None, {}
    for name in names:
        if name in VALUES:
            values[name] = VALUES[name]
            continue
        names_ = factory_for(table, name, path)
        if names_ is None:
            pytest.fail(
                f"{method} {path}: no factory for the parameter {name!r}. Say whose object it names in "
                f"FACTORIES/PAGE_FACTORIES (and the endpoint must answer a stranger 404), or list the "
                f"operation as public with the reason."
            )
        values[name] = world.ids[names_.key]
        owner = owner or world.owners[names_.key]
        if names_.key in world.mine:
            mine[name] = world.mine[names_.key]
    return values, owner, mine


def signed_in(user) -> Client:
    """A client signed in as `user`; staff have passed their second factor in the session, as
    /operator/ and /admin/ pages require (else the owner's control would only meet a redirect)."""
    client = Client()
    client.force_login(user)
    if user.is_staff:
        session = client.session
        session[AUTHENTICATION_METHODS_SESSION_KEY] = [{"method": "mfa", "type": "totp", "at": time.time()}]
        session.save()
    return client


# --- the API ------------------------------------------------------------------------------------


def _id(op) -> str:
    return f"{op[0]} {op[1]}"


@pytest.mark.parametrize("operation", OPERATIONS, ids=_id)
def test_a_stranger_gets_404_for_another_users_object_in_the_api(world, operation, db):
    method, path, spec = operation
    if _id(operation) in PUBLIC:
        return
    names = PARAM.findall(path)
    values, owner, mine = resolve(world, FACTORIES, method, path, names)
    url = fill(path, values)

    if method == "GET" and _id(operation) not in NO_CONTROL:
        answer = signed_in(owner).get(url)
        assert answer.status_code != 404, f"the owner's own {url} is 404: the factory names the wrong object"

    session = Client()
    session.force_login(world.stranger)
    token = Client(HTTP_AUTHORIZATION=f"Bearer {world.stranger_token}")
    tries = [url] + [fill(path, {**values, name: value}) for name, value in mine.items() if len(names) > 1]
    for attempt in tries:
        for how, client in (("session", session), ("token", token)):
            answer = call(client, method, attempt, spec)
            assert answer.status_code == 404, (
                f"{method} {attempt} as a stranger ({how}): {answer.status_code} {answer.content[:300]!r}"
            )


def test_every_address_naming_an_object_has_a_factory_or_is_public():
    """The matrix by construction: a new endpoint or page with an id in its address fails here
    until its object has a factory (and so a stranger's 404 is asserted) or a public reason."""
    missing = []
    for method, path, _ in OPERATIONS:
        if f"{method} {path}" not in PUBLIC:
            for name in PARAM.findall(path):
                if name not in VALUES and factory_for(FACTORIES, name, path) is None:
                    missing.append(f"{method} {path}: {name}")
    for route in PAGES:
        if route not in PAGE_PUBLIC:
            for _, name in PAGE_PARAM.findall(route):
                if name not in VALUES and factory_for(PAGE_FACTORIES, name, route) is None:
                    missing.append(f"page {route}: {name}")
            if "(?P" in route:
                missing.append(f"page {route}: a regular expression route, not listed as public")
    assert missing == []


def test_every_entry_of_the_tables_names_an_address_that_exists():
    """A stale entry would hide a renamed endpoint's missing factory."""
    ops = {_id(op) for op in OPERATIONS}
    assert set(PUBLIC) - ops == set() and set(NO_CONTROL) - ops == set()
    used = {(n, p) for (n, p) in FACTORIES for _, path, _ in OPERATIONS if f"{{{n}}}" in path and path.startswith(p)}
    assert set(FACTORIES) - used == set()
    pages = set(PAGES)
    assert set(PAGE_PUBLIC) - pages == set() and set(PAGE_NO_CONTROL) - pages == set()
    used = {(n, p) for (n, p) in PAGE_FACTORIES for route in PAGES if f":{n}>" in route and route.startswith(p)}
    assert set(PAGE_FACTORIES) - used == set()


# --- the pages ----------------------------------------------------------------------------------

# Operator pages behind Django's staff_member_required send anyone else to the staff sign-in,
# the same answer for every id (nothing about the object is told): accepted beside 404.
STAFF_LOGIN_REDIRECT = "operator/"


def page_url(route: str, values: dict[str, Any]) -> str:
    return "/" + PAGE_PARAM.sub(lambda m: str(values[m.group(2)]), route)


@pytest.mark.parametrize("route", PAGES)
def test_a_stranger_gets_404_for_another_users_object_on_the_pages(world, route, db):
    if route in PAGE_PUBLIC:
        return
    names = [name for _, name in PAGE_PARAM.findall(route)] + re.findall(r"\(\?P<(\w+)>", route)
    values, owner, mine = resolve(world, PAGE_FACTORIES, "page", route, names)
    url = page_url(route, values)

    if route not in PAGE_NO_CONTROL:
        answer = signed_in(owner).get(url)
        assert answer.status_code != 404, f"the owner's own {url} is 404: the factory names the wrong object"

    stranger = Client()
    stranger.force_login(world.stranger)
    # Fresh from typing the password, so pages that ask for it again (allauth's passkey ones)
    # reach their lookup instead of answering every id with the same redirect.
    stranger.post(reverse("account_reauthenticate"), {"password": "rahasia-kuat-123"})
    tries = [url] + [page_url(route, {**values, name: value}) for name, value in mine.items() if len(names) > 1]
    for attempt in tries:
        answers = {method: getattr(stranger, method)(attempt) for method in ("get", "post")}
        for method, answer in answers.items():
            refused = answer.status_code in (404, 405) or (
                route.startswith(STAFF_LOGIN_REDIRECT)
                and answer.status_code == 302
                and answer["Location"].startswith("/admin/login/")
            )
            assert refused, f"{method.upper()} {attempt} as a stranger: {answer.status_code}"
        assert {a.status_code for a in answers.values()} != {405}, f"{attempt}: neither GET nor POST reached the view"
