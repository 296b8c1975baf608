"""Writes for complaints: opening one, its thread, and every move of its status.

Every move goes through `move`, which checks status.TRANSITIONS, locks the complaint's row,
moves the money first (a refund from the order's escrow, keyed by the complaint's number so it
is never paid twice), writes the system's line in the thread, moves the order when the complaint
opens or ends (status.ORDER_MOVES), and tells whoever must act next.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from lokal import add_working_days

from niaga.catalog import policy
from niaga.core import clock, images, paymethods
from niaga.core.errors import Conflict, DomainError
from niaga.core.ids import random_code
from niaga.core.money import rupiah
from niaga.notifications.services import notify
from niaga.orders import services as orders
from niaga.orders.models import Order, OrderEvent, OrderLine
from niaga.orders.status import Status as OrderStatus
from niaga.payments import money
from niaga.payments.models import Refund

from .models import Complaint, ComplaintAttachment, ComplaintLine, ComplaintMessage
from .status import (
    CLOSED_EMPTIED,
    CLOSED_KEPT,
    OPEN_FROM,
    OPENED,
    ORDER_MOVES,
    SELLER_AT_FAULT,
    WAITING_FOR_BUYER,
    Outcome,
    Reason,
    Resolution,
    Role,
    Status,
    allowed,
)

MAX_PHOTOS = 5
DESCRIPTION_MIN = 15
BODY_MAX = 2000
# Reasons a buyer must show: a photo of the damage, the wrong or fake item, what is missing.
PHOTO_REQUIRED = frozenset(
    {Reason.DAMAGED, Reason.WRONG_ITEM, Reason.NOT_AS_DESCRIBED, Reason.INCOMPLETE, Reason.COUNTERFEIT}
)
# A parcel with no estimate it can be read from is late after this many days.
ETA_FALLBACK_DAYS = 7
ETA_GRACE = dt.timedelta(days=1)


class InvalidMove(Conflict):
    code = "invalid_complaint_move"


# --- deadlines --------------------------------------------------------------------------


def working_deadline(start: dt.datetime, days: int) -> dt.datetime:
    """End of the N-th Indonesian working day after `start` (as orders' ship-by deadline)."""
    day = add_working_days(timezone.localdate(start), days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def eta_days(eta: str) -> int:
    """The most days a courier's estimate allows: "2-3 hari" → 3, "1 hari" → 1."""
    numbers = [int(n) for n in re.findall(r"\d+", eta or "")]
    return max(numbers) if numbers else ETA_FALLBACK_DAYS


def late_from(order: Order) -> dt.datetime | None:
    """When a shipped parcel counts as not arrived: its estimate from hand-over, plus a day."""
    if order.shipped_at is None:
        return None
    return order.shipped_at + dt.timedelta(days=eta_days(order.shipping_eta)) + ETA_GRACE


@dataclass(frozen=True)
class Eligibility:
    allowed: bool
    reasons: tuple[str, ...] = ()  # the reasons the buyer may give; empty when not allowed
    why_not: str = ""


def eligibility(order: Order, *, now: dt.datetime | None = None) -> Eligibility:
    """May this order's buyer open a complaint now, and for which reasons?"""
    now = now or clock.now()
    if Complaint.objects.filter(order_id=order.pk).exists():
        return Eligibility(False, why_not="Pesanan ini sudah pernah dikomplain.")
    if order.status not in OPEN_FROM:
        return Eligibility(False, why_not=f"Pesanan berstatus {order.status_label} tidak bisa dikomplain.")
    if order.status == OrderStatus.DELIVERED:
        if order.confirm_by is None or order.confirm_by <= now:
            return Eligibility(False, why_not="Batas waktu komplain pesanan ini sudah lewat.")
    else:
        late = late_from(order)
        if late is None or now < late:
            when = timezone.localtime(late).strftime("%d/%m/%Y %H:%M") if late else "-"
            return Eligibility(False, why_not=f"Komplain barang belum sampai bisa diajukan mulai {when} WIB.")
    allowed_reasons = OPEN_FROM[order.status]
    return Eligibility(True, reasons=tuple(r for r in Reason if allowed_reasons is None or r in allowed_reasons))


# --- money ------------------------------------------------------------------------------


def claimed_value(complaint: Complaint) -> int:
    """The value of the units the complaint is about (unit price × quantity)."""
    return sum(line.order_line.unit_price * line.quantity for line in complaint.lines.select_related("order_line"))


def every_unit_claimed(complaint: Complaint) -> bool:
    claimed = {line.order_line_id: line.quantity for line in complaint.lines.all()}
    return all(claimed.get(line.pk, 0) >= line.to_send for line in complaint.order.lines.all())


def max_refund(complaint: Complaint) -> int:
    """What the complaint can give back: its units' value; the whole escrow (shipping too)
    when every unit of the order is claimed. Never more than escrow holds."""
    return money.complaint_refund_limit(
        order=complaint.order, units_value=claimed_value(complaint), every_unit=every_unit_claimed(complaint)
    )


def refund_destination(complaint: Complaint) -> str:
    """Where the complaint's refund went, as the buyer reads it: the wallet or card that paid
    (through the gateway), or Saldo Niaga (a method the gateway cannot refund, or it refused)."""
    if not complaint.refund_amount:
        return ""
    sent = Refund.objects.filter(key=f"complaint:{complaint.number}:refund").select_related("attempt").first()
    if sent is None or sent.status == Refund.Status.SALDO:
        return "Saldo Niaga"
    method = paymethods.get(sent.attempt.method)
    where = method.label if method else sent.attempt.method
    return where if sent.status in (Refund.Status.SENT, Refund.Status.COVERED) else f"{where} (sedang diproses)"


def _check_amount(complaint: Complaint, amount, field: str = "amount") -> int:
    top = max_refund(complaint)
    if not isinstance(amount, int) or isinstance(amount, bool) or not 1 <= amount <= top:
        raise DomainError(
            f"Jumlah harus antara Rp1 dan {rupiah(top)}.",
            code="invalid_amount",
            fields={field: f"Antara Rp1 dan {rupiah(top)}."},
        )
    return amount


# --- evidence ---------------------------------------------------------------------------


def check_photos(photos: list, *, field: str = "photos") -> None:
    """Every photo is a real picture of a sane size (as a product image), at most MAX_PHOTOS."""
    if len(photos) > MAX_PHOTOS:
        raise DomainError(
            f"Maksimal {MAX_PHOTOS} foto.", code="too_many_photos", fields={field: f"Maks. {MAX_PHOTOS} foto."}
        )
    for photo in photos:
        images.validate_image(photo, field=field)


def _attach(message: ComplaintMessage, photos: list) -> None:
    for photo in photos:
        clean, extension = images.cleaned(photo, edge=images.MASTER_EDGE)  # camera metadata (GPS) dropped
        attachment = ComplaintAttachment(message=message)
        attachment.file.save(f"{random_code(16)}.{extension}", clean, save=False)
        attachment.save()


def _message(
    complaint: Complaint, *, role: str, author=None, body: str, photos: list | None = None
) -> ComplaintMessage:
    message = ComplaintMessage.objects.create(
        complaint=complaint, role=role, author=author if getattr(author, "pk", None) else None, body=body[:BODY_MAX]
    )
    if photos:
        _attach(message, photos)
    return message


# --- opening ----------------------------------------------------------------------------


@dataclass(frozen=True)
class LineRequest:
    order_line_id: int
    quantity: int


def policy_refusal(order: Order, lines: list[OrderLine], reason: str, resolution: str, now: dt.datetime) -> str:
    """What the store's promise (catalog.policy, the product's own on top) says against sending
    these goods back, or "". Goods at fault (damaged, wrong, not as described, incomplete, fake)
    always go back for a refund, whatever the store promised, as the consumer protection law and
    the large marketplaces have it; an exchange needs a store that has replacements to send; and
    sending back for the buyer's own reason needs the store's window, counted from delivery."""
    if resolution not in (Resolution.RETURN_REFUND, Resolution.EXCHANGE):
        return ""
    delivered_at = (
        OrderEvent.objects.filter(order_id=order.pk, to_status=OrderStatus.DELIVERED)
        .values_list("created_at", flat=True)
        .first()
    )
    exchange = resolution == Resolution.EXCHANGE
    for line in lines:
        promise = policy.for_product(line.variant.product, store=order.store)
        if exchange and not promise.exchanges_allowed:
            return f"{line.product_name} tidak bisa ditukar ({promise.returns_text}). Pilih pengembalian dana."
        if reason in SELLER_AT_FAULT:
            continue
        may = promise.may_exchange if exchange else promise.may_return
        if not may(delivered_at, now):
            return f"{line.product_name}: {promise.returns_text}. Untuk alasan ini barang tidak bisa dikirim balik."
    return ""


def _number(now: dt.datetime) -> str:
    return f"KMP/{timezone.localdate(now):%Y%m%d}/{random_code(6)}"


def open_complaint(
    *,
    buyer,
    order: Order,
    lines: list[LineRequest],
    reason: str,
    description: str,
    resolution: str,
    photos: list | None = None,
) -> Complaint:
    """The buyer complains about some units of a delivered (or late) order: the order becomes
    Dikomplain (no auto-completion, escrow held) and the seller must answer by respond_by."""
    photos = photos or []
    now = clock.now()
    errors: dict[str, str] = {}
    description = (description or "").strip()
    if reason not in Reason.values:
        errors["reason"] = "Pilih alasan komplain."
    if resolution not in Resolution.values:
        errors["resolution"] = "Pilih solusi yang diinginkan."
    elif reason == Reason.NOT_RECEIVED and resolution != Resolution.REFUND_ONLY:
        errors["resolution"] = "Barang yang belum sampai hanya bisa dimintakan pengembalian dana."
    if len(description) < DESCRIPTION_MIN:
        errors["description"] = f"Ceritakan masalahnya, minimal {DESCRIPTION_MIN} karakter."
    elif len(description) > BODY_MAX:
        errors["description"] = f"Maksimal {BODY_MAX} karakter."
    if reason in PHOTO_REQUIRED and not photos:
        errors["photos"] = "Lampirkan minimal 1 foto sebagai bukti."
    order_lines = {
        line.pk: line for line in OrderLine.objects.filter(order_id=order.pk).select_related("variant__product")
    }
    wanted: dict[int, int] = {}
    for request in lines:
        line = order_lines.get(request.order_line_id)
        if line is None or request.order_line_id in wanted:
            errors["lines"] = "Barang tidak ada di pesanan ini."
            break
        if not isinstance(request.quantity, int) or not 1 <= request.quantity <= line.to_send:
            errors["lines"] = f"Jumlah {line.product_name} harus antara 1 dan {line.to_send}."
            break
        wanted[line.pk] = request.quantity
    if not wanted and "lines" not in errors:
        errors["lines"] = "Pilih barang yang dikomplain."
    if not errors:
        refusal = policy_refusal(order, [order_lines[pk] for pk in wanted], reason, resolution, now)
        if refusal:
            errors["resolution"] = refusal
    if errors:
        raise DomainError("Periksa kembali isian komplain.", code="invalid_complaint", fields=errors)
    check_photos(photos)
    with transaction.atomic():
        locked = Order.objects.select_for_update().select_related("store__owner", "buyer").get(pk=order.pk)
        can = eligibility(locked, now=now)
        if not can.allowed:
            raise Conflict(can.why_not, code="complaint_not_allowed")
        if reason not in can.reasons:
            raise DomainError(
                "Pesanan yang masih dikirim hanya bisa dikomplain karena barang belum sampai.",
                code="invalid_complaint",
                fields={"reason": "Alasan ini belum bisa dipilih."},
            )
        try:
            with transaction.atomic():
                complaint = Complaint.objects.create(
                    number=_number(now),
                    order=locked,
                    buyer=buyer,
                    store=locked.store,
                    reason=reason,
                    description=description,
                    resolution=resolution,
                    respond_by=working_deadline(now, settings.NIAGA_COMPLAINT_RESPOND_WORKING_DAYS),
                )
        except IntegrityError:
            raise Conflict("Pesanan ini sudah pernah dikomplain.", code="complaint_exists") from None
        ComplaintLine.objects.bulk_create(
            ComplaintLine(complaint=complaint, order_line_id=pk, quantity=qty) for pk, qty in wanted.items()
        )
        _message(complaint, role=Role.BUYER, author=buyer, body=description, photos=photos)
        why = f"Komplain {complaint.number}: {Reason(reason).label}. Penjual menanggapi sebelum {_when(complaint.respond_by)}"
        _move_order(complaint, OPENED, Role.BUYER, buyer, why)
        _tell(complaint, "", Status.AWAITING_SELLER, "")
    return complaint


# --- the thread -------------------------------------------------------------------------


def post_message(*, complaint: Complaint, author, role: str, body: str, photos: list | None = None) -> ComplaintMessage:
    """A reply in the complaint's one thread, with photos; the other sides are told."""
    photos = photos or []
    body = (body or "").strip()
    if not body and not photos:
        raise DomainError("Tulis pesan atau lampirkan foto.", code="invalid_message", fields={"body": "Wajib diisi."})
    if len(body) > BODY_MAX:
        raise DomainError(
            f"Pesan maksimal {BODY_MAX} karakter.", code="invalid_message", fields={"body": "Terlalu panjang."}
        )
    if role not in (Role.BUYER, Role.SELLER, Role.OPERATOR):
        raise DomainError("Peran tidak dikenal.", code="invalid_message")
    check_photos(photos)
    with transaction.atomic():
        message = _message(complaint, role=role, author=author, body=body or "(foto)", photos=photos)
        who = Role(role).label
        for user, url in _parties(complaint):
            if user is not None and user.pk != getattr(author, "pk", None):
                notify(
                    user=user,
                    title=f"Pesan baru di komplain {complaint.number}",
                    body=f"{who}: {body[:200] or 'mengirim foto'}",
                    url=url,
                    email=False,
                )
    return message


# --- moves ------------------------------------------------------------------------------


def move(
    complaint: Complaint,
    to: str,
    actor_role: str,
    actor=None,
    reason: str = "",
    *,
    refund: int = 0,
    outcome: str = "",
    fields: dict | None = None,
) -> Complaint:
    """Move a complaint along status.TRANSITIONS, or raise InvalidMove and change nothing.

    Into RESOLVED or WITHDRAWN the complaint ends: `refund` (0..max_refund) is paid back from
    the order's escrow first (key complaint:<number>:refund, once), then the order completes
    (what escrow still holds goes to the seller) or, when the refund emptied it, is returned.
    `outcome` is required on RESOLVED. `fields` are what the mover knows (an offer's amount).
    """
    now = clock.now()
    with transaction.atomic():
        locked = (
            Complaint.objects.select_for_update(of=("self",))
            .select_related("order__store__owner", "order__buyer", "order__group", "buyer", "store__owner")
            .get(pk=complaint.pk)
        )
        from_status = locked.status
        if not allowed(from_status, to, actor_role):
            raise InvalidMove(
                f"Komplain {locked.number} tidak bisa diubah dari {Status(from_status).label} ke {Status(to).label}."
            )
        changes: dict[str, object] = dict(fields or {})
        changes["status"] = to
        if to == Status.ESCALATED:
            changes["escalated_at"] = now
        if to in WAITING_FOR_BUYER:
            changes["buyer_respond_by"] = working_deadline(now, settings.NIAGA_COMPLAINT_BUYER_RESPOND_WORKING_DAYS)
        closing = to in (Status.RESOLVED, Status.WITHDRAWN)
        if closing:
            if to == Status.WITHDRAWN:
                outcome, refund = Outcome.WITHDRAWN, 0
            if outcome not in Outcome.values:
                raise DomainError("Hasil komplain belum ditentukan.", code="invalid_outcome")
            if refund:
                _check_amount(locked, refund)
                money.refund(
                    order=locked.order,
                    amount=refund,
                    key=f"complaint:{locked.number}:refund",
                    reason=reason[:255],
                    actor=actor if getattr(actor, "pk", None) else None,
                )
            changes.update(resolved_at=now, outcome=outcome, refund_amount=refund)
            changes.setdefault("decided_by", actor_role)  # who ended it: seller, buyer, Niaga or the clock
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*changes, "updated_at"])
        note = f"{Status(from_status).label} → {Status(to).label} ({Role(actor_role).label})"
        if closing and refund:
            note += f". Dana dikembalikan {rupiah(refund)}"
        _message(locked, role=Role.SYSTEM, body=f"{note}. {reason}".strip())
        if closing:
            emptied = money.escrow_balance(locked.order) <= 0
            why = f"Komplain {locked.number}: {Outcome(outcome).label}"
            if refund:
                why += f" ({rupiah(refund)})"
            _move_order(locked, CLOSED_EMPTIED if emptied else CLOSED_KEPT, actor_role, actor, why)
        _tell(locked, from_status, to, reason)
    for name in [*changes, "updated_at"]:
        setattr(complaint, name, getattr(locked, name))
    return complaint


def _move_order(complaint: Complaint, which: str, role: str, actor, reason: str) -> None:
    from_statuses, to_status = ORDER_MOVES[which]
    order = complaint.order
    if order.status not in from_statuses:
        raise InvalidMove(f"Pesanan {order.number} berstatus {order.status_label}.")
    orders.transition(order=order, to_status=to_status, role=role, actor=actor, reason=reason)


# --- the parties' actions (each one move) -------------------------------------------------


def _grant_request(complaint: Complaint, role: str, actor, reason: str) -> Complaint:
    """What the buyer asked: refund only → refunded now; return or exchange → goods back first."""
    if complaint.resolution == Resolution.REFUND_ONLY:
        amount = max_refund(complaint)
        return move(complaint, Status.RESOLVED, role, actor, reason, refund=amount, outcome=Outcome.REFUND_FULL)
    return move(complaint, Status.RETURN_REQUESTED, role, actor, reason)


def seller_accept(*, complaint: Complaint, seller, note: str = "") -> Complaint:
    return _grant_request(complaint, Role.SELLER, seller, note.strip() or "Penjual menyetujui permintaan pembeli.")


def seller_offer(*, complaint: Complaint, seller, amount, reason: str, photos: list | None = None) -> Complaint:
    """A partial refund instead of what the buyer asked; the buyer takes it or asks Niaga."""
    reason = _required_reason(reason)
    _check_amount(complaint, amount)
    check_photos(photos or [])
    with transaction.atomic():
        if photos:
            _message(complaint, role=Role.SELLER, author=seller, body=reason, photos=photos)
        return move(
            complaint,
            Status.OFFER_MADE,
            Role.SELLER,
            seller,
            f"Penjual menawarkan pengembalian dana {rupiah(amount)}: {reason}",
            fields={"offer_amount": amount, "offer_reason": reason[:500]},
        )


def seller_reject(*, complaint: Complaint, seller, reason: str, photos: list | None = None) -> Complaint:
    reason = _required_reason(reason)
    check_photos(photos or [])
    with transaction.atomic():
        if photos:
            _message(complaint, role=Role.SELLER, author=seller, body=reason, photos=photos)
        return move(
            complaint,
            Status.REJECTED,
            Role.SELLER,
            seller,
            f"Penjual menolak komplain: {reason}",
            fields={"offer_reason": reason[:500]},
        )


def accept_offer(*, complaint: Complaint, buyer) -> Complaint:
    return _take_offer(complaint, Role.BUYER, buyer, "Pembeli menerima tawaran penjual.")


def _take_offer(complaint: Complaint, role: str, actor, reason: str) -> Complaint:
    if complaint.status != Status.OFFER_MADE or not complaint.offer_amount:
        raise InvalidMove("Tidak ada tawaran yang menunggu jawaban.")
    amount = complaint.offer_amount
    outcome = Outcome.REFUND_FULL if amount >= max_refund(complaint) else Outcome.REFUND_PARTIAL
    return move(complaint, Status.RESOLVED, role, actor, reason, refund=amount, outcome=outcome)


def escalate(*, complaint: Complaint, actor, role: str = Role.BUYER, reason: str = "") -> Complaint:
    """Ask Niaga to mediate (after an offer or a rejection, or a return gone wrong)."""
    reason = reason.strip() or "Pembeli meminta bantuan Niaga."
    return move(complaint, Status.ESCALATED, role, actor, reason[:500])


def withdraw(*, complaint: Complaint, buyer, reason: str = "") -> Complaint:
    """The buyer takes the complaint back: the order completes, the seller is paid."""
    return move(complaint, Status.WITHDRAWN, Role.BUYER, buyer, reason.strip()[:500] or "Pembeli membatalkan komplain.")


class Decision:
    REFUND_FULL = "refund_full"
    REFUND_PARTIAL = "refund_partial"
    RETURN_REQUIRED = "return_required"
    REJECT = "reject"

    CHOICES = [
        (REFUND_FULL, "Kembalikan dana penuh"),
        (REFUND_PARTIAL, "Kembalikan dana sebagian"),
        (RETURN_REQUIRED, "Barang wajib dikembalikan dulu"),
        (REJECT, "Tolak komplain"),
    ]


def decide(*, complaint: Complaint, operator, decision: str, reason: str, amount=None) -> Complaint:
    """Niaga's operator decides an escalated complaint, with a reason both sides see."""
    reason = _required_reason(reason)
    if complaint.status != Status.ESCALATED:
        raise InvalidMove("Komplain ini tidak sedang dalam mediasi.")
    fields = {"decided_by": Role.OPERATOR, "decision_reason": reason}
    said = f"Keputusan Niaga: {reason}"
    if decision == Decision.REFUND_FULL:
        top = max_refund(complaint)
        return move(
            complaint,
            Status.RESOLVED,
            Role.OPERATOR,
            operator,
            said,
            refund=top,
            outcome=Outcome.REFUND_FULL,
            fields=fields,
        )
    if decision == Decision.REFUND_PARTIAL:
        amount = _check_amount(complaint, amount)
        outcome = Outcome.REFUND_FULL if amount >= max_refund(complaint) else Outcome.REFUND_PARTIAL
        return move(
            complaint, Status.RESOLVED, Role.OPERATOR, operator, said, refund=amount, outcome=outcome, fields=fields
        )
    if decision == Decision.RETURN_REQUIRED:
        return move(complaint, Status.RETURN_REQUESTED, Role.OPERATOR, operator, said, fields=fields)
    if decision == Decision.REJECT:
        return move(complaint, Status.RESOLVED, Role.OPERATOR, operator, said, outcome=Outcome.REJECTED, fields=fields)
    raise DomainError("Pilih keputusan.", code="invalid_decision", fields={"decision": "Pilih keputusan."})


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise DomainError(
            "Tuliskan alasannya, minimal 10 karakter.",
            code="reason_required",
            fields={"reason": "Minimal 10 karakter."},
        )
    return reason[:BODY_MAX]


# --- the sweep --------------------------------------------------------------------------


def sweep_overdue(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Deadlines passed: a silent seller → what the buyer asked; a silent buyer → the offer or
    the rejection stands. Safe to run twice or side by side: a complaint moved by someone else
    meanwhile is skipped."""
    now = now or clock.now()
    done = 0
    silent_sellers = Complaint.objects.filter(status=Status.AWAITING_SELLER, respond_by__lte=now).order_by("respond_by")
    for complaint in silent_sellers[:limit]:
        done += _quietly(
            lambda c=complaint: _grant_request(c, Role.SYSTEM, None, "Penjual tidak merespons sampai batas waktu.")
        )
    silent_buyers = Complaint.objects.filter(status__in=WAITING_FOR_BUYER, buyer_respond_by__lte=now).order_by(
        "buyer_respond_by"
    )
    for complaint in silent_buyers[:limit]:
        if complaint.status == Status.OFFER_MADE:
            done += _quietly(
                lambda c=complaint: _take_offer(
                    c, Role.SYSTEM, None, "Pembeli tidak merespons: tawaran penjual berlaku."
                )
            )
        else:
            done += _quietly(
                lambda c=complaint: move(
                    c,
                    Status.RESOLVED,
                    Role.SYSTEM,
                    None,
                    "Pembeli tidak merespons: penolakan penjual berlaku.",
                    outcome=Outcome.REJECTED,
                )
            )
    return done


def _quietly(step) -> int:
    try:
        step()
    except InvalidMove:
        return 0  # moved by someone else meanwhile
    return 1


# --- who is told ------------------------------------------------------------------------


def buyer_url(complaint: Complaint) -> str:
    return reverse("aftersales:detail", args=[complaint.pk])


def seller_url(complaint: Complaint) -> str:
    return reverse("aftersales:seller_detail", args=[complaint.pk])


def operator_url(complaint: Complaint) -> str:
    return reverse("aftersales:operator_detail", args=[complaint.pk])


def _parties(complaint: Complaint):
    yield complaint.buyer, buyer_url(complaint)
    yield complaint.store.owner, seller_url(complaint)


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M WIB") if moment else ""


def _tell(complaint: Complaint, from_status: str, to: str, reason: str) -> None:
    """The side that must act next hears it in the app and by e-mail; the other side in the app."""
    number = complaint.number
    buyer, seller = complaint.buyer, complaint.store.owner
    b_url, s_url = buyer_url(complaint), seller_url(complaint)
    if to == Status.AWAITING_SELLER:
        return  # opened: the order's own notice (Dikomplain) e-mails the seller, with the deadline in its reason
    if to in WAITING_FOR_BUYER:
        offered = to == Status.OFFER_MADE
        notify(
            user=buyer,
            title=f"Penjual {'memberi tawaran' if offered else 'menolak komplain'} {number}",
            body=reason,
            url=b_url,
            next_step=f"Jawab sebelum {_when(complaint.buyer_respond_by)}: "
            + ("terima tawaran atau ajukan ke Niaga." if offered else "ajukan ke Niaga bila tidak setuju.")
            + " Tanpa jawaban, keputusan penjual berlaku.",
        )
    elif to == Status.ESCALATED:
        for user, url in ((buyer, b_url), (seller, s_url)):
            notify(
                user=user,
                title=f"Komplain {number} dalam mediasi Niaga",
                body=reason,
                url=url,
                email=user == seller,
                next_step="Lengkapi bukti di percakapan komplain; tim Niaga akan memutuskan.",
            )
        for staff in get_user_model().objects.filter(is_staff=True, is_active=True)[:20]:
            notify(
                user=staff,
                title=f"Mediasi baru {number}",
                body=reason,
                url=operator_url(complaint),
                email=False,
            )
    elif to == Status.RETURN_REQUESTED:
        notify(
            user=buyer,
            title=f"Kirim balik barang komplain {number}",
            body=reason,
            url=b_url,
            next_step="Pesan pengiriman balik dari halaman komplain dan serahkan paket ke kurir.",
        )
        notify(
            user=seller, title=f"Komplain {number}: menunggu barang dikirim balik", body=reason, url=s_url, email=False
        )
    elif to in (Status.RESOLVED, Status.WITHDRAWN):
        label = complaint.get_outcome_display()
        money_line = f" Dana {rupiah(complaint.refund_amount)} dikembalikan." if complaint.refund_amount else ""
        notify(
            user=buyer,
            title=f"Komplain {number} selesai: {label}",
            body=f"{reason}{money_line}",
            url=b_url,
            next_step="Cek Saldo Niaga atau metode pembayaranmu." if complaint.refund_amount else "",
        )
        notify(user=seller, title=f"Komplain {number} selesai: {label}", body=f"{reason}{money_line}", url=s_url)
    else:  # the way back: told to whoever waits for it
        target, url = (seller, s_url) if to == Status.RETURN_SHIPPED else (buyer, b_url)
        notify(user=target, title=f"Komplain {number}: {Status(to).label}", body=reason, url=url)
