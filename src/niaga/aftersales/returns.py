"""Returns: the goods of a complaint go back to the seller as a real parcel, and the money
follows what the seller finds in it.

1. The complaint asks for the goods back (status RETURN_REQUESTED: the seller accepted a
   return or an exchange, the seller was silent, or Niaga decided so). The buyer books the
   parcel with a courier by `ReturnCase.return_by` (`book_return`): an AWB, a label, the
   courier comes to the buyer's address. Who pays the courier follows the reason
   (`postage_payer`): the seller's fault, the seller; the buyer's own reason, the buyer —
   out of the refund (or, for an exchange, from their saldo).
2. The courier's events move the complaint (`on_leg_tracked`, connected to
   `shipping.signals.leg_tracked`): picked up → RETURN_SHIPPED, delivered → RETURN_RECEIVED,
   and the seller must confirm what arrived by `confirm_by`.
3. The seller confirms per line (`confirm_receipt`): units back to stock as sellable, or
   written off (recorded in inventory). A return is then refunded through the complaint's
   `move` (escrow → buyer, gateway or saldo); an exchange holds the replacement's units and
   goes on in exchanges.py.
4. Deadlines are swept (`sweep_returns`): no parcel booked in time ends the complaint for
   the seller; a seller silent after delivery is confirmed for the buyer (refunded, the units
   recorded as written off so nothing unchecked is sold again); a replacement not shipped in
   time is refunded instead.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from niaga.core import clock
from niaga.core.errors import Conflict, DomainError
from niaga.core.money import rupiah
from niaga.core.tracking import Tracking as T
from niaga.fulfillment import services as fulfillment
from niaga.inventory import services as inventory
from niaga.inventory.models import ReturnedStock
from niaga.notifications.services import notify
from niaga.orders.models import Order
from niaga.payments import money
from niaga.shipping import couriers, legs
from niaga.shipping.models import Leg

from . import services
from .models import Complaint, ComplaintLine
from .return_models import ReturnCase, ReturnLine
from .status import Outcome, Reason, Resolution, Role, Status

log = logging.getLogger(__name__)

# The reasons that are the seller's fault: the seller pays the way back.
SELLER_FAULT = frozenset(
    {
        Reason.NOT_RECEIVED,
        Reason.DAMAGED,
        Reason.WRONG_ITEM,
        Reason.NOT_AS_DESCRIBED,
        Reason.INCOMPLETE,
        Reason.COUNTERFEIT,
    }
)
# The complaint statuses in which the goods are on their way back or with the seller.
RETURN_STATUSES = frozenset(
    {Status.RETURN_REQUESTED, Status.RETURN_SHIPPED, Status.RETURN_RECEIVED, Status.REPLACEMENT_SHIPPED}
)


class ReturnNotAllowed(Conflict):
    code = "return_not_allowed"


# --- the case and who pays ----------------------------------------------------------------


@dataclass(frozen=True)
class ExchangeSteps:
    """What an exchange does at three points of the way back. exchanges.py builds on this
    module and hands these over when it loads (`exchanges_are`), so this one never imports it."""

    replacement_tracked: Callable[..., None]  # the replacement's courier events
    await_replacement: Callable[..., None]  # the seller confirmed the goods back: hold the replacement
    refund_instead: Callable[..., object]  # no replacement shipped in time


_exchanges: ExchangeSteps | None = None


def exchanges_are(steps: ExchangeSteps) -> None:
    global _exchanges
    _exchanges = steps


def _exchange() -> ExchangeSteps:
    if _exchanges is None:
        raise ImproperlyConfigured("aftersales.exchanges is not loaded (AftersalesConfig.ready loads it).")
    return _exchanges


def case_for(complaint: Complaint) -> ReturnCase:
    """The complaint's return. Made when the complaint comes to ask for the goods back
    (`on_complaint_saved`), so the buyer's NIAGA_RETURN_SHIP_WITHIN_DAYS count from then."""
    existing = ReturnCase.objects.filter(complaint=complaint).first()
    if existing:
        return existing
    if complaint.status not in RETURN_STATUSES and not _has_legs(complaint):
        raise ReturnNotAllowed("Komplain ini tidak meminta barang dikirim balik.")
    case, _ = ReturnCase.objects.get_or_create(
        complaint=complaint,
        defaults={"return_by": clock.now() + dt.timedelta(days=settings.NIAGA_RETURN_SHIP_WITHIN_DAYS)},
    )
    return case


def on_complaint_saved(sender, instance: Complaint, **kwargs) -> None:
    """A complaint moved to RETURN_REQUESTED (the seller accepted a return or an exchange, the
    seller was silent, or Niaga decided so): its return starts now, with the buyer's deadline.
    A complaint that ended another way while goods were on the move (withdrawn, decided by
    Niaga) winds its return down: units held for a replacement go back on the shelf, and a
    parcel the courier has not taken yet is given back once the move is saved."""
    if not instance.pk:
        return
    if instance.status == Status.RETURN_REQUESTED:
        case_for(instance)
    elif instance.status in (Status.RESOLVED, Status.WITHDRAWN):
        case = ReturnCase.objects.filter(complaint=instance).first()
        if case is None:
            return
        inventory.release(reference=case.replacement_reference)
        waiting = [leg for leg in legs_of(instance) if not leg.done and leg.status in legs.CANCELLABLE]
        for leg in waiting:
            transaction.on_commit(partial(_give_back, leg))


def _give_back(leg: Leg) -> None:
    try:
        legs.cancel_leg(leg=leg)
        money.give_back_postage(leg=leg)
    except DomainError as exc:  # the courier took it meanwhile, or is down: the postage stands
        log.warning("leg %s of an ended complaint not given back: %s", leg.awb, exc)


def _has_legs(complaint: Complaint) -> bool:
    return Leg.objects.filter(reference=complaint.number, order_id=complaint.order_id).exists()


def postage_payer(complaint: Complaint) -> str:
    """The seller's fault: the seller pays the way back; the buyer's own reason: the buyer."""
    return Leg.Payer.SELLER if complaint.reason in SELLER_FAULT else Leg.Payer.BUYER


def postage_from_refund(complaint: Complaint) -> bool:
    """The buyer's postage comes out of the refund, except for an exchange (no refund to take
    it from: the buyer's saldo pays it)."""
    return postage_payer(complaint) == Leg.Payer.BUYER and complaint.resolution != Resolution.EXCHANGE


def live_leg(complaint: Complaint, kind: str) -> Leg | None:
    return (
        Leg.objects.filter(reference=complaint.number, order_id=complaint.order_id, kind=kind)
        .exclude(status=T.CANCELLED)
        .first()
    )


def legs_of(complaint: Complaint) -> list[Leg]:
    """Every parcel of the complaint, given-back bookings too, oldest first."""
    return list(
        Leg.objects.filter(reference=complaint.number, order_id=complaint.order_id)
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )


def refund_due(complaint: Complaint) -> int:
    """What the buyer gets back once the goods are in: the complaint's most (its units' value;
    all of escrow when every unit came back), less the return postage the buyer pays from it
    (already taken out of escrow when every unit is claimed)."""
    if services.every_unit_claimed(complaint):
        return services.max_refund(complaint)
    leg = live_leg(complaint, Leg.Kind.RETURN)
    postage = leg.price if leg and postage_from_refund(complaint) else 0
    # PPh 22 withheld at payment comes back with the refund (payments.signals.refunding).
    held = money.escrow_balance(complaint.order) + money.tax_withheld(complaint.order)
    return max(min(services.claimed_value(complaint) - postage, held), 0)


# --- the two ends of a parcel --------------------------------------------------------------


def buyer_party(order: Order) -> legs.Party:
    """The buyer, at the address the order was delivered to; where that record lacks what a
    courier needs (an order made before addresses kept their region codes), at the buyer's
    main address instead."""
    a = order.shipping_address
    if not (a.get("postal_code") and a.get("regency_code")):
        saved = order.buyer.addresses.order_by("-is_default", "pk").first()
        if saved is not None:
            a = {
                "recipient_name": saved.recipient_name,
                "phone": saved.phone,
                "street": saved.street,
                "village": saved.village_name,
                "district": saved.district_name,
                "regency": saved.regency_name,
                "province_code": saved.province_code,
                "regency_code": saved.regency_code,
                "postal_code": saved.postal_code,
            }
    return legs.Party(
        name=a.get("recipient_name", ""),
        phone=a.get("phone", ""),
        address=", ".join(filter(None, [a.get("street"), a.get("village"), a.get("district")])),
        postal_code=a.get("postal_code", ""),
        province_code=a.get("province_code", ""),
        regency_code=a.get("regency_code", ""),
        area_name=a.get("regency", ""),
    )


def store_party(store) -> legs.Party:
    """The store, at the warehouse its parcels leave from (where returns go back to); the
    seller is asked to complete its address when a courier could not find it."""
    location = fulfillment.store_location(store=store)
    sender = fulfillment.pickup_sender(location=location, store=store)
    return legs.Party(
        name=sender["name"],
        contact_name=sender["contact_name"],
        phone=sender["phone"],
        address=sender["address"],
        postal_code=sender["postal_code"],
        province_code=location.province_code,
        regency_code=location.regency_code,
        area_name=sender["area_name"],
    )


def claimed_lines(complaint: Complaint) -> list[ComplaintLine]:
    return list(complaint.lines.select_related("order_line").order_by("pk"))


def items_of(lines: list[ComplaintLine]) -> list[dict]:
    return [
        {
            "name": line.order_line.product_name[:100],
            "value": line.order_line.unit_price,
            "quantity": line.quantity,
            "weight": line.order_line.weight_grams,
        }
        for line in lines
    ]


def parcel_of(complaint: Complaint, *, sender: legs.Party, recipient: legs.Party) -> couriers.Parcel:
    lines = claimed_lines(complaint)
    return legs.parcel_for(
        sender=sender,
        recipient=recipient,
        weight_grams=sum(line.order_line.weight_grams * line.quantity for line in lines),
        value=sum(line.value for line in lines),
    )


def return_options(complaint: Complaint) -> list[couriers.Rate]:
    """The couriers the buyer may choose for the way back, cheapest first."""
    parcel = parcel_of(complaint, sender=buyer_party(complaint.order), recipient=store_party(complaint.store))
    return legs.options(parcel).options


# --- the buyer books the way back -----------------------------------------------------------


def book_return(*, complaint: Complaint, buyer, courier_code: str) -> Leg:
    """The buyer sends the goods back with the chosen courier: a booking and its AWB, the
    courier asked to come, the postage charged to whoever pays it. Once per complaint."""
    if complaint.status != Status.RETURN_REQUESTED:
        existing = live_leg(complaint, Leg.Kind.RETURN)
        if existing:
            return existing
        raise ReturnNotAllowed(f"Komplain berstatus {complaint.status_label}: tidak menunggu barang dikirim balik.")
    case = case_for(complaint)
    existing = live_leg(complaint, Leg.Kind.RETURN)
    if existing:
        return existing
    if clock.now() > case.return_by:
        raise ReturnNotAllowed("Batas waktu mengirim balik barang sudah lewat.", code="return_overdue")
    if not courier_code:
        raise DomainError("Pilih kurir.", code="unknown_courier", fields={"courier": "Pilih kurir."})
    lines = claimed_lines(complaint)
    sender, recipient = buyer_party(complaint.order), store_party(complaint.store)
    payer = postage_payer(complaint)
    leg = legs.book_leg(
        order=complaint.order,
        kind=Leg.Kind.RETURN,
        reference=complaint.number,
        courier_code=courier_code,
        parcel=parcel_of(complaint, sender=sender, recipient=recipient),
        sender=sender,
        recipient=recipient,
        items=items_of(lines),
        payer=payer,
        note=f"Retur komplain {complaint.number}",
    )
    try:
        with transaction.atomic():
            _charge_postage(complaint, leg)
            services.post_message(
                complaint=complaint,
                author=buyer,
                role=Role.BUYER,
                body=f"Barang dikirim balik dengan {leg.courier_name}, resi {leg.awb}. "
                f"Ongkir {rupiah(leg.price)} ditanggung {leg.get_payer_display().lower()}.",
            )
    except Exception:
        legs.cancel_leg(leg=leg)  # nothing was charged: give the AWB back
        raise
    return leg


def _charge_postage(complaint: Complaint, leg: Leg) -> None:
    if leg.payer == Leg.Payer.SELLER:
        money.charge_postage_to_seller(leg=leg)
    elif postage_from_refund(complaint):
        before = services.max_refund(complaint)
        if not services.every_unit_claimed(complaint):
            before = min(services.claimed_value(complaint), before)
        if leg.price >= before:
            raise Conflict(
                f"Ongkir retur {rupiah(leg.price)} tidak kurang dari dana yang akan kembali ({rupiah(before)}). "
                "Pilih kurir yang lebih murah, atau batalkan komplain.",
                code="postage_exceeds_refund",
                fields={"courier": "Ongkir terlalu mahal."},
            )
        money.deduct_postage_from_refund(leg=leg)
    else:
        try:
            money.charge_postage_to_saldo(leg=leg)
        except DomainError as exc:
            raise Conflict(
                f"Ongkir penukaran barang karena alasan pembeli ({rupiah(leg.price)}) dibayar dari Saldo Niaga, "
                "dan saldomu belum cukup.",
                code="insufficient_balance",
                fields={"courier": "Saldo kurang."},
            ) from exc


def cancel_return(*, complaint: Complaint, buyer) -> Leg:
    """The buyer gives the booking back before the courier took the parcel (to choose
    another courier, say): the postage returns to whoever paid it."""
    leg = live_leg(complaint, Leg.Kind.RETURN)
    if leg is None or complaint.status != Status.RETURN_REQUESTED:
        raise ReturnNotAllowed("Tidak ada pengiriman balik yang bisa dibatalkan.")
    legs.cancel_leg(leg=leg)
    money.give_back_postage(leg=leg)
    services.post_message(
        complaint=complaint, author=buyer, role=Role.BUYER, body=f"Pengiriman balik resi {leg.awb} dibatalkan."
    )
    return leg


# --- the courier's news ---------------------------------------------------------------------


def on_leg_tracked(sender, leg: Leg, status: str, event=None, **kwargs) -> None:
    """A return's or a replacement's new tracking event moves its complaint (inside the
    transaction that stores the event: a failure here leaves the event for the next poll)."""
    complaint = Complaint.objects.filter(number=leg.reference, order_id=leg.order_id).first()
    if complaint is None:
        return
    when = event.occurred_at if event is not None else clock.now()
    if leg.kind == Leg.Kind.RETURN:
        _return_tracked(complaint, leg, status, when)
    else:
        _exchange().replacement_tracked(complaint, leg, status, when)


def _return_tracked(complaint: Complaint, leg: Leg, status: str, when: dt.datetime) -> None:
    if status in (T.PICKED, T.IN_TRANSIT, T.DROPPING_OFF, T.DELIVERED) and complaint.status == Status.RETURN_REQUESTED:
        services.move(
            complaint, Status.RETURN_SHIPPED, Role.SYSTEM, reason=f"Kurir mengambil paket retur, resi {leg.awb}."
        )
    if status == T.DELIVERED and complaint.status == Status.RETURN_SHIPPED:
        case = case_for(complaint)
        confirm_by = services.working_deadline(when, settings.NIAGA_RETURN_CONFIRM_WORKING_DAYS)
        ReturnCase.objects.filter(pk=case.pk).update(received_at=when, confirm_by=confirm_by)
        services.move(
            complaint,
            Status.RETURN_RECEIVED,
            Role.SYSTEM,
            reason=f"Paket retur resi {leg.awb} diterima di alamat toko.",
        )
        notify(
            user=complaint.store.owner,
            title=f"Barang retur {complaint.number} sudah sampai",
            body=f"Paket resi {leg.awb} diterima di gudang. Periksa isinya dan konfirmasi kondisinya.",
            url=seller_url(complaint),
            next_step=f"Konfirmasi sebelum {_wib(confirm_by)}: tiap barang kembali ke stok atau dihapuskan. "
            "Tanpa konfirmasi, retur dianggap diterima dan dana dikembalikan ke pembeli.",
        )
    elif status in (T.LOST, T.RETURNED, T.REJECTED, T.DISPOSED):
        _tell_parcel_trouble(complaint, leg, status)


def _tell_parcel_trouble(complaint: Complaint, leg: Leg, status: str) -> None:
    """The parcel will not arrive: both sides hear it and may ask Niaga to mediate."""
    words: dict[str, str] = {T.LOST: "hilang di perjalanan", T.RETURNED: "kembali ke pengirim"}
    what = words.get(status, "gagal diantar")
    for user, url in ((complaint.buyer, buyer_url(complaint)), (complaint.store.owner, seller_url(complaint))):
        notify(
            user=user,
            title=f"Paket {leg.get_kind_display().lower()} {complaint.number} {what}",
            body=f"Kurir melaporkan paket resi {leg.awb} {what}.",
            url=url,
            next_step="Ajukan ke Niaga dari halaman komplain agar tim kami membantu menyelesaikannya.",
        )


# --- the seller confirms what arrived ---------------------------------------------------------


def confirm_receipt(
    *,
    complaint: Complaint,
    seller,
    conditions: dict[int, tuple[int | None, int | None]],
    note: str = "",
    role: str = Role.SELLER,
) -> Complaint:
    """The seller says, for each complaint line, how many units go back on sale and how many
    are written off (together, exactly the units sent back). The units are recorded in
    inventory; a return is then refunded, an exchange holds its replacement's units."""
    if complaint.status != Status.RETURN_RECEIVED:
        raise ReturnNotAllowed(f"Komplain berstatus {complaint.status_label}: barang retur belum diterima.")
    case = case_for(complaint)
    if case.confirmed_at is not None:
        raise ReturnNotAllowed("Kondisi barang retur sudah dikonfirmasi.", code="return_confirmed")
    lines = claimed_lines(complaint)
    errors: dict[str, str] = {}
    counted: dict[int, tuple[int, int]] = {}
    for line in lines:
        sellable, written_off = conditions.get(line.pk, (None, None))
        if not (_count(sellable) and _count(written_off)):
            errors[f"line_{line.pk}"] = "Isi jumlah yang kembali ke stok dan yang dihapuskan."
        elif isinstance(sellable, int) and isinstance(written_off, int) and sellable + written_off == line.quantity:
            counted[line.pk] = (sellable, written_off)
        else:
            errors[f"line_{line.pk}"] = f"Jumlahnya harus {line.quantity} (kembali ke stok + dihapuskan)."
    if set(conditions) - {line.pk for line in lines}:
        errors["lines"] = "Ada barang yang bukan bagian komplain ini."
    if errors:
        raise DomainError("Periksa kembali kondisi barang retur.", code="invalid_return_condition", fields=errors)
    note = (note or "").strip()[:500]
    with transaction.atomic():
        locked = ReturnCase.objects.select_for_update().get(pk=case.pk)
        if locked.confirmed_at is not None:
            raise ReturnNotAllowed("Kondisi barang retur sudah dikonfirmasi.", code="return_confirmed")
        _record(complaint, locked, lines, counted, note=note, by=seller)
        ReturnCase.objects.filter(pk=locked.pk).update(
            confirmed_at=clock.now(), confirmed_by=seller if getattr(seller, "pk", None) else None, note=note
        )
        summary = ", ".join(
            f"{line.order_line.product_name}: {counted[line.pk][0]} kembali ke stok, {counted[line.pk][1]} dihapuskan"
            for line in lines
        )
        if complaint.resolution == Resolution.EXCHANGE and role != Role.SYSTEM:
            _exchange().await_replacement(complaint, locked, role=role, actor=seller, summary=summary)
        else:
            amount = refund_due(complaint)
            services.move(
                complaint,
                Status.RESOLVED,
                role,
                seller,
                f"Barang retur diterima penjual ({summary}).",
                refund=amount,
                outcome=Outcome.REFUND_FULL,
            )
    return complaint


def _count(value) -> bool:
    """A count of units as typed: a whole number, 0 or more."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _record(complaint, case, lines, counted, *, note: str, by) -> None:
    units = []
    for line in lines:
        sellable, written_off = counted[line.pk]
        ReturnLine.objects.create(case=case, complaint_line=line, sellable=sellable, written_off=written_off)
        variant_id = line.order_line.variant_id
        units += [
            inventory.Returned(variant_id, sellable, ReturnedStock.Condition.SELLABLE, note or "Kembali ke stok"),
            inventory.Returned(variant_id, written_off, ReturnedStock.Condition.WRITTEN_OFF, note or "Dihapuskan"),
        ]
    inventory.receive_returned(reference=complaint.number, units=units, by=by if getattr(by, "pk", None) else None)


# --- deadlines ------------------------------------------------------------------------------


def sweep_returns(*, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Deadlines of the way back, safe to run twice or side by side (a complaint moved by
    someone else meanwhile is skipped):
    - nothing booked by return_by: the complaint ends for the seller (the order completes);
    - delivered but not confirmed by confirm_by: confirmed for the buyer — refunded, the
      units recorded as written off (nobody checked them, so none is sold again);
    - an exchange's replacement not shipped by replace_by: refunded instead."""
    now = now or clock.now()
    done = 0
    waiting = Complaint.objects.filter(status=Status.RETURN_REQUESTED).order_by("pk")[:limit]
    for complaint in waiting:
        case = case_for(complaint)
        if case.return_by <= now and live_leg(complaint, Leg.Kind.RETURN) is None:
            done += _quietly(lambda c=complaint: _not_sent_back(c))
    unconfirmed = Complaint.objects.filter(
        status=Status.RETURN_RECEIVED, return_case__confirmed_at__isnull=True, return_case__confirm_by__lte=now
    )
    for complaint in unconfirmed.order_by("pk")[:limit]:
        done += _quietly(lambda c=complaint: _confirm_for_buyer(c))
    unshipped = Complaint.objects.filter(
        Q(return_case__replace_by__lte=now),
        status=Status.RETURN_RECEIVED,
        resolution=Resolution.EXCHANGE,
        return_case__confirmed_at__isnull=False,
    )
    for complaint in unshipped.order_by("pk")[:limit]:
        done += _quietly(
            lambda c=complaint: _exchange().refund_instead(
                complaint=c, actor=None, role=Role.SYSTEM, reason="Penjual tidak mengirim barang pengganti tepat waktu."
            )
        )
    return done


def _quietly(step) -> int:
    try:
        with transaction.atomic():
            step()
    except (services.InvalidMove, ReturnNotAllowed):
        return 0
    except DomainError as exc:
        log.warning("return sweep step refused: %s", exc)
        return 0
    return 1


def _not_sent_back(complaint: Complaint) -> None:
    services.move(
        complaint,
        Status.RESOLVED,
        Role.SYSTEM,
        reason="Pembeli tidak mengirim balik barang sampai batas waktu; dana diteruskan ke penjual.",
        outcome=Outcome.REJECTED,
    )


def _confirm_for_buyer(complaint: Complaint) -> None:
    lines = claimed_lines(complaint)
    confirm_receipt(
        complaint=complaint,
        seller=None,
        role=Role.SYSTEM,
        conditions={line.pk: (0, line.quantity) for line in lines},
        note="Penjual tidak mengonfirmasi kondisi barang sebelum batas waktu",
    )


# --- where each side reads it ----------------------------------------------------------------


def buyer_url(complaint: Complaint) -> str:
    return reverse("aftersales:return", args=[complaint.pk])


def seller_url(complaint: Complaint) -> str:
    return reverse("aftersales:seller_return", args=[complaint.pk])


def _wib(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M WIB") if moment else ""
