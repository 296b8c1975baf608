import datetime as dt

from django.urls import reverse
from ninja import Router, Schema, Status
from pydantic import Field

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


class PaymentOut(Schema):
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


class MethodIn(Input):
    method: str = Field(max_length=20)


class NotificationOut(Schema):
    status: str


def payment_out(request, group) -> dict:
    group.refresh_from_db()
    attempt, orders = selectors.latest_attempt(group), list(group.orders.select_related("store").order_by("pk"))
    return placed_payment_out(group, attempt=attempt, orders=orders)


def placed_payment_out(group, *, attempt, orders) -> dict:
    """The answer for a checkout as the caller knows it: one just placed in this request (its
    orders and charge, which nothing else can have moved yet) needs no second read."""
    method = paymethods.get(group.payment_method)
    return {
        "code": group.code,
        "method": group.payment_method,
        "method_label": method.label if method else group.payment_method,
        "total": group.total,
        "payment_due_at": group.payment_due_at,
        "paid": selectors.is_paid(group, orders),
        "attempt_status": attempt.status if attempt else None,
        "error_message": attempt.error_message if attempt else "",
        "bank": attempt.bank if attempt else "",
        "va_number": attempt.va_number if attempt else "",
        "biller_code": attempt.biller_code if attempt else "",
        "bill_key": attempt.bill_key if attempt else "",
        "actions": attempt.actions if attempt else {},
        "instructions": instructions.steps(attempt) if attempt and attempt.status == "pending" else {},
        "orders": [
            {
                "id": o.pk,
                "number": o.number,
                "store_name": o.store.name,
                "status": o.status,
                "status_label": o.status_label,
                "total": o.total,
            }
            for o in orders
        ],
        "page_url": reverse("payments:page", args=[group.code]),
    }


@router.get("/payments/{code}", response={200: PaymentOut, **ERRORS}, summary="Payment instructions and status")
def get_payment(request, code: str):
    group, _ = selectors.buyer_payment(request.user, code)
    return payment_out(request, group)


@router.post("/payments/{code}/refresh", response={200: PaymentOut, **ERRORS}, summary="Ask the gateway now")
def refresh(request, code: str):
    group, attempt = selectors.buyer_payment(request.user, code)
    if attempt and attempt.status in statuses.OPEN:
        services.check_status(attempt=attempt)
    return payment_out(request, group)


@router.post(
    "/payments/{code}/retry", response={200: PaymentOut, **ERRORS}, summary="Retry a charge the gateway did not take"
)
def retry(request, code: str):
    group, _ = selectors.buyer_payment(request.user, code)
    services.retry_payment(group=group)
    return payment_out(request, group)


@router.post("/payments/{code}/method", response={200: PaymentOut, **GATEWAY_ERRORS}, summary="Pay with another method")
def switch(request, code: str, payload: MethodIn):
    group, _ = selectors.buyer_payment(request.user, code)
    services.switch_method(group=group, method=payload.method)
    return payment_out(request, group)


@router.post("/payments/{code}/cancel", response={200: Ok, **ERRORS}, summary="Cancel an unpaid checkout")
def cancel(request, code: str):
    group = order_selectors.buyer_group(request.user, code)
    order_services.buyer_cancel(group=group, buyer=request.user)
    return {"message": "Pesanan dibatalkan."}


@router.post(
    "/payments/midtrans/notification",
    auth=None,
    response={200: NotificationOut, **ERRORS},
    summary="Midtrans HTTP notification (webhook)",
)
def midtrans_notification(request):
    body = jsonbody.read(request) if request.body else None  # unreadable: 400 before any signature check
    return {"status": services.handle_notification(body=body)}


class BalanceOut(Schema):
    pending: int
    available: int
    payout_pending: int


class PayoutIn(Input):
    amount: int = Field(ge=1, le=10**12)
    bank: str = Field(max_length=20)
    account_number: str = Field(max_length=20)
    account_name: str = Field(max_length=80)


class PayoutOut(Schema):
    id: int
    amount: int
    bank: str
    account_number: str
    account_name: str
    status: str
    created_at: dt.datetime


@router.get(
    "/seller/balance", response={200: BalanceOut, **ERRORS}, summary="Money held in escrow and available to withdraw"
)
def seller_balance(request):
    return money.seller_balances(stores.my_store(request.user))


@router.get("/seller/payouts", response={200: list[PayoutOut], **ERRORS})
def seller_payouts(request):
    return list(selectors.payouts_of(stores.my_store(request.user))[:100])


@router.post("/seller/payouts", response={201: PayoutOut, **ERRORS}, summary="Withdraw to a bank account")
def request_payout(request, payload: PayoutIn):
    payout = money.request_payout(store=stores.my_store(request.user), **payload.dict())
    return Status(201, payout)
