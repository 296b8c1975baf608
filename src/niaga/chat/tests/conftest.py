import pytest

from niaga.chat import services
from niaga.chat.models import Side


@pytest.fixture
def shop(make_store, make_product):
    """A store with one product, run by its own seller."""
    store = make_store(name="Toko Buku Sinar")
    product = make_product(store, name="Novel Laskar Pelangi", price=85000, stock=5)
    return store, product


@pytest.fixture
def store(shop):
    return shop[0]


@pytest.fixture
def product(shop):
    return shop[1]


@pytest.fixture
def buyer(make_user):
    return make_user("Pembeli")


@pytest.fixture
def conversation(buyer, store):
    return services.start(buyer=buyer, store=store)


@pytest.fixture
def say():
    """say(conversation, "buyer"|"seller", "text", **cards) -> Message, as that side."""

    def send(conversation, side: str, body: str = "", **kw):
        side = Side(side)
        sender = conversation.buyer if side == Side.BUYER else conversation.store.owner
        return services.send(conversation=conversation, side=side, sender=sender, body=body, **kw).message

    return send


@pytest.fixture
def order_of(place, make_address):
    """An order of `buyer` at `store` (placed as checkout would, not yet paid)."""
    from niaga.core import clock
    from niaga.orders import services as orders

    def make(buyer, product):
        variant = product.variants.get()
        draft = orders.OrderDraft(
            store_id=product.store_id,
            store_code="TOK",
            courier_code="jne_reg",
            courier_name="JNE Reguler",
            shipping_eta="2-3 hari",
            shipping_cost=18000,
            lines=[orders.LineDraft(variant.pk, product.name, "", product.price, 1, product.weight_grams)],
        )
        import datetime as dt

        group = orders.place_orders(
            buyer=buyer,
            drafts=[draft],
            shipping_address={"recipient_name": buyer.full_name},
            payment_method="va_bca",
            service_fee=1000,
            payment_due_at=clock.now() + dt.timedelta(minutes=60),
        ).group
        return group.orders.get()

    return make


@pytest.fixture
def bearer():
    from niaga.accounts.services import issue_token

    return lambda user: {"HTTP_AUTHORIZATION": f"Bearer {issue_token(user=user)}"}
