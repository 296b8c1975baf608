"""Where the money goes: escrow on payment, to the seller on completion, back to the buyer
on cancellation or refund, out to the seller's bank on payout. Every step is a balanced
ledger posting with a key, so a repeated event posts nothing new.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from niaga import audit
from niaga.accounts.services import require_verified_email
from niaga.core import paymethods
from niaga.core.errors import Conflict, DomainError
from niaga.core.money import rupiah
from niaga.core.tracking import Tracking
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger_selectors
from niaga.ledger import services as ledger
from niaga.notifications.services import notify
from niaga.orders.models import Order, OrderGroup
from niaga.shipping.models import Leg, Shipment

from . import jobs, levies, signals, statuses
from .models import BankAccount, PaymentAttempt, Payout, Refund


def gateway_fee(*, method: str, amount: int) -> int:
    family = getattr(paymethods.get(method), "family", "")
    flat, bps = settings.NIAGA_GATEWAY_FEES.get(family, (0, 0))
    return flat + amount * bps // 10_000


def record_payment(*, group: OrderGroup, gateway_order_id: str, method: str) -> None:
    """The gateway settled a checkout: each order's total into its escrow, the service fee to
    us, and what the gateway keeps booked as the platform's cost."""
    fee = gateway_fee(method=method, amount=group.total)
    lines = [(acc.WORLD_BUYERS, -group.total), (acc.SERVICE_FEES, group.service_fee)]
    lines += [(acc.escrow(o.store_id, o.pk), o.total) for o in group.orders.all()]
    if fee:
        lines += [(acc.GATEWAY_COSTS, -fee), (acc.WORLD_GATEWAY, fee)]
    ledger.post(key=f"payment:{gateway_order_id}", kind="payment", reference=gateway_order_id, lines=lines)


def pay_with_saldo(*, group: OrderGroup) -> None:
    """The buyer's saldo pays the whole checkout: saldo into escrow and the fee, at once."""
    saldo = acc.buyer_saldo(group.buyer_id)
    with transaction.atomic():
        ledger.lock(saldo)
        if ledger_selectors.balance(saldo) < group.total:
            raise ledger.InsufficientBalance(
                "Saldo Niaga tidak cukup untuk transaksi ini.", fields={"payment_method": "Saldo kurang."}
            )
        lines = [(saldo, -group.total), (acc.SERVICE_FEES, group.service_fee)]
        lines += [(acc.escrow(o.store_id, o.pk), o.total) for o in group.orders.all()]
        ledger.post(key=f"payment:{group.code}-saldo", kind="payment", reference=f"{group.code}-saldo", lines=lines)


def saldo_of(user) -> int:
    return ledger_selectors.balance(acc.buyer_saldo(user.pk))


def record_double_payment(*, group: OrderGroup, gateway_order_id: str) -> None:
    """A second payment for a checkout already paid: all of it is the buyer's saldo."""
    ledger.post(
        key=f"payment:{gateway_order_id}",
        kind="double_payment",
        reference=gateway_order_id,
        lines=[(acc.WORLD_BUYERS, -group.total), (acc.buyer_saldo(group.buyer_id), group.total)],
    )


def refund_service_fee(*, group: OrderGroup) -> None:
    if group.service_fee:
        ledger.post(
            key=f"refund:{group.code}:service-fee",
            kind="refund",
            reference=group.code,
            lines=[(acc.SERVICE_FEES, -group.service_fee), (acc.buyer_saldo(group.buyer_id), group.service_fee)],
        )


def escrow_balance(order: Order) -> int:
    return ledger_selectors.balance(acc.escrow(order.store_id, order.pk))


def tax_withheld(order: Order) -> int:
    """PPh 22 taken out of the order's escrow at payment and not given back (niaga.tax)."""
    return ledger_selectors.balance_for(acc.TAX_PPH22_PAYABLE, order.number)


def refund_to_saldo(*, order: Order, amount: int | None = None, key: str, reason: str, actor=None) -> int:
    """Give (part of) an order's escrow back to the buyer as Niaga saldo; returns the amount.

    `actor` is who asked for it (the operator or seller whose decision refunds; None for the
    clock or the gateway): the audit trail names them."""
    with transaction.atomic():
        signals.refunding.send(sender=Order, order=order, amount=amount, key=key, reason=reason)
        ledger.lock(acc.escrow(order.store_id, order.pk))
        held = escrow_balance(order)
        amount = held if amount is None else amount
        if amount <= 0 or amount > held:
            raise DomainError(
                f"Jumlah refund harus antara Rp1 dan dana tertahan pesanan ({held}).",
                code="invalid_refund_amount",
                fields={"amount": "Di luar batas."},
            )
        if not ledger_selectors.posted(key):
            ledger.post(
                key=key,
                kind="refund",
                reference=order.number,
                memo=reason,
                lines=[(acc.escrow(order.store_id, order.pk), -amount), (acc.buyer_saldo(order.buyer_id), amount)],
            )
            _record_refund(order=order, amount=amount, key=key, reason=reason, actor=actor, to="saldo")
    return amount


def _record_refund(*, order: Order, amount: int, key: str, reason: str, actor, to: str) -> None:
    audit.record(
        "refund.issued",
        actor=actor,
        user=order.buyer,
        target=order,
        changes={"order": order.number, "amount": amount, "to": to, "key": key},
        note=reason,
    )


# payments.md: refundable through the gateway; ShopeePay (and OVO) only in full.
GATEWAY_REFUNDABLE = {"card", "gopay", "shopeepay", "qris", "akulaku", "kredivo"}
FULL_REFUND_ONLY = {"shopeepay"}


def refund(*, order: Order, amount: int | None = None, key: str, reason: str, actor=None) -> int:
    """Give (part of) an order's escrow back to the buyer: through the gateway to the card or
    wallet that paid, where the method allows, else as Niaga saldo. Returns the amount.

    The gateway is called after the transaction commits (a task, `services.send_refund`);
    until it answers the money sits in "refunds payable", so it is never both in escrow and
    on its way out.
    """
    with transaction.atomic():
        # The tax taken at payment comes back into escrow first, so the refund can carry it.
        signals.refunding.send(sender=Order, order=order, amount=amount, key=key, reason=reason)
        return _refund(order=order, amount=amount, key=key, reason=reason, actor=actor)


def _refund(*, order: Order, amount: int | None, key: str, reason: str, actor) -> int:
    paid_by = order.group.payments.filter(status__in=statuses.REFUNDABLE).order_by("pk").first()
    held = escrow_balance(order)
    amount = held if amount is None else amount
    partial = amount < order.group.total
    if paid_by is None or paid_by.method not in GATEWAY_REFUNDABLE or (partial and paid_by.method in FULL_REFUND_ONLY):
        return refund_to_saldo(order=order, amount=amount, key=key, reason=reason, actor=actor)
    with transaction.atomic():
        ledger.lock(acc.escrow(order.store_id, order.pk))
        held = escrow_balance(order)
        if amount <= 0 or amount > held:
            raise DomainError(
                "Jumlah refund di luar dana tertahan.",
                code="invalid_refund_amount",
                fields={"amount": "Di luar batas."},
            )
        if Refund.objects.filter(key=key).exists():
            return amount  # asked before: the same key moves the money once
        ledger.post(
            key=key,
            kind="refund_requested",
            reference=order.number,
            memo=reason,
            lines=[(acc.escrow(order.store_id, order.pk), -amount), (acc.refunds_payable(order.pk), amount)],
        )
        request = Refund.objects.create(attempt=paid_by, order=order, key=key, amount=amount, reason=reason[:255])
        _record_refund(order=order, amount=amount, key=key, reason=reason, actor=actor, to=paid_by.method)
        transaction.on_commit(lambda: jobs.enqueue("send_refund", request.pk))
    return amount


def complaint_refund_limit(*, order: Order, units_value: int, every_unit: bool) -> int:
    """The most a complaint about some units can give back: their value (unit price ×
    quantity); the whole escrow, shipping too, when every unit of the order is complained
    of. Never more than escrow still holds (a short pick may have refunded some already).
    The refund itself is `refund(order=, amount=, key=f"complaint:{number}:refund", reason=)`."""
    # PPh 22 withheld at payment goes back with a refund (payments.signals.refunding).
    held = max(escrow_balance(order), 0) + tax_withheld(order)
    return held if every_unit else min(units_value, held)


def checkout_escrow(group: OrderGroup) -> int:
    """What the checkout's orders still hold in escrow, together."""
    return sum(escrow_balance(order) for order in group.orders.all())


def _service_fee_left(group: OrderGroup, reference: str) -> int:
    given_back = 0
    for ref in {group.code, reference}:
        for txn in ledger_selectors.postings(ref).prefetch_related("entries__account"):
            given_back -= sum(
                e.amount for e in txn.entries.all() if e.account.code == acc.SERVICE_FEES and e.amount < 0
            )
    return max(group.service_fee - given_back, 0)


def take_back(*, attempt: PaymentAttempt, amount: int, key: str, kind: str, memo: str) -> list[Order]:
    """The gateway gave `amount` of this payment back to the buyer without Niaga sending it (a
    refund made in the gateway's dashboard, a chargeback, a captured card voided): the money
    leaves from wherever it now sits, as a reversal's does.

    First Niaga's own refunds still waiting to be sent (the buyer has that money now), then the
    orders' escrow (oldest order first), then the service fee, then the buyer's saldo; what was
    already passed on is the platform's loss. PPh 22 withheld from an order's escrow goes back
    into it first, in proportion (`_give_back_withheld`), so the buyer's money is all there.
    Posted once per key. Returns the orders whose escrow it emptied, for the caller to cancel.
    """
    group = attempt.group
    reference = attempt.gateway_order_id
    if amount <= 0 or ledger_selectors.postings(reference).filter(key=key).exists():
        return []
    paid_in = ledger_selectors.postings(reference).filter(key=f"payment:{reference}").first()
    # A second payment of a paid checkout went to the buyer's saldo: that is where it is now.
    primary = paid_in is not None and paid_in.kind == "payment"
    remaining = amount
    lines: list[tuple[str, int]] = []
    emptied: list[Order] = []
    with transaction.atomic():
        if primary:
            for waiting in Refund.objects.select_for_update().filter(attempt=attempt, status=Refund.Status.REQUESTED):
                if waiting.amount <= remaining:
                    statuses.move(
                        Refund.objects.filter(pk=waiting.pk), frm=Refund.Status.REQUESTED, to=Refund.Status.COVERED
                    )
                    lines.append((acc.refunds_payable(waiting.order_id), -waiting.amount))
                    remaining -= waiting.amount
            for order in group.orders.order_by("pk"):
                _give_back_withheld(order=order, most=remaining, key=key, reason=memo)
                ledger.lock(acc.escrow(order.store_id, order.pk))
                held = escrow_balance(order)
                taken = min(max(held, 0), remaining)
                if taken:
                    lines.append((acc.escrow(order.store_id, order.pk), -taken))
                    remaining -= taken
                    if taken == held:
                        emptied.append(order)
            fee = min(_service_fee_left(group, reference), remaining)
            lines.append((acc.SERVICE_FEES, -fee))
            remaining -= fee
        saldo = acc.buyer_saldo(group.buyer_id)
        ledger.lock(saldo)
        from_saldo = min(remaining, max(ledger_selectors.balance(saldo), 0))
        lines += [(saldo, -from_saldo), (acc.REVERSAL_LOSSES, -(remaining - from_saldo)), (acc.WORLD_BUYERS, amount)]
        ledger.post(key=key, kind=kind, reference=reference, memo=memo, lines=lines)
    return emptied


def _give_back_withheld(*, order: Order, most: int, key: str, reason: str) -> None:
    """What the gateway takes from an order's escrow takes the PPh 22 withheld from it too, as
    Niaga's own refund does: `refunding` is sent for the part of the order's money (escrow and
    the tax withheld) the take-back reaches, all of it when it reaches everything."""
    due = max(escrow_balance(order), 0) + tax_withheld(order)
    share = min(due, most)
    if share > 0:
        amount = None if share >= due else share
        signals.refunding.send(sender=Order, order=order, amount=amount, key=key, reason=reason)


def settle_refund(*, order: Order, key: str, amount: int, sent: bool) -> None:
    """The gateway sent the refund (out to the buyer's card/wallet), or refused it (to saldo)."""
    target = acc.WORLD_BUYERS if sent else acc.buyer_saldo(order.buyer_id)
    ledger.post(
        key=f"{key}:{'sent' if sent else 'saldo'}",
        kind="refund_sent" if sent else "refund",
        reference=order.number,
        lines=[(acc.refunds_payable(order.pk), -amount), (target, amount)],
    )


@dataclass(frozen=True)
class Release:
    """How an order's escrow is shared out when it completes (money.release_to_seller posts
    exactly these lines; the seller's settlement page reads them back from the ledger)."""

    held: int  # what escrow still holds: goods and shipping the buyer paid, less refunds
    commission_base: int
    commission: int
    courier_cost: int  # what the courier charged for a parcel booked through Niaga
    shipping_subsidy: int  # the part of the courier's charge escrow could not cover
    net: int  # to the seller's available balance
    vat: int = 0  # PPN on the commission, when its price excludes it (levies.commission_vat)

    @property
    def memo(self) -> str:
        base = "barang" if settings.NIAGA_COMMISSION_BASE == "goods" else "barang + ongkir"
        vat = f" + PPN {rupiah(self.vat)}" if self.vat else ""
        return f"komisi {settings.NIAGA_COMMISSION_BPS / 100:g}% dari {base} {rupiah(self.commission_base)}{vat}"


def commission_base(*, order: Order, held: int) -> int:
    """NIAGA_COMMISSION_BASE: "goods" takes commission on the product price only (shipping
    the buyer paid is not the seller's income); "goods_and_shipping" on all escrow holds."""
    if settings.NIAGA_COMMISSION_BASE == "goods_and_shipping":
        return held
    return max(held - order.shipping_cost, 0)


def release_split(*, order: Order, held: int) -> Release:
    # Commission is on what the buyer paid for, not on what is left after PPh 22 was withheld.
    base = commission_base(order=order, held=held + tax_withheld(order))
    commission = base * settings.NIAGA_COMMISSION_BPS // 10_000
    vat = levies.commission_vat(order, commission) if commission else 0
    # A booking given back to the courier (cancelled before pickup) costs nothing.
    shipment = Shipment.objects.filter(order=order).exclude(status=Tracking.CANCELLED).only("price").first()
    courier_cost = shipment.price if shipment else 0  # own AWB ("resi sendiri"): the seller paid the courier
    net = held - commission - vat - courier_cost
    subsidy = max(-net, 0)
    return Release(held, base, commission, courier_cost, subsidy, net + subsidy, vat=vat)


def release_to_seller(*, order: Order) -> int:
    """Order completed: its escrow goes to the seller, less the platform's commission and
    what the courier charged for a parcel booked through Niaga's courier account."""
    with transaction.atomic():
        ledger.lock(acc.escrow(order.store_id, order.pk))
        held = escrow_balance(order)
        if held <= 0:
            return 0
        split = release_split(order=order, held=held)
        ledger.post(
            key=f"release:{order.pk}",
            kind="release",
            reference=order.number,
            memo=split.memo,
            lines=[
                (acc.escrow(order.store_id, order.pk), -held),
                (acc.seller_available(order.store_id), split.net),
                (acc.COMMISSION, split.commission),
                (acc.TAX_PPN_PAYABLE, split.vat),
                (acc.WORLD_COURIERS, split.courier_cost),
                (acc.SHIPPING_COSTS, -split.shipping_subsidy),
            ],
        )
        recover_fronted_postage(
            store_id=order.store_id, key=f"postage:recovered:release:{order.pk}", reference=order.number
        )
    return split.net


def seller_balances(store) -> dict[str, int]:
    return {
        "pending": ledger_selectors.balance_with_prefix(acc.escrow_prefix(store.pk)),
        "available": ledger_selectors.balance(acc.seller_available(store.pk)),
        "payout_pending": ledger_selectors.balance(acc.payout_pending(store.pk)),
    }


def request_payout(*, store, amount: int, actor=None, request=None) -> Payout:
    """The seller withdraws to the store's saved bank account: the amount leaves the available
    balance at once, held until paid. The payout keeps the account as it is now.

    `actor` (else the request's user, else the store's owner) is named in the audit trail."""
    require_verified_email(store.owner, action="menarik saldo")
    if not isinstance(amount, int) or isinstance(amount, bool) or amount < 10_000:
        raise DomainError(
            "Periksa kembali data penarikan.", code="invalid_payout", fields={"amount": "Minimal penarikan Rp10.000."}
        )
    with transaction.atomic():
        account = BankAccount.objects.filter(store=store).first()
        if account is None:
            raise DomainError(
                "Simpan rekening bank toko dulu sebelum menarik saldo.",
                code="bank_account_missing",
                fields={"bank": "Belum ada rekening bank."},
            )
        payout = Payout.objects.create(
            store=store,
            amount=amount,
            bank=account.bank,
            account_number=account.account_number,
            account_name=account.account_name,
        )
        ledger.move(
            key=f"payout:{payout.pk}:request",
            kind="payout_request",
            reference=f"payout:{payout.pk}",
            source=acc.seller_available(store.pk),
            target=acc.payout_pending(store.pk),
            amount=amount,
        )
        audit.record(
            "payout.requested",
            actor=actor or _signed_in(request) or store.owner,
            user=store.owner,
            request=request,
            target=payout,
            changes={
                "store": store.pk,
                "amount": amount,
                "bank": payout.bank,
                "account": _last_digits(payout.account_number),
            },
        )
        # The fraud review scores it here, in this transaction: a payout it holds is never
        # approvable, not even for a moment.
        signals.payout_requested.send(sender=Payout, payout=payout)
    return payout


def _signed_in(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _last_digits(account_number: str) -> str:
    """Which account, as a bank's statement shows it: never the whole number in the trail."""
    return f"…{account_number[-4:]}"


class PayoutHeld(Conflict):
    code = "payout_held"


def settle_payout(*, payout: Payout, approve: bool, operator, review: bool = False, request=None) -> Payout:
    """The operator pays the withdrawal out, or rejects it and the money returns.

    A payout the fraud review holds is decided there first, with a note (`review=True` is that
    decision calling here); until then it cannot be approved."""
    with transaction.atomic():
        locked = Payout.objects.select_for_update().get(pk=payout.pk)
        decision = Payout.Status.PAID if approve else Payout.Status.REJECTED
        if not statuses.can_move(locked.status, decision):
            raise Conflict("Penarikan ini sudah diproses.", code="payout_done")
        if locked.held and not review:
            raise PayoutHeld(
                f"Penarikan #{locked.pk} ditahan untuk tinjauan risiko: putuskan dulu di Tinjauan Risiko "
                "dengan catatan.",
            )
        target = acc.WORLD_SELLERS if approve else acc.seller_available(locked.store_id)
        ledger.post(
            key=f"payout:{locked.pk}:{'paid' if approve else 'rejected'}",
            kind="payout_paid" if approve else "payout_rejected",
            reference=f"payout:{locked.pk}",
            lines=[(acc.payout_pending(locked.store_id), -locked.amount), (target, locked.amount)],
        )
        locked.status = decision
        locked.decided_by = operator
        locked.held = False
        locked.save(update_fields=["status", "decided_by", "held", "updated_at"])
        audit.record(
            "payout.approved" if approve else "payout.rejected",
            actor=operator,
            user=locked.store.owner,
            request=request,
            target=locked,
            changes={"store": locked.store_id, "amount": locked.amount, "status": [Payout.Status.REQUESTED, decision]},
        )
        _tell_seller_payout(locked)
    return locked


def hold_payout(*, payout: Payout) -> None:
    """The fraud review holds a requested payout until it decides."""
    Payout.objects.filter(pk=payout.pk, status=Payout.Status.REQUESTED).update(held=True)
    payout.held = True


def release_payout(*, payout: Payout) -> None:
    """The fraud review let it go: the operator may approve it as any other payout."""
    Payout.objects.filter(pk=payout.pk).update(held=False)
    payout.held = False


def _tell_seller_payout(payout: Payout) -> None:
    """The seller hears (in the app and by e-mail) that the withdrawal was paid or refused."""
    where = f"{payout.get_bank_display()} {payout.masked_number} a.n. {payout.account_name}"
    if payout.status == Payout.Status.PAID:
        title = f"Penarikan {rupiah(payout.amount)} sudah dibayarkan"
        body = f"Dana {rupiah(payout.amount)} sudah dikirim ke {where}."
        next_step = "Tidak ada. Dana biasanya masuk ke rekeningmu dalam 1 hari kerja; cek riwayatnya di halaman Saldo."
    else:
        title = f"Penarikan {rupiah(payout.amount)} ditolak"
        body = f"Penarikan ke {where} ditolak; {rupiah(payout.amount)} kembali ke saldo yang bisa ditarik."
        next_step = "Periksa nama dan nomor rekening di halaman Saldo, lalu ajukan penarikan lagi."
    notify(user=payout.store.owner, title=title, body=body, url=reverse("seller:balance"), next_step=next_step)


# --- after-sales legs: who pays the courier for a return or a replacement ---------------------
#
# Niaga's courier account pays the courier when a leg is booked (WORLD_COURIERS). The money
# comes from whoever the rule names (the after-sales app applies it: the seller's fault, or
# the replacement of an exchange, is the seller's; the buyer's own reason is the buyer's).
# Each leg's postage posts once, under its own key, and is given back once if the booking is.


def postage_key(leg: Leg) -> str:
    return f"postage:leg:{leg.pk}"


def charge_postage_to_seller(*, leg: Leg) -> int:
    """The seller pays the leg's postage from their available balance. What that balance cannot
    cover now, Niaga fronts (postage_fronted) and takes back from the seller's next income
    (release_to_seller), so the available balance never goes below zero. Returns what was
    taken from the balance now."""
    store_id = leg.order.store_id
    available = acc.seller_available(store_id)
    with transaction.atomic():
        ledger.lock(available)
        if ledger_selectors.postings(leg.reference).filter(key=postage_key(leg)).exists():
            return 0
        taken = min(max(ledger_selectors.balance(available), 0), leg.price)
        ledger.post(
            key=postage_key(leg),
            kind="postage",
            reference=leg.reference,
            memo=f"Ongkir {leg.get_kind_display().lower()} {leg.awb} ditanggung penjual",
            lines=[
                (available, -taken),
                (acc.postage_fronted(store_id), -(leg.price - taken)),
                (acc.WORLD_COURIERS, leg.price),
            ],
        )
    return taken


def deduct_postage_from_refund(*, leg: Leg) -> int:
    """The buyer's own reason: the return's postage comes out of the order's escrow, which is
    the money the buyer's refund is paid from, so the refund is that much smaller and the
    seller's share untouched. Refused when the escrow cannot cover it. Returns the postage."""
    order = leg.order
    escrow = acc.escrow(order.store_id, order.pk)
    with transaction.atomic():
        ledger.lock(escrow)
        if ledger_selectors.postings(leg.reference).filter(key=postage_key(leg)).exists():
            return leg.price
        held = escrow_balance(order)
        if held < leg.price:
            raise Conflict(
                f"Ongkir retur {rupiah(leg.price)} melebihi dana pesanan yang tertahan ({rupiah(held)}).",
                code="postage_exceeds_refund",
            )
        ledger.post(
            key=postage_key(leg),
            kind="postage",
            reference=leg.reference,
            memo=f"Ongkir retur {leg.awb} ditanggung pembeli, dipotong dari refund",
            lines=[(escrow, -leg.price), (acc.WORLD_COURIERS, leg.price)],
        )
    return leg.price


def charge_postage_to_saldo(*, leg: Leg) -> int:
    """The buyer pays the leg's postage from their Niaga saldo (when no refund follows to take
    it from, as in an exchange for the buyer's own reason); refused when the saldo is short."""
    ledger.move(
        key=postage_key(leg),
        kind="postage",
        reference=leg.reference,
        memo=f"Ongkir {leg.get_kind_display().lower()} {leg.awb} ditanggung pembeli",
        source=acc.buyer_saldo(leg.order.buyer_id),
        target=acc.WORLD_COURIERS,
        amount=leg.price,
    )
    return leg.price


def give_back_postage(*, leg: Leg) -> None:
    """The booking was given back before pickup (the courier charges nothing): the postage
    returns, once, to whoever paid it. A seller's share first settles what they still owe
    for fronted postage, the rest back to their available balance."""
    paid = ledger_selectors.postings(leg.reference).filter(key=postage_key(leg)).first()
    if paid is None:
        return
    lines = [(entry.account.code, -entry.amount) for entry in paid.entries.all()]
    store_id = leg.order.store_id
    if any(code in {acc.seller_available(store_id), acc.postage_fronted(store_id)} for code, _ in lines):
        with transaction.atomic():
            ledger.lock(acc.seller_available(store_id))
            owed = min(postage_owed(store_id), leg.price)
            lines = [
                (acc.WORLD_COURIERS, -leg.price),
                (acc.postage_fronted(store_id), owed),
                (acc.seller_available(store_id), leg.price - owed),
            ]
            return _post_given_back(leg, lines)
    _post_given_back(leg, lines)


def _post_given_back(leg: Leg, lines: list[tuple[str, int]]) -> None:
    ledger.post(
        key=f"{postage_key(leg)}:given-back",
        kind="postage_given_back",
        reference=leg.reference,
        memo=f"Pemesanan kurir {leg.awb} dibatalkan",
        lines=lines,
    )


def postage_owed(store_id: int) -> int:
    """Postage Niaga fronted for the seller that their income has not paid back yet."""
    return max(-ledger_selectors.balance(acc.postage_fronted(store_id)), 0)


def recover_fronted_postage(*, store_id: int, key: str, reference: str) -> int:
    """Take fronted postage back from the seller's available balance, as far as it goes."""
    if postage_owed(store_id) <= 0:
        return 0  # the common case, read without a lock: what is fronted later waits for the next release
    available = acc.seller_available(store_id)
    with transaction.atomic():
        ledger.lock(available)
        taken = min(postage_owed(store_id), max(ledger_selectors.balance(available), 0))
        if taken <= 0:
            return 0
        ledger.post(
            key=key,
            kind="postage_recovered",
            reference=reference,
            memo="Ongkir retur yang ditalangi Niaga",
            lines=[(available, -taken), (acc.postage_fronted(store_id), taken)],
        )
    return taken
