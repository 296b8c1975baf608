"""Property: whatever happens in whatever order, money is neither created nor lost.

Random sequences of pay / pay again / cancel / expire / refund / complete / payout /
settlement reversal / delivery / complaint (opened, then accepted, offered, rejected,
escalated and decided, or left to the deadlines) run through the real services; after every
step every ledger transaction balances, the total is zero, no balance that must stay positive
goes negative, no order is paid twice, nothing of a complained order is released while the
complaint is open, and each rupiah of an ended complaint's order left escrow once: refunded
or released. Returns and exchanges (the goods sent back, postage paid by the seller or out of
the buyer's refund, bookings given back, receipt confirmed or left to the deadline, a
replacement shipped or refunded instead) post each leg's postage once, never leave a seller's
available balance below zero, and leave nothing fronted that the platform owes.
"""

import datetime as dt
import itertools

import pytest
from django.conf import settings
from django.db import transaction
from hypothesis import HealthCheck, Phase, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from niaga.accounts.services import create_address, register_user
from niaga.aftersales import exchanges, returns
from niaga.aftersales import services as complaints
from niaga.aftersales.models import Complaint
from niaga.aftersales.status import OPEN as OPEN_COMPLAINT
from niaga.aftersales.status import Reason, Resolution
from niaga.aftersales.status import Status as ComplaintStatus
from niaga.catalog.models import Category
from niaga.conftest import TEBET, png
from niaga.core import clock
from niaga.core.errors import DomainError
from niaga.core.tracking import Tracking
from niaga.fulfillment.tests.conftest import set_up_warehouse
from niaga.inventory.services import create_product_with_stock
from niaga.ledger import accounts as acc
from niaga.ledger import selectors as ledger
from niaga.ledger.models import Account, Transaction
from niaga.orders import services as orders
from niaga.orders.models import OrderEvent
from niaga.orders.status import Actor, Status
from niaga.payments import bank, money
from niaga.payments.gateways.midtrans import signature
from niaga.payments.models import PaymentAttempt, Payout
from niaga.payments.services import apply_gateway_status, pay_with_saldo
from niaga.shipping import legs
from niaga.shipping.models import Leg
from niaga.shipping.tests.fakes import fake_couriers
from niaga.stores.services import open_store

_ids = itertools.count()
ACTIONS = [
    "pay",
    "pay_again",
    "pay_saldo",
    "cancel",
    "expire",
    "refund",
    "complete",
    "payout",
    "reverse",
    "deliver",
    "complain",
    "answer_complaint",
]
steps = st.lists(
    st.tuples(st.sampled_from(ACTIONS), st.integers(0, 2), st.integers(1, 60_000), st.booleans()),
    min_size=1,
    max_size=30,
)

COMPLAINT_ACTIONS = ["complain", "complain", *["answer_complaint"] * 6, "refund", "reverse", "complete", "payout"]
complaint_steps = st.lists(
    st.tuples(st.sampled_from(COMPLAINT_ACTIONS), st.integers(0, 2), st.integers(1, 80_000), st.booleans()),
    min_size=1,
    max_size=20,
)

RETURN_ACTIONS = ["complain_return", "complain_return", *["answer_complaint"] * 3, *["return_step"] * 8, "payout"]
return_steps = st.lists(
    st.tuples(st.sampled_from(RETURN_ACTIONS), st.integers(0, 2), st.integers(1, 80_000), st.booleans()),
    min_size=1,
    max_size=24,
)
# A delivered order's address as checkout keeps it: the way back starts there.
ADDRESS = {
    "recipient_name": "Budi",
    "phone": "081234567890",
    "street": "Jl. Tebet 1",
    "village": "Tebet Barat",
    "district": "Tebet",
    "regency": "Kota Jakarta Selatan",
    "province": "DKI Jakarta",
    **TEBET,
}


def gateway_says(attempt, status: str, code: str) -> None:
    gross = f"{attempt.gross_amount}.00"
    body = {
        "order_id": attempt.gateway_order_id,
        "transaction_status": status,
        "status_code": code,
        "gross_amount": gross,
        "fraud_status": "accept",
        "signature_key": signature(attempt.gateway_order_id, code, gross, settings.NIAGA_MIDTRANS_SERVER_KEY),
    }
    apply_gateway_status(body=body, source="webhook")


class MoneyIsConserved(TestCase):
    def world(self):
        n = next(_ids)
        category = Category.objects.get_or_create(slug="buku", defaults={"name": "Buku"})[0]
        stores, variants = [], []
        for i in range(2):
            owner = register_user(
                email=f"s{n}-{i}@contoh.id", password="rahasia-kuat-123", full_name=f"Penjual {i}", verified=True
            )
            store = open_store(owner=owner, data={"name": f"Toko {n} {i}", "city_code": "32.73"})
            product = create_product_with_stock(
                store=store,
                data={
                    "name": "Buku",
                    "price": 25_000 + 5_000 * i,
                    "weight_grams": 300,
                    "category_id": category.pk,
                    "stock": 50,
                },
            )
            bank.set_bank_account(store=store, bank="bca", account_number="1234567890", account_name="Penjual")
            stores.append(store)
            variants.append((store, product.variants.get()))
        buyer = register_user(email=f"b{n}@contoh.id", password="rahasia-kuat-123", full_name="Pembeli")
        create_address(
            user=buyer, data={"recipient_name": "Budi", "phone": "081234567890", "street": "Jl. Tebet 1", **TEBET}
        )
        groups = []
        for g in range(3):
            drafts = [
                orders.OrderDraft(
                    store_id=store.pk,
                    store_code="TOK",
                    courier_code="jne_reg",
                    courier_name="JNE",
                    shipping_eta="2 hari",
                    shipping_cost=10_000,
                    lines=[orders.LineDraft(v.pk, "Buku", "", v.unit_price, 1 + g, 300)],
                )
                for store, v in variants[: 1 + g % 2]
            ]
            group = orders.place_orders(
                buyer=buyer,
                drafts=drafts,
                shipping_address={},
                payment_method="va_bca",
                service_fee=1000,
                payment_due_at=clock.now() + dt.timedelta(hours=1),
            ).group
            PaymentAttempt.objects.create(
                group=group,
                method="va_bca",
                gateway_order_id=f"{group.code}-1",
                gross_amount=group.total,
                status="pending",
            )
            groups.append(group)
        return stores, buyer, groups

    def act(self, action, index, amount, flag, stores, groups):
        group = groups[index]
        group.refresh_from_db()
        attempts = list(group.payments.order_by("pk"))
        if action == "pay":
            gateway_says(attempts[0], "settlement", "200")
        elif action == "pay_again":
            extra = PaymentAttempt.objects.create(
                group=group,
                method="gopay",
                gateway_order_id=f"{group.code}-{len(attempts) + 1}",
                gross_amount=group.total,
                status="pending",
            )
            gateway_says(extra, "settlement", "200")
        elif action == "pay_saldo":
            if group.orders.filter(status=Status.AWAITING_PAYMENT).exists():
                with transaction.atomic():
                    pay_with_saldo(group=group)
        elif action == "cancel":
            order = group.orders.order_by("pk").first()
            if order.status == Status.AWAITING_PAYMENT:
                orders.buyer_cancel(group=group, buyer=group.buyer)
            else:
                orders.transition(order=order, to_status=Status.CANCELLED, role=Actor.SELLER, reason="Stok rusak")
        elif action == "expire":
            orders.cancel_overdue(now=clock.now() + dt.timedelta(hours=2))
        elif action == "refund":
            order = group.orders.order_by("pk").first()
            money.refund_to_saldo(order=order, amount=amount, key=f"partial:{next(_ids)}", reason="Barang kurang")
        elif action == "complete":
            for order in group.orders.filter(status=Status.TO_PACK):
                for to, role in (
                    (Status.READY_TO_SHIP, Actor.SELLER),
                    (Status.SHIPPED, Actor.SELLER),
                    (Status.DELIVERED, Actor.COURIER),
                    (Status.COMPLETED, Actor.BUYER),
                ):
                    order = orders.transition(order=order, to_status=to, role=role)
        elif action == "payout":
            payout = money.request_payout(store=stores[index % 2], amount=amount)
            money.settle_payout(payout=payout, approve=flag, operator=None)
        elif action == "reverse":
            paid = [a for a in attempts if a.is_paid]
            if paid:
                gateway_says(paid[0], "deny", "202")
        elif action == "deliver":
            for order in group.orders.filter(status=Status.TO_PACK):
                for to, role in (
                    (Status.READY_TO_SHIP, Actor.SELLER),
                    (Status.SHIPPED, Actor.SELLER),
                    (Status.DELIVERED, Actor.COURIER),
                ):
                    order = orders.transition(order=order, to_status=to, role=role)
        elif action == "complain":
            order = group.orders.filter(status=Status.DELIVERED).order_by("pk").first()
            if order is not None:
                lines = list(order.lines.all())
                wanted = lines if flag else lines[:1]  # every unit (the whole escrow), or some
                complaints.open_complaint(
                    buyer=order.buyer,
                    order=order,
                    lines=[
                        complaints.LineRequest(
                            order_line_id=line.pk,
                            quantity=line.to_send if flag else 1 + amount % line.to_send,
                        )
                        for line in wanted
                    ],
                    reason=Reason.OTHER,
                    description="Barang tidak seperti yang dijanjikan.",
                    resolution=Resolution.REFUND_ONLY,
                )
        elif action == "answer_complaint":
            self.answer_complaint(groups, index, amount, flag)
        elif action == "complain_return":
            self.complain_return(group, amount, flag)
        elif action == "return_step":
            self.return_step(groups, index, amount, flag)

    def answer_complaint(self, groups, index, amount, flag):
        """The next step of one open complaint, whichever it is, by whoever may take it."""
        open_ones = list(Complaint.objects.filter(order__group__in=groups, status__in=OPEN_COMPLAINT).order_by("pk"))
        if not open_ones:
            return
        complaint = open_ones[index % len(open_ones)]
        seller, buyer = complaint.store.owner, complaint.buyer
        status = complaint.status
        if status == ComplaintStatus.AWAITING_SELLER:
            choice = amount % 4
            if choice == 0:
                complaints.seller_accept(complaint=complaint, seller=seller)
            elif choice == 1:
                complaints.seller_offer(
                    complaint=complaint, seller=seller, amount=amount, reason="Potongan harga saja."
                )
            elif choice == 2:
                complaints.seller_reject(complaint=complaint, seller=seller, reason="Barang sesuai deskripsi.")
            else:
                complaints.sweep_overdue(now=complaint.respond_by)  # the seller stays silent
        elif status == ComplaintStatus.OFFER_MADE:
            if flag:
                complaints.accept_offer(complaint=complaint, buyer=buyer)
            else:
                complaints.escalate(complaint=complaint, actor=buyer, reason="Tawaran terlalu kecil.")
        elif status == ComplaintStatus.REJECTED:
            if flag:
                complaints.sweep_overdue(now=complaint.buyer_respond_by)  # the buyer lets it stand
            else:
                complaints.escalate(complaint=complaint, actor=buyer, reason="Saya tidak setuju.")
        elif status == ComplaintStatus.ESCALATED:
            decision = [
                complaints.Decision.REFUND_PARTIAL,
                complaints.Decision.REFUND_FULL,
                complaints.Decision.REJECT,
            ][amount % 3]
            complaints.decide(
                complaint=complaint, operator=None, decision=decision, amount=amount, reason="Keputusan operator."
            )

    def complain_return(self, group, amount, flag):
        """A return (or an exchange) asked for some or all units: the seller's fault (the seller
        pays the way back) when flag, else the buyer's own reason (the buyer pays)."""
        order = group.orders.filter(status=Status.DELIVERED).order_by("pk").first()
        if order is None:
            return
        lines = list(order.lines.all())
        every = amount % 2 == 0
        complaints.open_complaint(
            buyer=order.buyer,
            order=order,
            lines=[
                complaints.LineRequest(line.pk, line.to_send if every else 1 + amount % line.to_send)
                for line in (lines if every else lines[:1])
            ],
            reason=Reason.DAMAGED if flag else Reason.OTHER,
            description="Barang yang datang rusak dan tidak bisa dipakai.",
            resolution=Resolution.EXCHANGE if amount % 3 == 0 else Resolution.RETURN_REFUND,
            photos=[png()] if flag else [],
        )

    def return_step(self, groups, index, amount, flag):
        """The next step of one complaint on its way back, by whoever may take it now."""
        on_the_way = list(
            Complaint.objects.filter(order__group__in=groups, status__in=returns.RETURN_STATUSES).order_by("pk")
        )
        if not on_the_way:
            return
        complaint = on_the_way[index % len(on_the_way)]
        seller, buyer = complaint.store.owner, complaint.buyer
        back = returns.live_leg(complaint, Leg.Kind.RETURN)
        case = returns.case_for(complaint)
        if complaint.status == ComplaintStatus.RETURN_REQUESTED:
            if back is None and amount % 7 == 0:
                returns.sweep_returns(now=case.return_by + dt.timedelta(minutes=1))  # nothing sent back
            elif back is None:
                self.couriers.price = 4_000 + amount % 40_000
                returns.book_return(complaint=complaint, buyer=buyer, courier_code="jne_reg")
            elif not flag:
                returns.cancel_return(complaint=complaint, buyer=buyer)
            else:
                self.couriers.move(back.booking_id, Tracking.PICKED, Tracking.DELIVERED)
                legs.poll_leg(leg=back)
        elif complaint.status == ComplaintStatus.RETURN_SHIPPED and back is not None:
            self.couriers.move(back.booking_id, Tracking.DELIVERED)
            legs.poll_leg(leg=back)
        elif complaint.status == ComplaintStatus.RETURN_RECEIVED and case.confirmed_at is None:
            if amount % 5 == 0:
                returns.sweep_returns(now=case.confirm_by + dt.timedelta(minutes=1))  # the seller is silent
            else:
                conditions = {}
                for line in returns.claimed_lines(complaint):
                    sellable = amount % (line.quantity + 1)
                    conditions[line.pk] = (sellable, line.quantity - sellable)
                returns.confirm_receipt(complaint=complaint, seller=seller, conditions=conditions)
        elif complaint.status == ComplaintStatus.RETURN_RECEIVED:
            if flag:
                self.couriers.price = 4_000 + amount % 40_000
                exchanges.ship_replacement(complaint=complaint, seller=seller, courier_code="jne_reg")
            elif amount % 2:
                exchanges.refund_instead(complaint=complaint, actor=seller)
            else:
                returns.sweep_returns(now=case.replace_by + dt.timedelta(minutes=1))  # not shipped in time
        elif complaint.status == ComplaintStatus.REPLACEMENT_SHIPPED:
            replacement = returns.live_leg(complaint, Leg.Kind.REPLACEMENT)
            self.couriers.move(replacement.booking_id, Tracking.PICKED, Tracking.DELIVERED)
            legs.poll_leg(leg=replacement)

    def assert_postage_posted_once(self, stores, groups):
        """Each leg's postage is posted once (given back once, if its booking was), the
        platform never owes a seller for fronted postage, and what the couriers were paid for
        legs is exactly the postage of the legs still booked."""
        for store in stores:
            assert ledger.balance(acc.postage_fronted(store.pk)) <= 0
        paid_for_legs = 0
        for leg in Leg.objects.filter(order__group__in=groups):
            posted = Transaction.objects.filter(key=money.postage_key(leg))
            given_back = Transaction.objects.filter(key=f"{money.postage_key(leg)}:given-back")
            assert posted.count() <= 1 and given_back.count() <= (1 if posted.exists() else 0)
            if leg.status != Tracking.CANCELLED:
                assert posted.exists() and not given_back.exists(), leg.awb
                paid_for_legs += leg.price
            else:
                assert given_back.exists() == posted.exists(), leg.awb
        couriers = Transaction.objects.filter(kind__in=["postage", "postage_given_back"])
        assert (
            sum(e.amount for t in couriers for e in t.entries.all() if e.account.code == acc.WORLD_COURIERS)
            == paid_for_legs
        )

    def assert_money_is_conserved(self, stores, buyer, groups):
        assert ledger.total() == 0
        assert not ledger.unbalanced_transactions().exists()
        # Money held for someone never goes below zero; the world and the platform's costs may.
        held = Account.objects.exclude(code__startswith="world:").exclude(code__startswith="platform:costs:")
        for code in held.values_list("code", flat=True):
            assert ledger.balance(code) >= 0, code
        for store in stores:
            assert money.seller_balances(store)["available"] >= 0
        assert ledger.balance(acc.buyer_saldo(buyer.pk)) >= 0
        for group in groups:
            for order in group.orders.all():
                assert OrderEvent.objects.filter(order=order, to_status=Status.TO_PACK).count() <= 1
            mine = Transaction.objects.filter(reference__startswith=f"{group.code}-")
            # One checkout, one payment into escrow at a time: a second one goes to saldo,
            # unless the bank took the first back.
            assert mine.filter(kind="payment").count() - mine.filter(kind="reversal").count() <= 1
        assert Payout.objects.filter(amount__lte=0).count() == 0
        for complaint in Complaint.objects.filter(order__group__in=groups).select_related("order"):
            order = complaint.order
            released = Transaction.objects.filter(key=f"release:{order.pk}")
            refunded = Transaction.objects.filter(key=f"complaint:{complaint.number}:refund")
            assert released.count() <= 1 and refunded.count() <= 1
            if complaint.status in OPEN_COMPLAINT:
                assert not released.exists() and not refunded.exists()  # nothing leaves while it is open
                assert order.status == Status.COMPLAINT
            else:
                # Ended: escrow emptied once, by the complaint's refund and the release together.
                assert money.escrow_balance(order) == 0
                assert order.status in (Status.COMPLETED, Status.RETURNED)
                assert refunded.exists() == (complaint.refund_amount > 0)
                if complaint.refund_amount:
                    assert (
                        -sum(
                            e.amount
                            for e in refunded.get().entries.all()
                            if e.account.code == acc.escrow(order.store_id, order.pk)
                        )
                        == complaint.refund_amount
                    )

    # No shrinking phase: each example does real database work, and shrinking a long history
    # can take many minutes; the failing history is printed as found.
    @pytest.mark.timeout(900)  # 60 histories of real database work: minutes on a slow machine
    @hsettings(
        max_examples=60,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    @given(steps)
    def test_random_histories_keep_the_books_balanced(self, history):
        stores, buyer, groups = self.world()
        for action, index, amount, flag in history:
            try:
                self.act(action, index, amount, flag, stores, groups)
            except DomainError:
                pass  # refused by a rule (not paid yet, nothing to refund, saldo too low): nothing moved
            self.assert_money_is_conserved(stores, buyer, groups)

    # Complaints need a paid, delivered order first, which random histories of every action
    # reach too seldom: here every checkout starts paid and delivered, and the history is
    # mostly complaints, with the moves that can cross them (refunds, reversals, payouts).
    @pytest.mark.timeout(900)
    @hsettings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    # Each way a complaint ends, once for sure (the numbers pick the answer: see answer_complaint).
    @example([("complain", 0, 2, False), ("answer_complaint", 0, 4, True)])  # accepted, some units
    @example([("complain", 1, 1, True), ("answer_complaint", 0, 3, True)])  # silent seller, every unit
    @example([("complain", 0, 1, False), ("answer_complaint", 0, 5, True), ("answer_complaint", 0, 1, True)])
    @example(  # offered, escalated, decided partly
        [("complain", 2, 1, False), ("answer_complaint", 0, 9, True), ("answer_complaint", 0, 1, False)]
        + [("answer_complaint", 0, 3_000, True), ("payout", 0, 10_000, True)]
    )
    @example([("complain", 0, 1, False), ("answer_complaint", 0, 2, True), ("answer_complaint", 0, 1, True)])
    @example(  # rejected, escalated, rejected by Niaga
        [("complain", 1, 1, True), ("answer_complaint", 0, 6, True), ("answer_complaint", 0, 1, False)]
        + [("answer_complaint", 0, 5, True), ("reverse", 1, 1, True)]
    )
    @given(complaint_steps)
    def test_random_complaint_histories_keep_the_books_balanced(self, history):
        stores, buyer, groups = self.world()
        for index in range(len(groups)):
            self.act("pay", index, 0, False, stores, groups)
            self.act("deliver", index, 0, False, stores, groups)
        for action, index, amount, flag in history:
            try:
                self.act(action, index, amount, flag, stores, groups)
            except DomainError:
                pass  # refused by a rule (an offer out of range, a move out of turn): nothing moved
            self.assert_money_is_conserved(stores, buyer, groups)

    # The way back: every checkout starts paid and delivered, its address and the stores'
    # warehouses complete, the couriers in-process (one transaction per history); the history
    # is mostly returns and exchanges moving along, with payouts that may cross them.
    @pytest.mark.timeout(900)
    @hsettings(
        max_examples=40,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    # A return for the seller's fault confirmed, and one for the buyer's reason, some units.
    @example([("complain_return", 0, 2, True), ("answer_complaint", 0, 4, True)] + [("return_step", 0, 1, True)] * 3)
    @example([("complain_return", 1, 1, False), ("answer_complaint", 0, 4, True)] + [("return_step", 0, 1, True)] * 3)
    @example(  # an exchange: back, confirmed, the replacement shipped and delivered, then a payout
        [("complain_return", 2, 6, True), ("answer_complaint", 0, 4, True)]
        + [("return_step", 0, 1, True)] * 5
        + [("payout", 2, 10_000, True)]
    )
    @example(  # booked, given back, booked again; the seller silent after delivery
        [("complain_return", 0, 2, True), ("answer_complaint", 0, 4, True), ("return_step", 0, 1, True)]
        + [("return_step", 0, 1, False), ("return_step", 0, 1, True), ("return_step", 0, 1, True)]
        + [("return_step", 0, 5, True)]
    )
    @given(return_steps)
    def test_random_return_histories_keep_the_books_balanced(self, history):
        stores, buyer, groups = self.world()
        for store in stores:
            set_up_warehouse(store)
        for index in range(len(groups)):
            self.act("pay", index, 0, False, stores, groups)
            self.act("deliver", index, 0, False, stores, groups)
            groups[index].orders.update(shipping_address=ADDRESS)
        with fake_couriers() as self.couriers:
            for action, index, amount, flag in history:
                try:
                    self.act(action, index, amount, flag, stores, groups)
                except DomainError:
                    pass  # refused by a rule (postage above the refund, out of turn): nothing moved
                self.assert_money_is_conserved(stores, buyer, groups)
                self.assert_postage_posted_once(stores, groups)
