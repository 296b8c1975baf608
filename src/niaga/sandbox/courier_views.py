"""The courier simulator's HTTP API under /sandbox/kurir/v1/ (Biteship-style paths and
bodies), and its page for a class: every parcel, with levers to fail, lose, return or
hurry it.

Every answer is JSON with `success`; a refusal also says `error` and carries the HTTP
status. All endpoints need the API key in the Authorization header.
"""

from __future__ import annotations

import hmac
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from niaga.core import jsonbody

from . import parcels
from .forms import SteerForm
from .models import Parcel
from .protocol import ApiError


def _api(*methods: str):
    def decorator(view):
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                key = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
                if not hmac.compare_digest(key.encode(), settings.NIAGA_SANDBOX_COURIER_API_KEY.encode()):
                    raise ApiError(401, "Invalid API key")
                if request.method not in methods:
                    raise ApiError(405, f"Use {' or '.join(methods)}")
                body = {}
                if request.method == "POST":
                    try:
                        body = jsonbody.loads(request.body or b"{}")
                    except (ValueError, UnicodeDecodeError):
                        raise ApiError(400, "Body must be JSON") from None
                    if not isinstance(body, dict):
                        raise ApiError(400, "Body must be a JSON object")
                return JsonResponse(view(request, body, *args, **kwargs))
            except ApiError as exc:
                return JsonResponse({"success": False, "error": exc.message, "code": exc.code}, status=exc.code)

        return wrapper

    return decorator


@_api("POST")
def create_order(request, body):
    return parcels.order_body(parcels.create(body))


@_api("GET")
def order(request, body, parcel_id: str):
    return parcels.order_body(parcels.get(parcel_id))


@_api("POST")
def cancel_order(request, body, parcel_id: str):
    return parcels.order_body(parcels.cancel(parcel_id))


@_api("POST")
def pickup(request, body):
    return {"success": True, "id": parcels.request_pickup(body.get("order_ids"))}


@_api("GET")
def tracking(request, body, parcel_id: str):
    return parcels.tracking_body(parcels.get(parcel_id))


@_api("POST")
def steer(request, body, waybill: str):
    """Simulator only: {"scenario": "lost"} and/or {"advance_hours": 24}."""
    parcel = Parcel.objects.filter(waybill=waybill).first()
    if parcel is None:
        raise ApiError(404, "Waybill not found")
    advance = body.get("advance_hours", 0)
    if isinstance(advance, bool) or not isinstance(advance, int):
        raise ApiError(400, "advance_hours must be a whole number")
    parcels.steer(parcel, scenario=body.get("scenario"), advance_hours=advance)
    return parcels.tracking_body(parcel)


@require_http_methods(["GET", "POST"])
def page(request):
    """/sandbox/kurir/ — the parcels in the simulated world, and what happens to them next."""
    if request.method == "POST":
        form = SteerForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Resi tidak ditemukan." if "waybill" in form.errors else "Isian tidak valid.")
            return redirect("sandbox:kurir")
        data = form.cleaned_data
        parcel = Parcel.objects.filter(waybill=data["waybill"]).first()
        if parcel is None:
            messages.error(request, "Resi tidak ditemukan.")
            return redirect("sandbox:kurir")
        try:
            parcels.steer(parcel, scenario=data["scenario"] or None, advance_hours=data["advance_hours"] or 0)
            messages.success(request, f"Paket {parcel.waybill} diperbarui.")
        except ApiError as exc:
            messages.error(request, exc.message)
        return redirect("sandbox:kurir")
        try:
            if parcel is None:
                raise ApiError(400, "Isian tidak valid.")
            data = form.cleaned_data
            parcels.steer(parcel, scenario=data["scenario"] or None, advance_hours=data["advance_hours"] or 0)
            messages.success(request, f"Paket {parcel.waybill} diperbarui.")
        except ApiError as exc:
            messages.error(request, exc.message)
        return redirect("sandbox:kurir")
    rows = [(p, parcels.journey(p)) for p in Parcel.objects.all()[:50]]
    return render(
        request,
        "sandbox/kurir.html",
        {
            "rows": rows,
            "scenarios": Parcel.Scenario.choices,
            "hour_seconds": settings.NIAGA_SANDBOX_COURIER_HOUR_SECONDS,
        },
    )
