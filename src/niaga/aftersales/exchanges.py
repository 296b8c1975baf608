"""Exchanges: after the goods came back (returns.py), the seller ships a replacement on a
new leg with its own AWB and tracking, paid by the seller; its units are held in inventory
from the moment the seller confirmed the return (reference `<complaint>/TUKAR`) and leave
the shelf when the courier is booked. The replacement delivered resolves the complaint as
exchanged and the order completes (escrow released to the seller).

A seller who cannot ship (no stock) refunds instead; one who does not ship by `replace_by`
is refunded for by the sweep (returns.sweep_returns)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from niaga.core import clock
from niaga.core.errors import Conflict
from niaga.core.tracking import Tracking as T
from niaga.inventory import services as inventory
from niaga.inventory.models import Reservation
from niaga.notifications.services import notify
from niaga.payments import money
from niaga.shipping import couriers, legs
from niaga.shipping.models import Leg

from . import returns, services
from .models import Complaint
from .return_models import ReturnCase
from .status import Outcome, Resolution, Role, Status


def _held(case: ReturnCase) -> bool:
    return Reservation.objects.filter(
        reference=case.replacement_reference, status__in=[Reservation.Status.ACTIVE, Reservation.Status.COMMITTED]
    ).exists()


def _hold(complaint: Complaint, case: ReturnCase) -> bool:
    """Hold the replacement's units (one per unit sent back) under the case's own reference;
    False when the shelf has not enough, with nothing held."""
    if _held(case):
        return True
    wanted: dict[int, int] = {}
    for line in returns.claimed_lines(complaint):
        wanted[line.order_line.variant_id] = wanted.get(line.order_line.variant_id, 0) + line.quantity
    try:
        with transaction.atomic():
            inventory.reserve(lines=sorted(wanted.items()), reference=case.replacement_reference)
    except inventory.OutOfStock:
        return False
    return True


def await_replacement(complaint: Complaint, case: ReturnCase, *, role: str, actor, summary: str) -> None:
    """The return is confirmed: the replacement's units are held and the seller has
    NIAGA_REPLACEMENT_SHIP_WORKING_DAYS to ship them."""
    held = _hold(complaint, case)
    replace_by = services.working_deadline(clock.now(), settings.NIAGA_REPLACEMENT_SHIP_WORKING_DAYS)
    ReturnCase.objects.filter(pk=case.pk).update(replace_by=replace_by, replacement_held=held)
    stock_note = "Stok pengganti sudah ditahan." if held else "Stok pengganti belum cukup."
    services.post_message(
        complaint=complaint,
        author=actor,
        role=role,
        body=f"Barang retur diterima ({summary}). {stock_note} Barang pengganti dikirim paling lambat "
        f"{returns._wib(replace_by)}.",
    )
    notify(
        user=complaint.store.owner,
        title=f"Kirim barang pengganti {complaint.number}",
        body=stock_note,
        url=returns.seller_url(complaint),
        next_step=f"Pesan kurir untuk barang pengganti sebelum {returns._wib(replace_by)}, "
        "atau kembalikan dana bila stok tidak ada. Tanpa pengiriman, dana dikembalikan ke pembeli.",
    )


def replacement_options(complaint: Complaint) -> list[couriers.Rate]:
    parcel = returns.parcel_of(
        complaint, sender=returns.store_party(complaint.store), recipient=returns.buyer_party(complaint.order)
    )
    return legs.options(parcel).options


def ship_replacement(*, complaint: Complaint, seller, courier_code: str) -> Leg:
    """The seller books the replacement to the buyer's address: held units leave the shelf,
    the postage is the seller's, the complaint waits for the delivery."""
    if complaint.resolution != Resolution.EXCHANGE:
        raise returns.ReturnNotAllowed("Komplain ini bukan penukaran barang.")
    existing = returns.live_leg(complaint, Leg.Kind.REPLACEMENT)
    if existing:
        return existing
    case = returns.case_for(complaint)
    if complaint.status != Status.RETURN_RECEIVED or case.confirmed_at is None:
        raise returns.ReturnNotAllowed("Konfirmasi dulu kondisi barang retur sebelum mengirim pengganti.")
    if not _hold(complaint, case):
        raise Conflict(
            "Stok barang pengganti tidak cukup. Tambah stok, atau kembalikan dana ke pembeli.",
            code="out_of_stock",
        )
    ReturnCase.objects.filter(pk=case.pk).update(replacement_held=True)
    sender, recipient = returns.store_party(complaint.store), returns.buyer_party(complaint.order)
    leg = legs.book_leg(
        order=complaint.order,
        kind=Leg.Kind.REPLACEMENT,
        reference=complaint.number,
        courier_code=courier_code,
        parcel=returns.parcel_of(complaint, sender=sender, recipient=recipient),
        sender=sender,
        recipient=recipient,
        items=returns.items_of(returns.claimed_lines(complaint)),
        payer=Leg.Payer.SELLER,
        note=f"Barang pengganti komplain {complaint.number}",
    )
    try:
        with transaction.atomic():
            money.charge_postage_to_seller(leg=leg)
            inventory.commit(reference=case.replacement_reference)
            services.move(
                complaint,
                Status.REPLACEMENT_SHIPPED,
                Role.SELLER,
                seller,
                f"Barang pengganti dikirim dengan {leg.courier_name}, resi {leg.awb}.",
            )
    except Exception:
        legs.cancel_leg(leg=leg)
        raise
    return leg


def refund_instead(*, complaint: Complaint, actor, role: str = Role.SELLER, reason: str = "") -> Complaint:
    """No replacement after all (no stock, or not shipped in time): the held units go back
    on the shelf and the buyer is refunded what the complaint allows."""
    if complaint.resolution != Resolution.EXCHANGE or complaint.status != Status.RETURN_RECEIVED:
        raise returns.ReturnNotAllowed("Pengembalian dana pengganti hanya untuk penukaran yang menunggu pengiriman.")
    case = returns.case_for(complaint)
    if case.confirmed_at is None:
        raise returns.ReturnNotAllowed("Konfirmasi dulu kondisi barang retur.")
    with transaction.atomic():
        inventory.release(reference=case.replacement_reference)
        ReturnCase.objects.filter(pk=case.pk).update(replacement_held=False)
        services.move(
            complaint,
            Status.RESOLVED,
            role,
            actor,
            reason or "Penjual tidak bisa mengirim barang pengganti; dana dikembalikan.",
            refund=returns.refund_due(complaint),
            outcome=Outcome.REFUND_FULL,
        )
    return complaint


def replacement_tracked(complaint: Complaint, leg: Leg, status: str, when: dt.datetime) -> None:
    """The replacement reached the buyer: exchanged, and the order completes."""
    if status == T.DELIVERED and complaint.status == Status.REPLACEMENT_SHIPPED:
        services.move(
            complaint,
            Status.RESOLVED,
            Role.SYSTEM,
            reason=f"Barang pengganti resi {leg.awb} diterima pembeli.",
            outcome=Outcome.EXCHANGED,
        )
    elif status in (T.LOST, T.RETURNED, T.REJECTED, T.DISPOSED):
        returns._tell_parcel_trouble(complaint, leg, status)


returns.exchanges_are(
    returns.ExchangeSteps(
        replacement_tracked=replacement_tracked, await_replacement=await_replacement, refund_instead=refund_instead
    )
)
