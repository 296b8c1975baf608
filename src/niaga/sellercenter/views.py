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
from niaga.accounts.stepup import require_step_up
from niaga.aftersales import selectors as complaint_selectors
from niaga.catalog import policy as product_policy
from niaga.catalog import selectors as catalog
from niaga.catalog import services as catalog_services
from niaga.catalog.models import Condition
from niaga.core import clock, paymethods
from niaga.core.errors import DomainError
from niaga.core.forms import PageForm
from niaga.core.pages import amount_text, form_error, or_404, parse_int
from niaga.fulfillment import selectors as fulfillment_selectors
from niaga.fulfillment import services as fulfillment
from niaga.inventory import services as inventory
from niaga.orders import panels as order_panels
from niaga.orders import selectors as order_selectors
from niaga.orders import services as order_services
from niaga.orders import timeline as order_timeline
from niaga.orders.status import Status
from niaga.payments import bank, money, settlement
from niaga.payments import selectors as payment_selectors
from niaga.payments.models import PAYOUT_BANKS
from niaga.promotions import campaigns as flash_campaigns
from niaga.shipping import selectors as shipping_selectors
from niaga.shipping import services as shipping
from niaga.stores import selectors as stores
from niaga.stores import services as store_services
from niaga.stores.decorators import store_required
from niaga.stores.policy import DAY_NAMES, WarrantyKind

from .forms import BankAccountForm, FlashSaleForm, ImagesForm, PayoutForm, ProductForm, StoreForm

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
            "complaints_waiting": complaint_selectors.awaiting_seller(store).count(),
        },
    )


# --- the store itself ----------------------------------------------------------------------

YES_NO_FIELDS = [
    ("accepts_returns", "Terima retur (barang dikembalikan, dana kembali)"),
    ("accepts_exchanges", "Terima tukar barang"),
]


def _store_page(request, form: StoreForm, *, store=None):
    values = form.values()
    province = values.get("province_code") or ""
    if not province and values.get("city_code"):
        province = regions.parent_code(values["city_code"])
    context = {
        **form.context(),
        "store": store,
        "province_code": province,
        "provinces": regions.children(),
        "cities": regions.children(province) if province and regions.get(province) else [],
        "all_methods": list(paymethods.METHODS.values()),
        "selected_methods": form.selected_methods(),
        "selected_days": form.selected_days(),
        "day_names": list(enumerate(DAY_NAMES)),
        "warranty_kinds": WarrantyKind.choices,
        "yes_no_fields": YES_NO_FIELDS,
    }
    return render(request, "sellercenter/store_form.html", context, status=form.status)


@login_required
@require_http_methods(["GET", "POST"])
def open_store(request):
    if stores.store_of(request.user) is not None:
        return redirect("seller:dashboard")
    if request.method == "GET":
        initial = {
            "payment_methods": list(paymethods.METHODS),
            "return_window_days": "7",
            "accepts_returns": "1",
            "accepts_exchanges": "1",
            "warranty_kind": "none",
            "warranty_months": "0",
        }
        return _store_page(request, StoreForm(initial=initial))
    form = StoreForm(request.POST, request.FILES)
    if request.POST.get("_refresh"):
        return _store_page(request, form)
    if form.checked():
        try:
            store = store_services.open_store(
                owner=request.user, data=form.store_data(), logo=form.cleaned_data["logo"]
            )
        except DomainError as exc:
            form.refuse(exc)
        else:
            messages.success(request, f"Toko {store.name} sudah buka! Tambahkan produk pertamamu.")
            return redirect("seller:product_new")
    return _store_page(request, form)


@store_required
@require_http_methods(["GET", "POST"])
def settings_view(request, store):
    if request.method == "GET":
        return _store_page(request, StoreForm(initial=StoreForm.initial_of(store)), store=store)
    form = StoreForm(request.POST, request.FILES)
    if request.POST.get("_refresh"):
        return _store_page(request, form, store=store)
    if form.checked():
        try:
            store_services.update_store(store=store, data=form.store_data(), logo=form.cleaned_data["logo"])
        except DomainError as exc:
            store.refresh_from_db()
            form.refuse(exc)
        else:
            messages.success(request, "Pengaturan toko disimpan.")
            return redirect("seller:settings")
    return _store_page(request, form, store=store)


# --- products ----------------------------------------------------------------------------


@store_required
def products(request, store):
    page = Paginator(catalog.store_products(store), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "sellercenter/products.html", {"store": store, "page_obj": page, "products": page.object_list}
    )


@store_required
@require_http_methods(["GET", "POST"])
def product_new(request, store):
    context = {
        "store": store,
        "categories": catalog.categories(),
        "conditions": Condition.choices,
        **_policy_context(store),
    }
    if request.method == "GET":
        form = ProductForm(initial={"condition": "new", "stock": "1"})
        return render(request, "sellercenter/product_new.html", {**context, **form.context()})
    form, photos = ProductForm(request.POST), ImagesForm(request.POST, request.FILES)
    if all([form.checked(), photos.checked()]):  # both checked, so both say what is wrong
        try:
            product = inventory.create_product_with_stock(
                store=store, data=form.product_data(), images=photos.cleaned_data["images"], actor=request.user
            )
        except DomainError as exc:
            form.refuse(exc)
        else:
            return redirect(f"{reverse('seller:product_edit', args=[product.pk])}?baru=1")
    page = {**context, **form.context(), "error": form.message or photos.message}
    page["errors"] = {**photos.field_errors(), **page["errors"]}
    return render(request, "sellercenter/product_new.html", page, status=max(form.status, photos.status))


def _policy_context(store) -> dict:
    """What the product form's own-policy fields show: the choices, and the store's promise they override."""
    return {
        "store_policy": product_policy.for_store(store),
        "warranty_kinds": WarrantyKind.choices,
        "yes_no_fields": YES_NO_FIELDS,
    }


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
        **_policy_context(store),
        **ProductForm(
            initial={
                "name": product.name,
                "category": str(product.category_id),
                "price": product.price,
                "weight_grams": product.weight_grams,
                "condition": product.condition,
                "description": product.description,
                "stock": variants[0].available_units if single else "",
                **ProductForm.policy_initial(product),
            }
        ).context(),
    }


@store_required
@require_http_methods(["GET", "POST"])
def product_edit(request, store, product_id: int):
    product = or_404(catalog.store_product, store, product_id)
    if request.method == "GET":
        return render(request, "sellercenter/product_edit.html", _edit_context(request, store, product))
    action = request.POST.get("action", "save")
    if action == "save":
        return _save_product(request, store, product)
    if action == "add_images":
        return _add_images(request, store, product)
    handler = _EDIT_ACTIONS.get(action)
    try:
        if handler is None:
            raise DomainError("Aksi tidak dikenal.", code="invalid_action")
        notice = handler(request, product)
    except DomainError as exc:
        context = _edit_context(request, store, or_404(catalog.store_product, store, product_id))
        return form_error(request, "sellercenter/product_edit.html", context, exc)
    messages.success(request, notice)
    return redirect("seller:product_edit", product_id=product.pk)


def _edit_page(request, store, product, form: PageForm):
    """The edit page again, with the refused form's values and messages (the product as stored)."""
    context = _edit_context(request, store, or_404(catalog.store_product, store, product.pk))
    if isinstance(form, ProductForm):
        context.update(form.context())
    else:
        context.update(error=form.message, errors=form.field_errors())
    return render(request, "sellercenter/product_edit.html", context, status=form.status)


def _save_product(request, store, product):
    form = ProductForm(request.POST, with_stock=product.variants.count() == 1)
    if form.checked():
        try:
            inventory.update_product_with_stock(product=product, data=form.product_data(), actor=request.user)
        except DomainError as exc:
            form.refuse(exc)
        else:
            messages.success(request, "Perubahan produk disimpan.")
            return redirect("seller:product_edit", product_id=product.pk)
    return _edit_page(request, store, product, form)


def _add_images(request, store, product):
    photos = ImagesForm(request.POST, request.FILES)
    if photos.checked():
        uploads = photos.cleaned_data["images"]
        try:
            if not uploads:
                raise DomainError(
                    "Pilih gambar yang akan diunggah.", code="no_image", fields={"images": "Pilih minimal satu gambar."}
                )
            for upload in uploads:
                catalog_services.add_image(product=product, upload=upload)
        except DomainError as exc:
            photos.refuse(exc)
        else:
            messages.success(request, f"{len(uploads)} gambar ditambahkan.")
            return redirect("seller:product_edit", product_id=product.pk)
    return _edit_page(request, store, product, photos)


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
    inventory.set_variant_stock(variant=variant, stock=amount_text(request.POST.get("stock")), actor=request.user)
    return f"Stok {variant.name or 'produk'} disimpan."


_EDIT_ACTIONS = {  # the small buttons: a hidden id, at most one number the service reads
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
        "events": order_timeline.of(order),
        "shipment": shipment,
        "tracking": tracking,
        "shortages": fulfillment_selectors.shortages(order),
        "location": fulfillment.store_location(store=store),
        "settlement": settlement.settlement_of(order),
        "commission_percent": f"{settings.NIAGA_COMMISSION_BPS / 100:g}",
        "commission_on_goods": settings.NIAGA_COMMISSION_BASE == "goods",
        "panels": order_panels.for_order(order, order_panels.SELLER),
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
@require_http_methods(["GET"])
def balance(request, store):
    """Saldo toko: held in escrow (pending), available, and withdrawals to the saved bank account."""
    return _balance_page(request, store, PayoutForm(None))


@store_required
@require_step_up  # a second factor passed within NIAGA_STEP_UP_MINUTES, even when signed in
@require_http_methods(["GET", "POST"])
def payout(request, store):
    """Tarik Saldo: the balance page's withdrawal form, behind a step-up."""
    form = PayoutForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.checked():
        try:
            money.request_payout(store=store, amount=form.cleaned_data["amount"], request=request)
        except DomainError as exc:
            form.refuse(exc)
        else:
            messages.success(request, "Penarikan diajukan. Operator akan memprosesnya.")
            return redirect("seller:balance")
    return _balance_page(request, store, form)


def _balance_page(request, store, form):
    context = {
        "store": store,
        "balances": money.seller_balances(store),
        "payouts": payment_selectors.payouts_of(store)[:20],
        "history": settlement.saldo_history(store),
        "held": settlement.held_per_order(store),
        "bank_account": bank.account_of(store),
        **form.context(),
    }
    return render(request, "sellercenter/balance.html", context, status=form.status)


@store_required
@require_step_up
@require_http_methods(["GET", "POST"])
def bank_account(request, store):
    """Rekening Bank: the one account the store's payouts go to. Asks for the second factor
    again (step-up); each change is audited and e-mailed to the owner."""
    form = BankAccountForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.checked():
        try:
            bank.set_bank_account(store=store, request=request, **form.cleaned_data)
        except DomainError as exc:
            form.refuse(exc)
        else:
            messages.success(request, "Rekening bank disimpan. Penarikan berikutnya dikirim ke rekening ini.")
            return redirect("seller:balance")
    context = {"store": store, "account": bank.account_of(store), "banks": PAYOUT_BANKS, **form.context()}
    return render(request, "sellercenter/bank_account.html", context, status=form.status)


# --- flash sales -------------------------------------------------------------------------


@store_required
@require_http_methods(["GET", "POST"])
def flash_sales(request, store):
    """The store's flash sales: schedule one for a product, or call off one not yet started."""
    start = timezone.localtime(clock.now() + dt.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    initial = {
        "per_buyer_limit": "1",
        "starts_at": f"{start:%Y-%m-%dT%H:%M}",
        "ends_at": f"{start + dt.timedelta(hours=2):%Y-%m-%dT%H:%M}",
    }
    cancelling = request.method == "POST" and request.POST.get("action") == "cancel"
    form = FlashSaleForm(request.POST if request.method == "POST" and not cancelling else None, initial=initial)
    if cancelling:
        try:
            flash_campaigns.cancel(store=store, slug=request.POST.get("slug", ""))
        except DomainError as exc:
            form.refuse(exc)
        else:
            messages.success(request, "Flash sale dibatalkan.")
            return redirect("seller:flash_sales")
    if form.is_bound and form.checked():
        data = form.cleaned_data
        try:
            campaign = flash_campaigns.schedule(
                store=store,
                name=data["name"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                variant_id=data["variant"],
                price=data["price"],
                quota=data["quota"],
                per_buyer_limit=data["per_buyer_limit"],
            )
        except DomainError as exc:
            form.refuse(exc)
        else:
            messages.success(request, f"Flash sale {campaign.name} dijadwalkan.")
            return redirect("seller:flash_sales")
    context = {
        "store": store,
        "campaigns": flash_campaigns.of_store(store),
        "variants": catalog.store_variants_for_sale(store),
        "now": clock.now(),
        "standing": stores.standing_of(store),
        **form.context(),
    }
    return render(request, "sellercenter/flash_sales.html", context, status=form.status)
