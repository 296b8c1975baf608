"""An in-process courier for tests that cannot serve the courier simulator (Hypothesis
histories in one transaction): bookings, pickups, tracking and cancellation as the HTTP
client answers them, with the parcel's journey moved by the test."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Iterator
from unittest import mock

from niaga.core import clock
from niaga.core.tracking import Tracking as T
from niaga.shipping.couriers.client import CourierClient, refusal
from niaga.shipping.couriers.records import Booked, Booking, TrackEvent

_ids = itertools.count(1)


class FakeCourierClient(CourierClient):
    def __init__(self, price: int = 12_000):
        super().__init__(base_url="http://kurir.invalid", api_key="uji")
        self.price = price
        self.events: dict[str, list[TrackEvent]] = {}

    def create_order(self, *, courier: str, booking: Booking) -> Booked:
        n = next(_ids)
        booking_id = f"fake-{n}"
        self.events[booking_id] = [TrackEvent(T.CONFIRMED, "Pesanan pengiriman dibuat", clock.now())]
        return Booked(booking_id=booking_id, awb=f"FAKE{n:010d}", price=self.price)

    def request_pickup(self, booking_ids: list[str]) -> str:
        return f"pickup-{next(_ids)}"

    def tracking(self, booking_id: str) -> list[TrackEvent]:
        return list(self.events[booking_id])

    def cancel_order(self, booking_id: str) -> None:
        if any(e.status == T.PICKED for e in self.events[booking_id]):
            raise refusal("The courier already has this parcel; it can no longer be cancelled")
        self.move(booking_id, T.CANCELLED)

    def move(self, booking_id: str, *statuses: str) -> None:
        """The parcel's next steps, one microsecond apart after its last."""
        for status in statuses:
            last = self.events[booking_id][-1].at
            self.events[booking_id].append(
                TrackEvent(status, status, max(last, clock.now()) + dt.timedelta(microseconds=1))
            )


@contextlib.contextmanager
def fake_couriers(price: int = 12_000) -> Iterator[FakeCourierClient]:
    """Every courier talks to one FakeCourierClient while the block runs."""
    fake = FakeCourierClient(price)
    with mock.patch.object(CourierClient, "default", classmethod(lambda cls: fake)):
        yield fake
