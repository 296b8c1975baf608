"""The courier simulator: a Biteship-style API that books parcels, takes pickups, reports
tracking on a compressible clock, and fails, returns or loses parcels on request."""

import datetime as dt
import re

import pytest
from django.conf import settings

from niaga.core import clock
from niaga.sandbox import parcels
from niaga.sandbox.models import Parcel

pytestmark = pytest.mark.django_db
API = "/sandbox/kurir/v1"


def call(client, method: str, path: str, body=None, key: str | None = None):
    headers = {"HTTP_AUTHORIZATION": settings.NIAGA_SANDBOX_COURIER_API_KEY if key is None else key}
    if method == "GET":
        return client.get(f"{API}{path}", **headers)
    return client.post(f"{API}{path}", body if body is not None else {}, content_type="application/json", **headers)


def booking(**overrides) -> dict:
    body = {
        "reference_id": "INV/20261122/TOK/1",
        "origin_contact_name": "Toko Uji",
        "origin_contact_phone": "081234567890",
        "origin_address": "Jl. Braga 1",
        "origin_postal_code": "40111",
        "origin_area_id": "32.73",
        "origin_area_name": "Kota Bandung",
        "destination_contact_name": "Sari",
        "destination_contact_phone": "081298765432",
        "destination_address": "Jl. Tebet Raya 12",
        "destination_postal_code": "12820",
        "destination_area_id": "31.74",
        "destination_area_name": "Kota Jakarta Selatan",
        "courier_company": "jne",
        "courier_type": "reg",
        "weight": 1200,
    }
    return {**body, **overrides}


@pytest.mark.parametrize(
    "courier, service, pattern",
    [
        ("jne", "reg", r"^CGK\d{13}$"),
        ("jnt", "ez", r"^JP\d{10}$"),
        ("sicepat", "best", r"^00\d{10}$"),
        ("pos", "kilat_khusus", r"^P\d{12}$"),
        ("anteraja", "reg", r"^10\d{12}$"),
    ],
)
def test_booking_gives_an_awb_shaped_like_the_couriers_own(client, courier, service, pattern):
    response = call(client, "POST", "/orders", booking(courier_company=courier, courier_type=service))
    assert response.status_code == 200
    body = response.json()
    assert body["success"] and body["status"] == "confirmed" and re.match(pattern, body["courier"]["waybill_id"])


@pytest.mark.parametrize(
    "key, body, status",
    [
        ("wrong-key", booking(), 401),
        (None, booking(courier_company="tiki"), 400),
        (None, booking(courier_type="yes", courier_company="jnt"), 400),
        (None, booking(weight=0), 400),
        (None, booking(weight="1200"), 400),
        (None, booking(destination_area_id="Jakarta"), 400),
        (None, booking(destination_contact_name=""), 400),
        (None, [1, 2], 400),
    ],
)
def test_bad_bookings_are_refused_with_a_reason_and_book_nothing(client, key, body, status):
    response = call(client, "POST", "/orders", body, key=key)
    assert response.status_code == status and response.json()["success"] is False and response.json()["error"]
    assert not Parcel.objects.exists()


def test_a_parcel_travels_on_the_clock_from_pickup_to_delivery(client):
    parcel_id = call(client, "POST", "/orders", booking()).json()["id"]
    assert [h["status"] for h in call(client, "GET", f"/trackings/{parcel_id}").json()["history"]] == ["confirmed"]
    assert call(client, "POST", "/pickups", {"order_ids": [parcel_id]}).status_code == 200
    with clock.travel(dt.timedelta(hours=3)):
        assert call(client, "GET", f"/trackings/{parcel_id}").json()["status"] == "picked"
        refused = call(client, "POST", f"/orders/{parcel_id}/cancel")
        assert refused.status_code == 400 and "no longer be cancelled" in refused.json()["error"]
    with clock.travel(dt.timedelta(days=2, hours=1)):
        tracking = call(client, "GET", f"/trackings/{parcel_id}").json()
    notes = [h["note"] for h in tracking["history"]]
    assert (
        tracking["status"] == "delivered"
        and "Tiba di hub Kota Bandung" in notes
        and "Tiba di hub Kota Jakarta Selatan" in notes
    )
    times = [h["updated_at"] for h in tracking["history"]]
    assert times == sorted(times)


def test_a_parcel_cancelled_before_pickup_never_moves(client):
    parcel_id = call(client, "POST", "/orders", booking()).json()["id"]
    assert call(client, "POST", f"/orders/{parcel_id}/cancel").json()["status"] == "cancelled"
    assert call(client, "POST", f"/orders/{parcel_id}/cancel").json()["status"] == "cancelled"  # twice is fine
    assert call(client, "POST", "/pickups", {"order_ids": [parcel_id]}).status_code == 400
    assert call(client, "POST", "/pickups", {"order_ids": ["nope"]}).status_code == 404
    assert call(client, "GET", "/trackings/nope").status_code == 404


@pytest.mark.parametrize(
    "scenario, statuses",
    [
        (
            "normal",
            ["confirmed", "allocated", "picked", "in_transit", "in_transit", "in_transit", "dropping_off", "delivered"],
        ),
        (
            "failed_attempt",
            [
                "confirmed",
                "allocated",
                "picked",
                "in_transit",
                "in_transit",
                "in_transit",
                "dropping_off",
                "on_hold",
                "dropping_off",
                "delivered",
            ],
        ),
        (
            "returned",
            ["confirmed", "allocated", "picked", "in_transit", "in_transit", "in_transit", "dropping_off"]
            + ["on_hold", "dropping_off"] * 2
            + ["on_hold", "return_in_transit", "returned"],
        ),
        ("lost", ["confirmed", "allocated", "picked", "in_transit", "in_transit", "on_hold", "lost"]),
    ],
)
def test_each_scenario_ends_its_own_way(client, scenario, statuses):
    parcel_id = call(client, "POST", "/orders", booking()).json()["id"]
    call(client, "POST", "/pickups", {"order_ids": [parcel_id]})
    waybill = Parcel.objects.get(pk=parcel_id).waybill
    assert call(client, "POST", f"/simulator/parcels/{waybill}", {"scenario": scenario}).status_code == 200
    with clock.travel(dt.timedelta(days=20)):
        assert [h["status"] for h in call(client, "GET", f"/trackings/{parcel_id}").json()["history"]] == statuses
        ended = call(client, "POST", f"/simulator/parcels/{waybill}", {"scenario": "normal"})
        assert ended.status_code == 400  # a finished journey cannot be rewritten


def test_a_class_can_compress_the_clock(client, settings):
    settings.NIAGA_SANDBOX_COURIER_HOUR_SECONDS = 10  # a day in four minutes
    parcel_id = call(client, "POST", "/orders", booking()).json()["id"]
    call(client, "POST", "/pickups", {"order_ids": [parcel_id]})
    with clock.travel(dt.timedelta(minutes=8, seconds=1)):
        assert call(client, "GET", f"/trackings/{parcel_id}").json()["status"] == "delivered"


def test_the_simulator_page_lists_parcels_and_moves_them_ahead(client):
    parcel_id = call(client, "POST", "/orders", booking()).json()["id"]
    call(client, "POST", "/pickups", {"order_ids": [parcel_id]})
    parcel = Parcel.objects.get(pk=parcel_id)
    assert parcel.waybill in client.get("/sandbox/kurir/").content.decode()
    client.post("/sandbox/kurir/", {"waybill": parcel.waybill, "advance_hours": "72", "scenario": ""})
    parcel.refresh_from_db()
    assert parcels.status_of(parcel) == "delivered"
    history = parcels.journey(parcel)
    assert [s.at for s in history] == sorted(s.at for s in history) and history[-1].at <= clock.now()


def test_moving_a_parcel_ahead_never_rewrites_what_already_happened(client):
    parcel_id = call(client, "POST", "/orders", booking()).json()["id"]
    call(client, "POST", "/pickups", {"order_ids": [parcel_id]})
    parcel = Parcel.objects.get(pk=parcel_id)
    with clock.travel(dt.timedelta(hours=5)):
        before = parcels.journey(parcel)
        jump = clock.now()
        parcels.steer(parcel, advance_hours=24)
        after = parcels.journey(parcel)
    assert [s.status for s in before] == ["confirmed", "allocated", "picked", "in_transit"]
    assert after[: len(before)] == before  # the past stands
    carried = after[len(before) :]
    # Hour 5 + 24 = hour 29 of the parcel's clock: it left the origin hub (hour 8) in the time skipped,
    # placed between the step before it and the jump.
    assert [(s.status, s.note) for s in carried] == [("in_transit", "Berangkat dari hub Kota Bandung")]
    assert before[-1].at < carried[0].at < jump
    with clock.travel(dt.timedelta(hours=24, minutes=1)):  # its hour 48, delivery, comes 24 real hours early
        done = parcels.journey(parcel)
    assert done[: len(after)] == after and done[-1].status == "delivered"
    assert [s.at for s in done] == sorted(s.at for s in done)


def test_a_parcel_waiting_for_pickup_cannot_be_moved_ahead(client):
    parcel_id = call(client, "POST", "/orders", booking()).json()["id"]
    waybill = Parcel.objects.get(pk=parcel_id).waybill
    assert call(client, "POST", f"/simulator/parcels/{waybill}", {"advance_hours": 24}).status_code == 400


def test_majukan_3_hari_spreads_the_events_it_skips_over_the_time_before_it(client):
    """The class's "Majukan 3 hari" a few hours after pickup: each event it skips keeps its own
    time, in the plan's order and proportions, not all one minute."""
    parcel_id = call(client, "POST", "/orders", booking()).json()["id"]
    call(client, "POST", "/pickups", {"order_ids": [parcel_id]})
    parcel = Parcel.objects.get(pk=parcel_id)
    with clock.travel(dt.timedelta(hours=5)):  # the last event was at its hub, an hour ago
        client.post("/sandbox/kurir/", {"waybill": parcel.waybill, "advance_hours": "72", "scenario": ""})
        jump = clock.now()
        history = call(client, "GET", f"/trackings/{parcel_id}").json()["history"]
    times = [dt.datetime.fromisoformat(h["updated_at"]) for h in history]
    assert history[-1]["status"] == "delivered"
    assert times == sorted(times) and times[-1] <= jump
    minutes = {t.replace(second=0, microsecond=0) for t in times[1:]}
    assert len(minutes) >= len(times) - 2  # distinct moments, not one stamp
    skipped = times[4:]  # after the hub arrival at hour 4
    assert len({t.replace(second=0, microsecond=0) for t in skipped}) == len(skipped)
    assert skipped[-1] - skipped[0] > dt.timedelta(minutes=30)  # spread over the hour before the jump


def test_the_simulator_page_reads_tracking_codes_in_indonesian(client):
    parcel_id = call(client, "POST", "/orders", booking()).json()["id"]
    call(client, "POST", "/pickups", {"order_ids": [parcel_id]})
    with clock.travel(dt.timedelta(hours=5)):
        page = client.get("/sandbox/kurir/").content.decode()
    assert "Menunggu penjemputan" in page and "Dalam perjalanan" in page
    assert "<strong>confirmed</strong>" not in page and "<strong>in_transit</strong>" not in page


def test_the_simulator_page_answers_a_bad_lever_with_a_message_and_moves_nothing(client):
    parcel_id = call(client, "POST", "/orders", booking()).json()["id"]
    call(client, "POST", "/pickups", {"order_ids": [parcel_id]})
    parcel = Parcel.objects.get(pk=parcel_id)
    unknown = client.post("/sandbox/kurir/", {"waybill": parcel.waybill + "0" * 40}, follow=True)
    assert "Resi tidak ditemukan." in unknown.content.decode()
    wrong = client.post("/sandbox/kurir/", {"waybill": parcel.waybill, "advance_hours": "tiga"}, follow=True)
    assert "Isian tidak valid." in wrong.content.decode()
    parcel.refresh_from_db()
    assert parcel.advances == []
