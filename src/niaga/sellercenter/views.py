"""Toko Saya: the seller's pages, composed from stores, catalog and orders.

No rules live here: every write goes through the owning app's service, every read
through a selector scoped to the seller's own store.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from niaga.accounts import regions
from niaga.catalog import selectors as catalog
from niaga.catalog import services as catalog_services
from niaga.catalog.models import Condition
from niaga.core import clock, paymethods
from niaga.core.errors import DomainError
from niaga.core.pages import amount_text, form_error, or_404, parse_int
from niaga.fulfillment import selectors as fulfillment_selectors
from niaga.fulfillment import services as fulfillment
from niaga.inventory import services as inventory
from niaga.orders import selectors as order_selectors
from niaga.orders import services as order_services
from niaga.orders.status import Status
from niaga.payments import money, settlement
from niaga.payments import selectors as payment_selectors
from niaga.payments.models import PAYOUT_BANKS
from niaga.promotions import campaigns as flash_campaigns
from niaga.shipping import selectors as shipping_selectors
from niaga.shipping import services as shipping
from niaga.stores import selectors as stores
from niaga.stores import services as store_services
from niaga.stores.decorators import store_required

STORE_TEXT_FIELDS = ("name", "slug", "city_code", "description", "return_policy", "warranty_policy")
PER_PAGE = 20


# --- dashboard ---------------------------------------------------------------------------


@store_required
def dashboard(request, store):
    counts = order_selectors.status_counts(order_selectors.store_orders(store))
    return render(
        request,
        "sellercenter/dashboard.html",
        {
            "store": store,
            "status_tiles": [(s.value, s.label, counts.get(s.value, 0)) for s in _SELLER_STATUSES],
            "latest": order_selectors.store_orders(store)[:5],
            "product_count": catalog.store_products(store).count(),
            "store_url": request.build_absolute_uri(reverse("stores:detail", args=[store.slug])),
            "location": fulfillment.store_location(store=store),
        },
    )


# --- the store itself ----------------------------------------------------------------------


def _store_form(request, values: dict, *, store=None, error: DomainError | None = None):
    province = values.get("province_code") or ""
    if not province and values.get("city_code"):
        province = regions.parent_code(values["city_code"])
        values = {**values, "province_code": province}
    context = {
        "values": values,
        "store": store,
        "provinces": regions.children(),
        "cities": regions.children(province) if province and regions.get(province) else [],
        "all_methods": list(paymethods.METHODS.values()),
        "selected_methods": set(values.get("payment_methods") or []),
    }
    if error is not None:
        return form_error(request, "sellercenter/store_form.html", context, error)
    return render(request, "sellercenter/store_form.html", context)


def _store_data(post) -> dict:
    data = {f: (post.get(f) or "").strip()[:5000] for f in STORE_TEXT_FIELDS}
    data["payment_methods"] = [m[:20] for m in post.getlist("payment_methods")][:20]
    return data


@login_required
@require_http_methods(["GET", "POST"])
def open_store(request):
    if stores.store_of(request.user) is not None:
        return redirect("seller:dashboard")
    if request.method == "GET":
        return _store_form(request, {"payment_methods": list(paymethods.METHODS)})
    data = _store_data(request.POST)
    values = {**data, "province_code": request.POST.get("province_code", "")[:2]}
    if request.POST.get("_refresh"):
        return _store_form(request, values)
    try:
        store = store_services.open_store(owner=request.user, data=data, logo=request.FILES.get("logo"))
    except DomainError as exc:
        return _store_form(request, values, error=exc)
    messages.success(request, f"Toko {store.name} sudah buka! Tambahkan produk pertamamu.")
    return redirect("seller:product_new")


@store_required
@require_http_methods(["GET", "POST"])
def settings_view(request, store):
    if request.method == "GET":
        values = {f: getattr(store, f) for f in STORE_TEXT_FIELDS}
        values.update(province_code=store.province_code, payment_methods=store.payment_methods)
        return _store_form(request, values, store=store)
    data = _store_data(request.POST)
    values = {**data, "province_code": request.POST.get("province_code", "")[:2]}
    if request.POST.get("_refresh"):
        return _store_form(request, values, store=store)
    try:
        store_services.update_store(store=store, data=data, logo=request.FILES.get("logo"))
    except DomainError as exc:
        store.refresh_from_db()
        return _store_form(request, values, store=store, error=exc)
    messages.success(request, "Pengaturan toko disimpan.")
    return redirect("seller:settings")


# --- products ----------------------------------------------------------------------------


@store_required
def products(request, store):
    page = Paginator(catalog.store_products(store), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "sellercenter/products.html", {"store": store, "page_obj": page, "products": page.object_list}
    )


def _product_data(post, *, with_stock: bool) -> dict:
    data = {
        "name": (post.get("name") or "").strip()[:200],
        "category_id": post.get("category", ""),
        "price": amount_text(post.get("price"))[:20],
        "weight_grams": amount_text(post.get("weight_grams"))[:20],
        "condition": post.get("condition", "")[:10],
        "description": (post.get("description") or "")[:10000],
    }
    if with_stock:
        data["stock"] = amount_text(post.get("stock"))[:20]
    return data


def _as_form_errors(exc: DomainError) -> DomainError:
    """The service names the category `category_id`; the form field is `category`."""
    if "category_id" in exc.fields:
        exc.fields = {**exc.fields, "category": exc.fields["category_id"]}
    if "image" in exc.fields:
        exc.fields = {**exc.fields, "images": exc.fields["image"]}
    return exc


@store_required
@require_http_methods(["GET", "POST"])
def product_new(request, store):
    context = {"store": store, "categories": catalog.categories(), "conditions": Condition.choices}
    if request.method == "GET":
        return render(
            request, "sellercenter/product_new.html", {**context, "values": {"condition": "new", "stock": "1"}}
        )
    data = _product_data(request.POST, with_stock=True)
    values = {**data, "category": data["category_id"]}
    try:
        product = inventory.create_product_with_stock(
            store=store, data=data, images=request.FILES.getlist("images")[:8]
        )
    except DomainError as exc:
        return form_error(request, "sellercenter/product_new.html", {**context, "values": values}, _as_form_errors(exc))
    return redirect(f"{reverse('seller:product_edit', args=[product.pk])}?baru=1")


def _edit_context(request, store, product) -> dict:
    variants = list(product.variants.all())
    for v in variants:
        v.available_units = max(0, v.stock.available) if hasattr(v, "stock") else 0
    single = len(variants) == 1
    return {
        "store": store,
        "product": product,
        "variants": variants,
        "single_variant": single,
        "images": list(product.images.all()),
        "categories": catalog.categories(),
        "conditions": Condition.choices,
        "share_url": request.build_absolute_uri(product.get_absolute_url()),
        "just_created": request.GET.get("baru") == "1",
        "values": {
            "name": product.name,
            "category": str(product.category_id),
            "price": product.price,
            "weight_grams": product.weight_grams,
            "condition": product.condition,
            "description": product.description,
            "stock": variants[0].available_units if single else "",
        },
    }


@store_required
@require_http_methods(["GET", "POST"])
def product_edit(request, store, product_id: int):
    product = or_404(catalog.store_product, store, product_id)
    if request.method == "GET":
        return render(request, "sellercenter/product_edit.html", _edit_context(request, store, product))
    action = request.POST.get("action", "save")
    handler = _EDIT_ACTIONS.get(action)
    try:
        if handler is None:
            raise DomainError("Aksi tidak dikenal.", code="invalid_action")
        notice = handler(request, product)
    except DomainError as exc:
        context = _edit_context(request, store, or_404(catalog.store_product, store, product_id))
        if action == "save":
            data = _product_data(request.POST, with_stock=context["single_variant"])
            context["values"] = {**data, "category": data["category_id"]}
        return form_error(request, "sellercenter/product_edit.html", context, _as_form_errors(exc))
    messages.success(request, notice)
    return redirect("seller:product_edit", product_id=product.pk)


def _save_product(request, product) -> str:
    single = product.variants.count() == 1
    inventory.update_product_with_stock(product=product, data=_product_data(request.POST, with_stock=single))
    return "Perubahan produk disimpan."


def _add_images(request, product) -> str:
    uploads = request.FILES.getlist("images")
    if not uploads:
        raise DomainError(
            "Pilih gambar yang akan diunggah.", code="no_image", fields={"images": "Pilih minimal satu gambar."}
        )
    for upload in uploads[:8]:
        catalog_services.add_image(product=product, upload=upload)
    return f"{len(uploads[:8])} gambar ditambahkan."


def _delete_image(request, product) -> str:
    image_id = parse_int(request.POST.get("image_id"))
    image = next((i for i in product.images.all() if i.pk == image_id), None)
    if image is None:
        raise DomainError("Gambar tidak ditemukan.", code="image_not_found")
    catalog_services.delete_image(image=image)
    return "Gambar dihapus."


def _toggle_active(request, product) -> str:
    catalog_services.update_product(product=product, data={"is_active": not product.is_active})
    return (
        "Produk ditayangkan kembali." if product.is_active else "Produk dinonaktifkan dan tidak tampil untuk pembeli."
    )


def _variant_stock(request, product) -> str:
    variant_id = parse_int(request.POST.get("variant_id"))
    variant = next((v for v in product.variants.all() if v.pk == variant_id), None)
    if variant is None:
        raise DomainError("Varian tidak ditemukan.", code="variant_not_found")
    inventory.set_variant_stock(variant=variant, stock=amount_text(request.POST.get("stock")))
    return f"Stok {variant.name or 'produk'} disimpan."


_EDIT_ACTIONS = {
    "save": _save_product,
    "add_images": _add_images,
    "delete_image": _delete_image,
    "toggle_active": _toggle_active,
    "variant_stock": _variant_stock,
}


# --- orders ------------------------------------------------------------------------------

_SELLER_STATUSES = [
    Status.AWAITING_PAYMENT,
    Status.TO_PACK,
    Status.READY_TO_SHIP,
    Status.SHIPPED,
    Status.DELIVERED,
    Status.COMPLETED,
    Status.CANCELLED,
]


@store_required
def orders(request, store):
    status = request.GET.get("status", "")
    status = status if status in Status.values else ""
    counts = order_selectors.status_counts(order_selectors.store_orders(store))
    page = Paginator(order_selectors.store_orders(store, status or None), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "sellercenter/orders.html",
        {
            "store": store,
            "status": status,
            "tabs": [("", "Semua", sum(counts.values()))]
            + [(s.value, s.label, counts.get(s.value, 0)) for s in _SELLER_STATUSES],
            "page_obj": page,
            "orders": page.object_list,
        },
    )


def _order_context(store, order) -> dict:
    shipment, tracking = shipping_selectors.tracking_of(order)
    return {
        "store": store,
        "order": order,
        "events": list(order.events.all())[::-1],
        "shipment": shipment,
        "tracking": tracking,
        "shortages": fulfillment_selectors.shortages(order),
        "location": fulfillment.store_location(store=store),
        "settlement": settlement.settlement_of(order),
        "commission_percent": f"{settings.NIAGA_COMMISSION_BPS / 100:g}",
        "commission_on_goods": settings.NIAGA_COMMISSION_BASE == "goods",
    }


@store_required
@require_http_methods(["GET", "POST"])
def order(request, store, order_id: int):
    found = or_404(order_selectors.store_order, store, order_id)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "pack":
                order_services.seller_pack(order=found, seller=request.user)
                messages.success(request, "Pesanan siap dikirim.")
            elif action == "ship":
                order_services.seller_ship(order=found, seller=request.user, awb=request.POST.get("awb", ""))
                messages.success(request, "Pesanan dikirim. Pembeli diberi tahu nomor resinya.")
            elif action in ("cancel_short_units", "cancel_short_order"):
                fulfillment.resolve_short(order=found, seller=request.user, cancel_order=action == "cancel_short_order")
                messages.success(request, "Kekurangan diselesaikan; dana pembeli dikembalikan.")
            elif action == "track":
                if hasattr(found, "shipment"):
                    shipping.poll(shipment=found.shipment)
        except DomainError as exc:
            found = order_selectors.store_order(store, order_id)
            return form_error(
                request, "sellercenter/order.html", {**_order_context(store, found), "values": request.POST}, exc
            )
        return redirect("seller:order", order_id=order_id)
    return render(request, "sellercenter/order.html", _order_context(store, found))


# --- money -------------------------------------------------------------------------------


@store_required
@require_http_methods(["GET", "POST"])
def balance(request, store):
    """Saldo toko: held in escrow (pending), available, and withdrawals to a bank account."""
    error = None
    values = {}
    if request.method == "POST":
        values = {k: (request.POST.get(k) or "").strip() for k in ("amount", "bank", "account_number", "account_name")}
        try:
            amount = parse_int(amount_text(values["amount"]), minimum=1)
            if amount is None:
                raise DomainError(
                    "Masukkan jumlah penarikan.", code="invalid_amount", fields={"amount": "Minimal Rp1."}
                )
            money.request_payout(
                store=store,
                amount=amount,
                bank=values["bank"],
                account_number=values["account_number"],
                account_name=values["account_name"],
            )
        except DomainError as exc:
            error = exc
        else:
            messages.success(request, "Penarikan diajukan. Operator akan memprosesnya.")
            return redirect("seller:balance")
    context = {
        "store": store,
        "balances": money.seller_balances(store),
        "payouts": payment_selectors.payouts_of(store)[:20],
        "history": settlement.saldo_history(store),
        "held": settlement.held_per_order(store),
        "banks": PAYOUT_BANKS,
        "values": values,
    }
    if error is not None:
        return form_error(request, "sellercenter/balance.html", context, error)
    return render(request, "sellercenter/balance.html", context)


# --- flash sales -------------------------------------------------------------------------

FLASH_FIELDS = ("name", "variant", "price", "quota", "per_buyer_limit", "starts_at", "ends_at")


def _local_time(raw: str, field: str):
    """A datetime-local value ("2026-11-11T00:00"), read as Jakarta time."""
    try:
        return timezone.make_aware(dt.datetime.strptime(raw, "%Y-%m-%dT%H:%M"))
    except ValueError:
        raise DomainError("Isi tanggal dan jam.", code="invalid_campaign", fields={field: "Tanggal dan jam."}) from None


def _schedule_from(store, values: dict):
    numbers = {}
    for name, minimum in (("variant", 1), ("price", 1), ("quota", 1), ("per_buyer_limit", 1)):
        numbers[name] = parse_int(amount_text(values[name]), minimum=minimum)
        if numbers[name] is None:
            raise DomainError("Periksa isian yang ditandai.", code="invalid_campaign", fields={name: "Isi angka."})
    return flash_campaigns.schedule(
        store=store,
        name=values["name"],
        starts_at=_local_time(values["starts_at"], "starts_at"),
        ends_at=_local_time(values["ends_at"], "ends_at"),
        variant_id=numbers["variant"],
        price=numbers["price"],
        quota=numbers["quota"],
        per_buyer_limit=numbers["per_buyer_limit"],
    )


@store_required
@require_http_methods(["GET", "POST"])
def flash_sales(request, store):
    """The store's flash sales: schedule one for a product, or call off one not yet started."""
    error, values = None, {}
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                flash_campaigns.cancel(store=store, slug=request.POST.get("slug", "")[:60])
                messages.success(request, "Flash sale dibatalkan.")
            else:
                values = {k: (request.POST.get(k) or "").strip()[:80] for k in FLASH_FIELDS}
                campaign = _schedule_from(store, values)
                messages.success(request, f"Flash sale {campaign.name} dijadwalkan.")
            return redirect("seller:flash_sales")
        except DomainError as exc:
            error = exc
    start = timezone.localtime(clock.now() + dt.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    context = {
        "store": store,
        "campaigns": flash_campaigns.of_store(store),
        "variants": catalog.store_variants_for_sale(store),
        "values": values
        or {
            "per_buyer_limit": "1",
            "starts_at": f"{start:%Y-%m-%dT%H:%M}",
            "ends_at": f"{start + dt.timedelta(hours=2):%Y-%m-%dT%H:%M}",
        },
        "now": clock.now(),
    }
    if error is not None:
        return form_error(request, "sellercenter/flash_sales.html", context, error)
    return render(request, "sellercenter/flash_sales.html", context)
