"""The courier simulator's world: parcels booked, picked up, carried through hubs, and
delivered, failed, returned or lost.

A parcel's journey is a pure function of its booking, its pickup request, its scenario
and the clock, so a test or a class can move time and watch it arrive. One simulated
hour lasts NIAGA_SANDBOX_COURIER_HOUR_SECONDS of real time.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from niaga.core import clock

from .models import Parcel
from .protocol import ApiError

COURIERS = {
    "jne": {"reg", "yes", "oke"},
    "jnt": {"ez"},
    "sicepat": {"reg", "best"},
    "pos": {"kilat_khusus"},
    "anteraja": {"reg"},
}
FINAL = {"delivered", "returned", "lost", "cancelled"}
MAX_WEIGHT = 150_000


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    status: str
    note: str


def _waybill(courier: str) -> str:
    digits = lambda n: "".join(secrets.choice("0123456789") for _ in range(n))  # noqa: E731  (a one-line formula, used only here)
    return {
        "jne": lambda: "CGK" + digits(13),
        "jnt": lambda: "JP" + digits(10),
        "sicepat": lambda: "00" + digits(10),
        "pos": lambda: "P" + digits(12),
        "anteraja": lambda: "10" + digits(12),
    }[courier]()


def _transit_days(parcel: Parcel) -> int:
    a, b = parcel.origin_area_id[:2], parcel.destination_area_id[:2]
    if a == b:
        return 1
    island = lambda code: "1" if code[0] == "2" else code[0]  # noqa: E731  (Kepri sails with Sumatera)
    if island(a) == island(b):
        return 2
    return 3 + (abs(int(island(a)) - int(island(b))) >= 4)


def journey(parcel: Parcel, now: dt.datetime | None = None) -> list[Step]:
    """Every step the parcel has made by `now`, oldest first."""
    now = now or clock.now()
    steps = [Step(parcel.created_at, "confirmed", "Pesanan pengiriman dibuat, menunggu penjemputan")]
    if parcel.cancelled_at:
        steps.append(Step(parcel.cancelled_at, "cancelled", "Pengiriman dibatalkan pengirim"))
    elif parcel.pickup_requested_at:
        steps += _planned(parcel)
    return [s for s in steps if s.at <= now]


def _planned(parcel: Parcel) -> list[Step]:
    hour = dt.timedelta(seconds=settings.NIAGA_SANDBOX_COURIER_HOUR_SECONDS)
    start = parcel.pickup_requested_at
    assert start is not None  # journey() plans only a parcel whose pickup was asked for
    origin = parcel.origin_area_name or "kota asal"
    dest = parcel.destination_area_name or "kota tujuan"
    days = _transit_days(parcel)
    plan: list[tuple[int, str, str]] = [
        (0, "allocated", "Kurir ditugaskan menjemput paket"),
        (2, "picked", f"Paket diambil kurir di {origin}"),
        (4, "in_transit", f"Tiba di hub {origin}"),
        (8, "in_transit", f"Berangkat dari hub {origin}"),
    ]
    if parcel.scenario == Parcel.Scenario.LOST:
        plan += [
            (30, "on_hold", "Paket tertahan, dalam penelusuran"),
            (24 * (days + 3), "lost", "Paket dinyatakan hilang oleh kurir"),
        ]
    else:
        due = 24 * days
        plan += [
            (due - 10, "in_transit", f"Tiba di hub {dest}"),
            (due - 4, "dropping_off", "Paket dibawa kurir ke alamat penerima"),
        ]
        failures_by_scenario: dict[str, int] = {Parcel.Scenario.FAILED_ATTEMPT: 1, Parcel.Scenario.RETURNED: 3}
        failures = failures_by_scenario.get(parcel.scenario, 0)
        for attempt in range(failures):
            at = due + 24 * attempt
            plan.append((at, "on_hold", f"Gagal antar (percobaan {attempt + 1}): penerima tidak di tempat"))
            if attempt + 1 < failures or parcel.scenario != Parcel.Scenario.RETURNED:
                plan.append((at + 20, "dropping_off", "Paket dibawa kurir untuk pengantaran ulang"))
        end = due + 24 * failures
        if parcel.scenario == Parcel.Scenario.RETURNED:
            back = end - 22
            plan += [
                (back, "return_in_transit", "Paket dikembalikan ke pengirim"),
                (back + 24 * days, "returned", "Paket diterima kembali oleh pengirim"),
            ]
        else:
            plan.append((end, "delivered", f"Paket diterima oleh {parcel.recipient_name}"))
    advances = [(dt.datetime.fromisoformat(at), hours * hour) for at, hours in parcel.advances]
    steps: list[Step] = []
    since: dict[int, dt.datetime] = {}  # per jump: where the time it skipped begins
    for i, (h, status, note) in enumerate(plan):
        floor = steps[-1].at if steps else start
        when = _real_time(start + h * hour, advances, floor, since)
        # Never before the step ahead of it; the microseconds keep their order.
        steps.append(Step(max(when, floor) + dt.timedelta(microseconds=i), status, note))
    return steps


def _real_time(
    planned: dt.datetime,
    advances: list[tuple[dt.datetime, dt.timedelta]],
    floor: dt.datetime,
    since: dict[int, dt.datetime],
) -> dt.datetime:
    """When a step planned for `planned` really happens, given the jumps ahead made so far.

    Between jumps the parcel's clock runs at real speed, ahead by the jumps already made.
    The steps a jump carries its clock past happened during the time it skipped: they are
    spread over the real time before the jump, back to the last step before it (`floor` of
    the first such step, at most the hours skipped), in the proportions of the plan, so
    "3 days ahead" reads as a journey, not one minute. Steps that happened before a jump
    keep their time: moving ahead never rewrites the past.
    """
    shift = dt.timedelta(0)
    for n, (at, skipped) in enumerate(advances):
        when = planned - shift
        if when < at:
            return when
        if when < at + skipped:  # jumped over: [at, at + skipped) of the plan onto [since, at)
            begin = since.setdefault(n, min(max(floor, at - skipped), at))
            return begin + (when - at) * ((at - begin) / skipped)
        shift += skipped
    return planned - shift


def status_of(parcel: Parcel, now: dt.datetime | None = None) -> str:
    return journey(parcel, now)[-1].status


# --- requests --------------------------------------------------------------------------


def _text(body: dict, key: str, limit: int, *, required: bool = True) -> str:
    value = body.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise ApiError(400, f"{key} is required")
    return value.strip()[:limit]


def _int(body: dict, key: str, *, low: int = 0, high: int = 10**12) -> int:
    value = body.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ApiError(400, f"{key} must be a whole number between {low} and {high}")
    return value


def create(body: dict) -> Parcel:
    courier = _text(body, "courier_company", 20).lower()
    service = _text(body, "courier_type", 20).lower()
    if service not in COURIERS.get(courier, ()):
        raise ApiError(400, f"Courier {courier}/{service} is not available")
    origin, destination = _text(body, "origin_area_id", 10), _text(body, "destination_area_id", 10)
    if not (origin[:2].isdigit() and destination[:2].isdigit()):
        raise ApiError(400, "origin_area_id and destination_area_id must be Kemendagri region codes")
    weight = _int(body, "weight", low=1, high=MAX_WEIGHT)
    now = clock.now()
    parcel = Parcel(
        id=secrets.token_hex(12),
        courier=courier,
        service=service,
        waybill=_waybill(courier),
        reference_id=_text(body, "reference_id", 64),
        origin_area_id=origin,
        origin_area_name=_text(body, "origin_area_name", 80, required=False),
        destination_area_id=destination,
        destination_area_name=_text(body, "destination_area_name", 80, required=False),
        recipient_name=_text(body, "destination_contact_name", 100),
        weight=weight,
        insurance=_int(body, "courier_insurance"),
        price=0,
        request=body,
        created_at=now,
    )
    for key in ("destination_address", "destination_postal_code", "origin_address", "origin_contact_phone"):
        _text(body, key, 300)
    parcel.price = _price(parcel)
    parcel.save(force_insert=True)
    return parcel


def _price(parcel: Parcel) -> int:
    kg = max(1, -(-(parcel.weight - 300) // 1000))
    return 10_000 * _transit_days(parcel) * kg


def get(parcel_id: str) -> Parcel:
    parcel = Parcel.objects.filter(pk=parcel_id).first()
    if parcel is None:
        raise ApiError(404, "Order not found")
    return parcel


def cancel(parcel_id: str) -> Parcel:
    with transaction.atomic():
        parcel = Parcel.objects.select_for_update().filter(pk=parcel_id).first()
        if parcel is None:
            raise ApiError(404, "Order not found")
        if parcel.cancelled_at:
            return parcel
        if status_of(parcel) not in {"confirmed", "allocated"}:
            raise ApiError(400, "The courier already has this parcel; it can no longer be cancelled")
        parcel.cancelled_at = clock.now()
        parcel.save(update_fields=["cancelled_at"])
    return parcel


def request_pickup(parcel_ids: list) -> str:
    if not parcel_ids or not isinstance(parcel_ids, list) or len(parcel_ids) > 500:
        raise ApiError(400, "order_ids must list 1 to 500 orders")
    pickup_id = secrets.token_hex(12)
    with transaction.atomic():
        parcels = list(Parcel.objects.select_for_update().filter(pk__in=[str(p) for p in parcel_ids]))
        if len(parcels) != len(set(map(str, parcel_ids))):
            raise ApiError(404, "Some orders were not found")
        for parcel in parcels:
            if parcel.cancelled_at:
                raise ApiError(400, f"Order {parcel.pk} is cancelled")
        now = clock.now()
        Parcel.objects.filter(pk__in=[p.pk for p in parcels], pickup_requested_at__isnull=True).update(
            pickup_id=pickup_id, pickup_requested_at=now
        )
    return pickup_id


def steer(parcel: Parcel, *, scenario: str | None = None, advance_hours: int = 0) -> Parcel:
    """The classroom's levers: choose what happens to a parcel, or move it ahead in time."""
    if scenario is not None:
        if scenario not in Parcel.Scenario.values:
            raise ApiError(400, f"scenario must be one of {', '.join(Parcel.Scenario.values)}")
        if status_of(parcel) in FINAL:
            raise ApiError(400, "This parcel's journey has ended")
        parcel.scenario = scenario
    if not 0 <= advance_hours <= 24 * 30:
        raise ApiError(400, "advance_hours must be between 0 and 720")
    if advance_hours:
        if not parcel.pickup_requested_at:
            raise ApiError(400, "The parcel waits for its pickup; request one first")
        parcel.advances = [*parcel.advances, [clock.now().isoformat(), advance_hours]]
    parcel.save(update_fields=["scenario", "advances"])
    return parcel


def order_body(parcel: Parcel) -> dict:
    return {
        "success": True,
        "id": parcel.pk,
        "reference_id": parcel.reference_id,
        "status": status_of(parcel),
        "price": parcel.price,
        "courier": {
            "tracking_id": parcel.pk,
            "waybill_id": parcel.waybill,
            "company": parcel.courier,
            "type": parcel.service,
            "insurance": {"amount": parcel.insurance},
        },
    }


def tracking_body(parcel: Parcel) -> dict:
    steps = journey(parcel)
    return {
        "success": True,
        "id": parcel.pk,
        "waybill_id": parcel.waybill,
        "courier": {"company": parcel.courier, "type": parcel.service},
        "status": steps[-1].status,
        "history": [{"note": s.note, "status": s.status, "updated_at": s.at.isoformat()} for s in steps],
    }
