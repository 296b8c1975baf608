import datetime as dt

import pytest

from niaga.core import clock
from niaga.orders import services


@pytest.fixture
def place(make_user, make_store, make_product, make_address):
    """Place a one-store order for a fresh buyer, as checkout would, with no payment yet."""

    def make(quantity: int = 1, stock: int = 1, minutes: int = 60, product=None):
        buyer = make_user("Pembeli")
        address = make_address(buyer)
        product = product or make_product(make_store(), stock=stock)
        variant = product.variants.get()
        draft = services.OrderDraft(
            store_id=product.store_id,
            store_code="TOK",
            courier_code="jne_reg",
            courier_name="JNE Reguler",
            shipping_eta="2-3 hari",
            shipping_cost=18000,
            lines=[services.LineDraft(variant.pk, product.name, "", product.price, quantity, product.weight_grams)],
        )
        return services.place_orders(
            buyer=buyer,
            drafts=[draft],
            shipping_address={"recipient_name": address.recipient_name},
            payment_method="va_bca",
            service_fee=1000,
            payment_due_at=clock.now() + dt.timedelta(minutes=minutes),
        )

    return make
