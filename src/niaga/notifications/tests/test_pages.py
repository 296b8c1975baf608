"""The notification inbox and the bell's unread count."""

import pytest

from niaga.notifications.models import Notification
from niaga.notifications.services import notify


@pytest.mark.django_db
def test_inbox_lists_unread_in_bold_and_read_all(client, make_user):
    user = make_user()
    notify(user=user, title="Pembayaran diterima", body="INV/1 · Rp5.000", url="/pesanan/1/", email=False)
    notify(user=user, title="Link aneh", body="x", url="javascript:alert(1)", email=False)
    client.force_login(user)
    page = client.get("/notifikasi/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<strong>Pembayaran diterima</strong>" in html and 'href="/pesanan/1/"' in html
    assert "javascript:" not in html
    assert 'id="unread-count">2<' in html
    assert client.post("/notifikasi/baca-semua/").status_code == 302
    assert not Notification.objects.filter(user=user, read_at__isnull=True).exists()
    assert 'id="unread-count"' not in client.get("/notifikasi/").content.decode()


@pytest.mark.django_db
def test_inbox_is_private(client, make_user):
    other = make_user()
    notify(user=other, title="Rahasia orang lain", body="x", email=False)
    assert client.get("/notifikasi/")["Location"].startswith("/masuk/")
    client.force_login(make_user())
    assert "Rahasia orang lain" not in client.get("/notifikasi/").content.decode()
    assert client.get("/notifikasi/baca-semua/").status_code == 405


@pytest.mark.django_db
def test_a_new_order_tells_the_seller(client, placed_order):
    buyer, group = placed_order()
    seller = group.orders.get().store.owner
    client.force_login(seller)
    html = client.get("/notifikasi/").content.decode()
    assert "Pesanan baru masuk (Menunggu Pembayaran)" in html
