import datetime as dt

from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field

from niaga.accounts.stepup import OTP_HEADER, require_api_step_up
from niaga.core import jsonbody, paymethods
from niaga.core.schemas import ERRORS, GATEWAY_ERRORS, Input, Ok
from niaga.orders import selectors as order_selectors
from niaga.orders import services as order_services
from niaga.stores import selectors as stores

from . import instructions, money, selectors, services, statuses

router = Router(tags=["payments"])


class OrderBrief(Schema):
    id: int
    number: str
    store_name: str
    status: str
    status_label: str
    total: int

    @staticmethod
    def resolve_store_name(order) -> str:
        return order.store.name


class PaymentOut(Schema):  # reads a payments.selectors.Payment
    code: str
    method: str
    method_label: str
    total: int
    payment_due_at: dt.datetime
    paid: bool
    attempt_status: str | None
    error_message: str
    bank: str
    va_number: str
    biller_code: str
    bill_key: str
    actions: dict[str, str]
    instructions: dict[str, list[str]]
    orders: list[OrderBrief]
    page_url: str

    @staticmethod
    def resolve_code(payment) -> str:
        return payment.group.code

    @staticmethod
    def resolve_method(payment) -> str:
        return payment.group.payment_method

    @staticmethod
    def resolve_method_label(payment) -> str:
        method = paymethods.get(payment.group.payment_method)
        return method.label if method else payment.group.payment_method

    @staticmethod
    def resolve_total(payment) -> int:
        return payment.group.total

    @staticmethod
    def resolve_payment_due_at(payment) -> dt.datetime:
        return payment.group.payment_due_at

    @staticmethod
    def resolve_paid(payment) -> bool:
        return selectors.is_paid(payment.group, payment.orders)

    @staticmethod
    def resolve_attempt_status(payment) -> str | None:
        return payment.attempt.status if payment.attempt else None

    @staticmethod
    def resolve_error_message(payment) -> str:
        return payment.attempt.error_message if payment.attempt else ""

    @staticmethod
    def resolve_bank(payment) -> str:
        return payment.attempt.bank if payment.attempt else ""

    @staticmethod
    def resolve_va_number(payment) -> str:
        return payment.attempt.va_number if payment.attempt else ""

    @staticmethod
    def resolve_biller_code(payment) -> str:
        return payment.attempt.biller_code if payment.attempt else ""

    @staticmethod
    def resolve_bill_key(payment) -> str:
        return payment.attempt.bill_key if payment.attempt else ""

    @staticmethod
    def resolve_actions(payment) -> dict[str, str]:
        return payment.attempt.actions if payment.attempt else {}

    @staticmethod
    def resolve_instructions(payment) -> dict[str, list[str]]:
        attempt = payment.attempt
        return instructions.steps(attempt) if attempt and attempt.status == statuses.AttemptStatus.PENDING else {}

    @staticmethod
    def resolve_page_url(payment) -> str:
        return reverse("payments:page", args=[payment.group.code])


class MethodIn(Input):
    method: str = Field(max_length=20)


class GatewayNotificationOut(Schema):
    status: str


def payment_out(request, group) -> selectors.Payment:
    """The payment as it stands now: the group is read again."""
    return selectors.payment_of(group)


def placed_payment_out(group, *, attempt, orders) -> selectors.Payment:
    """The answer for a checkout as the caller knows it: one just placed in this request (its
    orders and charge, which nothing else can have moved yet) needs no second read."""
    return selectors.Payment(group=group, attempt=attempt, orders=orders)


@router.get("/payments/{code}", response={200: PaymentOut, **ERRORS}, summary="Payment instructions and status")
def get_payment(request, code: str):
    group, _ = selectors.buyer_payment(request.user, code)
    return selectors.payment_of(group)


@router.post("/payments/{code}/refresh", response={200: PaymentOut, **ERRORS}, summary="Ask the gateway now")
def refresh(request, code: str):
    group, attempt = selectors.buyer_payment(request.user, code)
    if attempt and attempt.status in statuses.OPEN:
        services.check_status(attempt=attempt)
    return selectors.payment_of(group)


@router.post(
    "/payments/{code}/retry", response={200: PaymentOut, **ERRORS}, summary="Retry a charge the gateway did not take"
)
def retry(request, code: str):
    group, _ = selectors.buyer_payment(request.user, code)
    services.retry_payment(group=group)
    return selectors.payment_of(group)


@router.post("/payments/{code}/method", response={200: PaymentOut, **GATEWAY_ERRORS}, summary="Pay with another method")
def switch(request, code: str, payload: MethodIn):
    group, _ = selectors.buyer_payment(request.user, code)
    services.switch_method(group=group, method=payload.method)
    return selectors.payment_of(group)


@router.post("/payments/{code}/cancel", response={200: Ok, **ERRORS}, summary="Cancel an unpaid checkout")
def cancel(request, code: str):
    group = order_selectors.buyer_group(request.user, code)
    order_services.buyer_cancel(group=group, buyer=request.user)
    return Ok(message="Pesanan dibatalkan.")


@router.post(
    "/payments/midtrans/notification",
    auth=None,
    response={200: GatewayNotificationOut, **ERRORS},
    summary="Midtrans HTTP notification (webhook)",
)
def midtrans_notification(request):
    body = jsonbody.read(request) if request.body else None  # unreadable: 400 before any signature check
    return GatewayNotificationOut(status=services.handle_notification(body=body))


class BalanceOut(Schema):
    pending: int
    available: int
    payout_pending: int


class PayoutIn(Input):
    """The amount only: a payout goes to the store's saved bank account (set on Toko Saya)."""

    amount: int = Field(ge=1, le=10**12)


class PayoutOut(Schema):
    id: int
    amount: int
    bank: str
    account_number: str = Field(description="Masked: the last four digits")
    account_name: str
    status: str
    held: bool = Field(description="Waiting for the fraud review before it can be paid")
    created_at: dt.datetime

    @staticmethod
    def resolve_account_number(payout) -> str:
        return payout.masked_number


@router.get(
    "/seller/balance", response={200: BalanceOut, **ERRORS}, summary="Money held in escrow and available to withdraw"
)
def seller_balance(request):
    return money.seller_balances(stores.my_store(request.user))


@router.get("/seller/payouts", response={200: list[PayoutOut], **ERRORS})
def seller_payouts(request):
    return list(selectors.payouts_of(stores.my_store(request.user))[:100])


@router.post(
    "/seller/payouts",
    response={201: PayoutOut, **ERRORS},
    summary="Withdraw to a bank account",
    description=f"Step-up: a current code from the authenticator app (or a recovery code) in the {OTP_HEADER} "
    "header; without it 403 `step_up_required` (403 `mfa_enrolment_required`: enrol a second factor first).",
)
def request_payout(request, payload: PayoutIn):
    store = stores.my_store(request.user)
    require_api_step_up(request)
    payout = money.request_payout(store=store, **payload.dict(), request=request)
    return Status(201, payout)
