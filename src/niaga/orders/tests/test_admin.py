"""The operator's admin is a window on orders: a status moves only through the orders
service (the transition table, the stock, the money), never by editing a row."""

import pytest

from niaga.inventory.models import Reservation
from niaga.orders.models import Order, OrderEvent
from niaga.orders.status import Actor, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(make_user, client, second_factor):
    user = make_user("Operator")
    user.is_staff = user.is_superuser = True
    user.save()
    second_factor(client, user)  # staff pages ask for a second factor
    return user


def test_an_operator_cannot_set_an_order_status_in_the_admin_form(place, operator, client):
    order = place().orders.get()
    url = f"/admin/orders/order/{order.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert b'name="status"' not in page.content  # shown, not editable
    answer = client.post(url, {"status": Status.COMPLETED, "number": order.number, "_save": "Simpan"})
    assert answer.status_code == 403
    order.refresh_from_db()
    assert order.status == Status.AWAITING_PAYMENT
    assert Reservation.objects.get(reference=order.number).status == Reservation.Status.ACTIVE


def test_orders_cannot_be_added_or_deleted_in_the_admin(place, operator, client):
    order = place().orders.get()
    assert client.get("/admin/orders/order/add/").status_code == 403
    assert client.post(f"/admin/orders/order/{order.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Order.objects.filter(pk=order.pk).exists()


def test_the_operators_cancel_action_goes_through_the_orders_service(place, operator, client):
    order = place().orders.get()
    answer = client.post(
        "/admin/orders/order/", {"action": "cancel_orders", "_selected_action": [order.pk]}, follow=True
    )
    assert answer.status_code == 200
    order.refresh_from_db()
    assert order.status == Status.CANCELLED
    # The service's effects, not a bare column update: stock released, the move on the timeline.
    assert Reservation.objects.get(reference=order.number).status == Reservation.Status.RELEASED
    event = OrderEvent.objects.filter(order=order).last()
    assert (event.to_status, event.actor_role, event.actor_id) == (Status.CANCELLED, Actor.OPERATOR, operator.pk)


def test_the_operators_actions_are_refused_where_the_transition_table_refuses_them(place, operator, client):
    order = place().orders.get()
    answer = client.post(
        "/admin/orders/order/", {"action": "complete_orders", "_selected_action": [order.pk]}, follow=True
    )
    order.refresh_from_db()
    assert order.status == Status.AWAITING_PAYMENT
    assert "tidak bisa diubah dari Menunggu Pembayaran ke Selesai" in answer.content.decode()


def test_the_order_list_shows_money_as_rupiah_and_indonesian_column_names(place, operator, client):
    group = place()
    page = client.get("/admin/orders/order/").content.decode()
    order = group.orders.get()
    assert f"Rp{order.total:,}".replace(",", ".") in page
    for column in ("Nomor pesanan", "Toko", "Pembeli", "Total pesanan"):
        assert column in page
    assert "Pesanan" in client.get("/admin/").content.decode()


@pytest.mark.parametrize(
    "url, english",
    [
        (
            "/admin/",
            [
                "Notification deliverys",
                "Payouts",
                "Orders",
                "Payments",
                "Stocks",
                "Shipments",
                "Locations",
                "Addresses",
            ],
        ),
    ],
)
def test_the_admin_index_names_every_model_in_bahasa_indonesia(operator, client, url, english):
    page = client.get(url).content.decode()
    for name in english:
        assert f">{name}<" not in page
    for name in (
        "Pesanan",
        "Pembayaran",
        "Penarikan saldo",
        "Pengiriman notifikasi",
        "Stok",
        "Pengiriman",
        "Gudang",
        "Jurnal",
        "Alamat",
        "Toko",
    ):
        assert f">{name}<" in page, name


def test_money_in_the_stock_free_admins_is_shown_as_rupiah(operator, client, make_product, make_store):
    make_product(make_store(), price=15_390)
    page = client.get("/admin/catalog/product/").content.decode()
    assert "Rp15.390" in page and ">Harga<" in page and ">Nama<" in page and ">Kategori<" in page


def test_staff_who_may_only_view_cannot_run_the_actions_that_move_orders_or_money(place, make_user, second_factor):
    from django.contrib.auth.models import Permission
    from django.test import Client

    order = place().orders.get()
    viewer = make_user("Staf CS")
    viewer.is_staff = True
    viewer.save()
    viewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_order", "view_payout", "view_paymentattempt"])
    )
    staff = Client()
    second_factor(staff, viewer)
    assert staff.get("/admin/orders/order/").status_code == 200  # they may look
    for url, action in (
        ("/admin/orders/order/", "cancel_orders"),
        ("/admin/orders/order/", "complete_orders"),
        ("/admin/payments/payout/", "approve"),
        ("/admin/payments/paymentattempt/", "approve_challenge"),
    ):
        assert f'value="{action}"' not in staff.get(url).content.decode(), action
    staff.post("/admin/orders/order/", {"action": "cancel_orders", "_selected_action": [order.pk]})
    order.refresh_from_db()
    assert order.status == Status.AWAITING_PAYMENT
