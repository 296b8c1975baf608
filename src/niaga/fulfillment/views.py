"""Gudang: pick and pack screens for fulfillment staff on a phone, and the PDFs they print.

Thin: parse the form, call a service, render. Every page is scoped to a location the
person works at (their store's own, or a fulfillment center they staff).
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from niaga.accounts import regions
from niaga.catalog.models import Variant
from niaga.core.errors import DomainError
from niaga.core.pages import form_error, parse_int, prefixed, safe_next
from niaga.orders.status import Status
from niaga.shipping import selectors as shipping_selectors
from niaga.shipping import services as shipping
from niaga.shipping.couriers import COURIERS
from niaga.stores import selectors as stores
from niaga.stores.decorators import store_required

from . import documents, labels, selectors, services
from .forms import PackForm, PickupAddressForm
from .models import BinSlot


def location_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, location_id: int, *args, **kwargs):
        location = selectors.location_for(request.user, location_id)
        if location is None:
            raise Http404("Lokasi tidak ditemukan.")
        return view(request, location, *args, **kwargs)

    return wrapper


@login_required
def index(request):
    """/gudang/ — the locations this person works at; a seller's own appears on first visit."""
    store = stores.store_of(request.user)
    if store is not None:
        services.store_location(store=store)
    locations = list(selectors.locations_for(request.user))
    if len(locations) == 1:
        return redirect("fulfillment:location", location_id=locations[0].pk)
    return render(request, "fulfillment/index.html", {"locations": locations})


@location_required
def location(request, location):
    orders = selectors.orders_at(location)
    ready = shipping_selectors.awaiting_pickup(location)
    return render(
        request,
        "fulfillment/location.html",
        {
            "location": location,
            "to_pick": selectors.to_pick(location).count(),
            "to_pack": orders.filter(status=Status.TO_PACK, held=False)
            .prefetch_related("lines")
            .order_by("ship_by", "pk")[:50],
            "ready": ready,
            "pick_lists": location.pick_lists.all()[:10],
            "manifests": location.manifests.all()[:10],
        },
    )


@location_required
@require_POST
def new_pick_list(request, location):
    try:
        pick_list = services.create_pick_list(location=location, user=request.user)
    except DomainError as exc:
        messages.info(request, exc.message)
        return redirect("fulfillment:location", location_id=location.pk)
    return redirect("fulfillment:pick", location_id=location.pk, pick_list_id=pick_list.pk)


@location_required
@require_http_methods(["GET", "POST"])
def pick(request, location, pick_list_id: int):
    pick_list = selectors.pick_list(location, pick_list_id)
    if pick_list is None:
        raise Http404("Daftar ambil tidak ditemukan.")
    rows = selectors.grouped(pick_list)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(documents.pick_list_pdf(pick_list, rows), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="ambil-{pick_list.pk}.pdf"'
        return response
    context = {"location": location, "pick_list": pick_list, "rows": rows}
    if request.method == "POST":
        typed = {int(k): parse_int(v, minimum=0) for k, v in prefixed(request.POST, "picked_").items()}
        picked = {k: v for k, v in typed.items() if v is not None}
        try:
            if len(picked) != len(typed):
                raise DomainError("Isi jumlah terambil dengan angka.", code="invalid_pick")
            short = services.record_picks(pick_list=pick_list, picked=picked, user=request.user)
        except DomainError as exc:
            return form_error(request, "fulfillment/pick.html", {**context, "values": request.POST}, exc)
        if short:
            messages.warning(request, f"{len(short)} baris kurang. Penjual diminta memutuskan sebelum dikemas.")
        else:
            messages.success(request, "Semua barang terambil. Lanjut kemas.")
        return redirect("fulfillment:location", location_id=location.pk)
    return render(request, "fulfillment/pick.html", context)


@location_required
@require_http_methods(["GET", "POST"])
def pack(request, location, order_id: int):
    order = selectors.orders_at(location).filter(pk=order_id).prefetch_related("lines").first()
    if order is None:
        raise Http404("Pesanan tidak ditemukan di lokasi ini.")
    if location.pickup_missing():  # no courier comes without it: ask before the parcel is closed
        messages.info(request, "Lengkapi alamat penjemputan gudang dulu: kurir menjemput paket di sana.")
        return redirect(f"{reverse('fulfillment:address', args=[location.pk])}?next={request.path}")
    lines = [line for line in order.lines.all() if line.to_send]
    # What a scanner reads: the seller's SKU, or Niaga's own code for variants without one.
    skus = {
        pk: sku or f"NGA-{pk}"
        for pk, sku in Variant.objects.filter(pk__in=[line.variant_id for line in lines]).values_list("pk", "sku")
    }
    # The scale starts from what the products weigh as listed; the packer corrects it.
    listed_grams = sum(line.weight_grams * line.to_send for line in lines)
    context = {
        "location": location,
        "order": order,
        "lines": [(line, skus.get(line.variant_id, "")) for line in lines],
        "shortages": selectors.shortages(order),
        "values": {"weight_grams": listed_grams},
        "weight_help": f"Terisi dari berat produk ({listed_grams} g); timbang dan ubah bila berbeda.",
    }
    if request.method == "POST":
        form = PackForm(request.POST)
        if form.checked():
            counts = {
                int(k): parse_int(v, minimum=0, maximum=10_000) or 0
                for k, v in prefixed(request.POST, "count_").items()
            }
            try:
                shipment = services.pack(order=order, user=request.user, counts=counts, **form.cleaned_data)
            except DomainError as exc:
                form.refuse(exc)
            else:
                messages.success(request, f"Paket ditutup. Resi {order.courier_name}: {shipment.awb}. Cetak labelnya.")
                return redirect("fulfillment:location", location_id=location.pk)
        return render(request, "fulfillment/pack.html", {**context, **form.context()}, status=form.status)
    return render(request, "fulfillment/pack.html", context)


@location_required
@require_http_methods(["GET", "POST"])
def pickup_address(request, location):
    """/gudang/<id>/alamat/ — where couriers pick parcels up, asked before the first booking."""
    next_url = safe_next(request, fallback="")
    if request.method == "POST":
        form = PickupAddressForm(request.POST)
        if request.POST.get("_refresh"):  # the no-JS "load the next level" button
            return _address_page(request, location, form.data, {}, next_url)
        if form.save(location=location):
            messages.success(request, "Alamat penjemputan disimpan. Kurir bisa dipesan dari gudang ini.")
            return redirect(next_url or reverse("fulfillment:location", args=[location.pk]))
        return _address_page(request, location, form.data, form.field_errors(), next_url, status=400)
    values = {name: getattr(location, name) for name in PickupAddressForm.base_fields}
    if location.kind == location.Kind.STORE:
        owner = location.store.owner
        values["contact_name"] = values["contact_name"] or owner.full_name
        values["phone"] = values["phone"] or owner.phone
    return _address_page(request, location, values, {}, next_url)


def _address_page(request, location, values, errors, next_url, status=200):
    province, regency, district = (values.get(k) or "" for k in ("province_code", "regency_code", "district_code"))
    context = {
        "location": location,
        "values": values,
        "errors": errors,
        "next": next_url,
        "missing": location.pickup_missing(),
        "provinces": regions.children(),
        "regencies": regions.children(province) if regions.get(province) else [],
        "districts": regions.children(regency) if regions.get(regency) else [],
        "villages": regions.children(district) if regions.get(district) else [],
    }
    if errors:
        context["error"] = "Alamat penjemputan belum lengkap atau tidak cocok. Periksa isian yang ditandai."
    return render(request, "fulfillment/address.html", context, status=status)


@location_required
@require_http_methods(["GET", "POST"])
def bins(request, location):
    """/gudang/<id>/rak/ — which bin holds each variant of the stores shipping from here."""
    variants = (
        Variant.objects.filter(product__store__ships_from__location=location)
        .select_related("product")
        .order_by("product__name", "name")
    )
    if request.method == "POST":
        wanted = {int(k): v for k, v in prefixed(request.POST, "bin_").items()}
        allowed = set(variants.filter(pk__in=wanted).values_list("pk", flat=True))
        try:
            services.assign_bins(location=location, bins={k: v for k, v in wanted.items() if k in allowed})
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "Lokasi rak disimpan.")
        return redirect("fulfillment:bins", location_id=location.pk)
    slots = dict(BinSlot.objects.filter(location=location).values_list("variant_id", "bin_code"))
    return render(
        request,
        "fulfillment/bins.html",
        {"location": location, "rows": [(v, slots.get(v.pk, "")) for v in variants[:500]]},
    )


@location_required
@require_POST
def request_pickup(request, location):
    try:
        manifest = shipping.request_pickup(
            location=location, courier_code=request.POST.get("courier", ""), user=request.user
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("fulfillment:location", location_id=location.pk)
    messages.success(request, f"{COURIERS[manifest.courier].name} diminta menjemput. Cetak manifes untuk serah terima.")
    return redirect("fulfillment:manifest", location_id=location.pk, manifest_id=manifest.pk)


@location_required
def manifest(request, location, manifest_id: int):
    found = location.manifests.filter(pk=manifest_id).first()
    if found is None:
        raise Http404("Manifes tidak ditemukan.")
    shipments = list(found.shipments.select_related("order").order_by("pk"))
    if request.GET.get("format") == "pdf":
        response = HttpResponse(documents.manifest_pdf(found, shipments), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="manifes-{found.pk}.pdf"'
        return response
    return render(
        request,
        "fulfillment/manifest.html",
        {"location": location, "manifest": found, "shipments": shipments, "courier": COURIERS[found.courier]},
    )


@location_required
def location_labels(request, location):
    """Labels for parcels packed here, any store: what a fulfillment center prints."""
    ids = _ids(request)
    found = selectors.labels_at(location, ids)
    return _labels_response(request, found)


@store_required
def print_labels(request, store):
    """/toko-saya/label/?ids=3,5,8&layout=a4 — the store's labels as one PDF."""
    return _labels_response(request, selectors.labels_for(store, _ids(request)))


def _ids(request) -> list[int]:
    parts = ",".join(request.GET.getlist("ids")).split(",")[:100]
    return [i for i in (parse_int(part, minimum=1) for part in parts) if i]


def _labels_response(request, found):
    layout = request.GET.get("layout", "a6")
    if not found or layout not in labels.LAYOUTS:
        raise Http404("Tidak ada label untuk dicetak.")
    response = HttpResponse(labels.render(found, layout=layout), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="label-niaga.pdf"'
    return response
