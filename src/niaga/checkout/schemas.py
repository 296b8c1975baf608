"""What checkout answers: a checkout just placed (its payment), and a flash admission, whose
JSON the edge also repeats to a buyer polling while the order is being made
(admissions.enqueue)."""

from django.urls import reverse
from ninja import Schema
from pydantic import Field

from niaga.payments.api import PaymentOut, payment_out, placed_payment_out
from niaga.payments.selectors import Payment
from niaga.promotions.models import Admission

from .placing import Placement


def placed_out(request, placement: Placement) -> Payment:
    """The payment of a checkout placed in this request. Its orders and charge come as placed:
    nothing else can have moved them yet, except saldo, which has paid them already."""
    if placement.paid_with_saldo:
        return payment_out(request, placement.group)
    return placed_payment_out(placement.group, attempt=placement.attempt, orders=placement.placed.order_list)


class AdmissionOut(Schema):
    id: int
    status: str = Field(description="placing, placed or failed")
    message: str
    item_id: int
    quantity: int
    poll_url: str
    payment: PaymentOut | None = Field(description="the order's payment, once placed")

    @staticmethod
    def resolve_message(obj: Admission) -> str:
        return obj.message or obj.get_status_display()

    @staticmethod
    def resolve_poll_url(obj: Admission) -> str:
        return poll_url(obj)

    @staticmethod
    def resolve_payment(obj: Admission, context) -> Payment | None:
        if obj.status != Admission.Status.PLACED or not context:
            return None
        return payment_out(context["request"], obj.group)


def poll_url(admission: Admission) -> str:
    """Where the buyer's page (or app) follows the admission; the key keeps it theirs."""
    return f"{reverse('api:flash_admission', args=[admission.pk])}?key={admission.poll_key}"
