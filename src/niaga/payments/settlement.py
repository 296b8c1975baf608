"""What the seller is paid, read back from the ledger: per order (the settlement breakdown
on the seller's order page) and per movement of the available balance (Saldo).

Nothing here computes money the ledger does not hold: amounts are the order's escrow
entries and its release posting. Only an order not completed yet shows an estimate, made
by the same function the release will post with (money.release_split).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from niaga.ledger import accounts as acc
from niaga.ledger.models import Entry
from niaga.orders.models import Order

from . import money
from .models import Payout


@dataclass(frozen=True)
class Settlement:
    paid_in: int  # what the buyer's payment put in this order's escrow (goods + shipping)
    goods: int
    shipping_collected: int  # the shipping the buyer paid at checkout
    refunded: int  # given back to the buyer out of escrow (short picks, cancellations)
    held: int  # still in escrow, waiting for the buyer to receive the parcel
    released: bool  # the order completed and its escrow was shared out
    commission: int
    courier_cost: int  # what the courier charged for the parcel booked through Niaga
    shipping_subsidy: int  # the part of the courier's charge Niaga bore
    fees: int  # other charges to the seller: PPN added on the commission (the gateway's fee is Niaga's cost)
    net: int  # to the seller's available balance (an estimate while `released` is False)
    memo: str  # how the commission was taken, e.g. "komisi 5% dari barang Rp15.000"
    tax_withheld: int = 0  # PPh 22 collected at payment (niaga.tax), less what refunds gave back

    @property
    def shipping_difference(self) -> int:
        """Courier cost less the shipping the buyer paid: positive, the seller pays it."""
        return self.courier_cost - self.shipping_collected


def settlement_of(order: Order) -> Settlement:
    """The order's settlement; `order` comes from a selector scoped to its store."""
    entries = list(
        Entry.objects.filter(account__code=acc.escrow(order.store_id, order.pk))
        .select_related("transaction")
        .order_by("transaction__created_at", "pk")
    )
    # PPh 22 moves between escrow and the tax account: neither paid in nor refunded.
    taxed = [e for e in entries if acc.is_pph22_key(e.transaction.key)]
    entries = [e for e in entries if not acc.is_pph22_key(e.transaction.key)]
    withheld = -sum(e.amount for e in taxed)
    paid_in = sum(e.amount for e in entries if e.amount > 0)
    release = next((e.transaction for e in entries if e.transaction.key == f"release:{order.pk}"), None)
    refunded = -sum(e.amount for e in entries if e.amount < 0 and e.transaction != release)
    shipping = min(order.shipping_cost, paid_in)
    if release is not None:
        lines = {e.account.code: e.amount for e in release.entries.select_related("account")}
        return Settlement(
            paid_in=paid_in,
            goods=paid_in - shipping,
            shipping_collected=shipping,
            refunded=refunded,
            held=0,
            released=True,
            commission=lines.get(acc.COMMISSION, 0),
            courier_cost=lines.get(acc.WORLD_COURIERS, 0),
            shipping_subsidy=-lines.get(acc.SHIPPING_COSTS, 0),
            fees=lines.get(acc.TAX_PPN_PAYABLE, 0),
            net=lines.get(acc.seller_available(order.store_id), 0),
            memo=release.memo,
            tax_withheld=withheld,
        )
    held = paid_in - refunded - withheld
    split = money.release_split(order=order, held=held) if held > 0 else None
    return Settlement(
        paid_in=paid_in,
        goods=paid_in - shipping,
        shipping_collected=shipping,
        refunded=refunded,
        held=held,
        released=False,
        commission=split.commission if split else 0,
        courier_cost=split.courier_cost if split else 0,
        shipping_subsidy=split.shipping_subsidy if split else 0,
        fees=split.vat if split else 0,
        net=split.net if split else 0,
        memo=split.memo if split else "",
        tax_withheld=withheld,
    )


@dataclass(frozen=True)
class SaldoLine:
    at: object  # datetime
    label: str
    amount: int  # + into the available balance, - out of it
    balance: int  # the available balance after this line
    order: Order | None = None
    payout: Payout | None = None
    memo: str = ""

    @property
    def magnitude(self) -> int:
        return abs(self.amount)


_LABELS = {
    "release": "Penghasilan pesanan",
    "payout_request": "Penarikan diajukan",
    "payout_rejected": "Penarikan ditolak, dana kembali",
}


def saldo_history(store, limit: int = 50) -> list[SaldoLine]:
    """Every movement of the store's available balance, newest first, with the balance after
    it: one line per completed order and per withdrawal."""
    entries = list(
        Entry.objects.filter(account__code=acc.seller_available(store.pk))
        .select_related("transaction")
        .order_by("transaction__created_at", "pk")
    )
    references = {e.transaction.reference for e in entries}
    orders = {o.number: o for o in Order.objects.filter(store=store, number__in=references)}
    payout_ids = [
        int(r.split(":", 1)[1]) for r in references if r.startswith("payout:") and r.split(":", 1)[1].isdigit()
    ]
    payouts = {f"payout:{p.pk}": p for p in Payout.objects.filter(store=store, pk__in=payout_ids)}
    lines, running = [], 0
    for entry in entries:
        txn = entry.transaction
        running += entry.amount
        lines.append(
            SaldoLine(
                at=txn.created_at,
                label=_LABELS.get(txn.kind, "Penyesuaian saldo"),
                amount=entry.amount,
                balance=running,
                order=orders.get(txn.reference),
                payout=payouts.get(txn.reference),
                memo=txn.memo,
            )
        )
    return lines[::-1][:limit]


def held_per_order(store, limit: int = 50) -> list[tuple[Order, int]]:
    """What escrow holds for each of the store's running orders (the "Tertahan" tile, line
    by line), oldest first."""
    prefix = acc.escrow_prefix(store.pk)
    held = {
        int(code.rsplit(":", 1)[1]): amount
        for code, amount in Entry.objects.filter(account__code__startswith=prefix)
        .values_list("account__code")
        .annotate(s=Sum("amount"))
        .filter(s__gt=0)
        .values_list("account__code", "s")
    }
    orders = Order.objects.filter(store=store, pk__in=list(held)).order_by("created_at", "pk")[:limit]
    return [(order, held[order.pk]) for order in orders]
