"""Once an item is sold out, the next attempts are answered before Django — no session, no
token, no SQL — with the same answer Django gives; units that come back reopen the sale."""

import datetime as dt
from types import SimpleNamespace

import pytest

from niaga.orders import services as orders
from niaga.orders.models import Order
from niaga.promotions import shortcut

pytestmark = pytest.mark.django_db(transaction=True)


def kept_by_the_edge(headers: dict) -> bool:
    """nginx keeps an answer for X-Accel-Expires seconds, but reads the headers in order: a
    Cache-Control: no-store before it would win."""
    names = list(headers)
    if headers.get("X-Accel-Expires") != str(shortcut.SECONDS):
        return False
    return "Cache-Control" not in names or names.index("X-Accel-Expires") < names.index("Cache-Control")


@pytest.fixture(autouse=True)
def _fresh():
    shortcut.forget()
    yield
    shortcut.forget()


def test_after_the_last_unit_the_answer_comes_before_django(
    deployed, sandbox, flash_item, make_user, make_address, use_gate, django_assert_num_queries, monkeypatch
):
    from niaga.accounts.services import issue_token

    monkeypatch.setattr(shortcut, "time", SimpleNamespace(monotonic=lambda: 1000.0))  # its second never ends here

    def post(path: str, body: dict, headers: dict):
        answer = deployed("POST", path, body=body, headers=headers)
        return str(answer.status), answer.headers, answer.json()

    use_gate("")
    item = flash_item(quota=1, limit=1)
    path = f"/api/v1/flash-sales/items/{item.pk}/buy"
    buyers = []
    for name in ("Cepat", "Lambat"):
        user = make_user(name)
        buyers.append((f"Bearer {issue_token(user=user, name='app')}", make_address(user)))
    (first, first_address), (second, second_address) = buyers

    status, headers, _ = post(
        path, {"address_id": first_address.pk, "payment_method": "va_bca"}, {"Authorization": first}
    )
    assert status.startswith("201") and not kept_by_the_edge(headers)
    status, headers, body = post(
        path, {"address_id": second_address.pk, "payment_method": "va_bca"}, {"Authorization": second}
    )
    assert status.startswith("409") and body["code"] == "sold_out" and "X-Niaga-Answer" not in headers  # Django said it
    assert kept_by_the_edge(headers)  # the same for everyone: a proxy may repeat it for a second

    with django_assert_num_queries(0):
        status, headers, shortcut_body = post(path, {}, {"Authorization": second})
    assert status.startswith("409") and headers["X-Niaga-Answer"] == "shortcut"
    assert shortcut_body == body == {"code": "sold_out", "message": "Stok flash sale habis.", "fields": {}}
    assert kept_by_the_edge(headers)
    # Other items and other routes are not touched.
    assert (
        post(f"/api/v1/flash-sales/items/{item.pk + 1}/buy", {}, {"Authorization": second})[1].get("X-Niaga-Answer")
        is None
    )

    # The first buyer never pays: at the deadline the unit comes back and the sale reopens.
    order = Order.objects.get()
    orders.cancel_overdue(now=order.payment_due_at + dt.timedelta(minutes=1))
    assert Order.objects.get().status == "cancelled"
    status, headers, _ = post(
        path, {"address_id": second_address.pk, "payment_method": "va_bca"}, {"Authorization": second}
    )
    assert status.startswith("201")


def test_only_sold_out_is_kept_by_the_edge_never_a_buyers_own_answer(
    deployed, sandbox, flash_item, make_user, make_address, use_gate
):
    from niaga.accounts.services import issue_token

    use_gate("")
    item = flash_item(quota=5, limit=1)
    user = make_user("Sekali")
    auth = {"Authorization": f"Bearer {issue_token(user=user, name='app')}"}
    body = {"address_id": make_address(user).pk, "payment_method": "va_bca"}
    path = f"/api/v1/flash-sales/items/{item.pk}/buy"
    assert deployed("POST", path, body=body, headers=auth).status == 201
    again = deployed("POST", path, body=body, headers=auth)  # this buyer's limit, not the item's
    assert again.status == 409 and again.json()["code"] == "limit_reached" and not kept_by_the_edge(again.headers)
    wrong = deployed("POST", path, body={**body, "quantity": 3}, headers=auth)
    assert wrong.status == 400 and not kept_by_the_edge(wrong.headers)


def test_the_memory_lasts_a_second(flash_item, monkeypatch):
    item = flash_item(quota=1)
    now = [1000.0]
    monkeypatch.setattr(shortcut.time, "monotonic", lambda: now[0])
    shortcut.remember_sold_out(item.pk)
    assert shortcut.sold_out(item.pk)
    now[0] += shortcut.SECONDS + 0.01
    assert not shortcut.sold_out(item.pk)
