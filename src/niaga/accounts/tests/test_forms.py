"""An over-long value is refused on its field, with the rest of the input kept, never cut to fit."""

import pytest

from niaga.accounts.models import Address, User
from niaga.conftest import TEBET


@pytest.mark.django_db
def test_register_refuses_an_over_long_name_on_its_field(client):
    name = "Budi Santoso " * 11 + "Putra"  # 148 characters: the column holds 120
    page = client.post(
        "/daftar/", {"full_name": name, "email": "budi@contoh.id", "phone": "", "password1": "rahasia-kuat-123"}
    )
    assert page.status_code == 400
    html = page.content.decode()
    assert 'id="err_full_name"' in html and "maks. 120 karakter (sekarang 148)" in html
    assert 'value="budi@contoh.id"' in html  # the rest is kept
    assert not User.objects.exists()


@pytest.mark.django_db
def test_login_refuses_an_over_long_email_on_its_field(client):
    page = client.post("/masuk/", {"login": "a" * 250 + "@contoh.id", "password": "rahasia-kuat-123"})
    assert page.status_code == 400 and 'id="err_login"' in page.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("street", "Jl. Tebet Raya 12 " * 15, "maks. 255 karakter (sekarang 269)"),
        ("label", "Rumah Nenek di Kampung Halaman, Yogyakarta", "maks. 40 karakter (sekarang 42)"),
        ("recipient_name", "B" * 121, "maks. 120 karakter (sekarang 121)"),
        ("postal_code", "128201", "Kode pos harus 5 angka."),
    ],
)
def test_address_refuses_an_over_long_value_on_its_field(client, make_user, field, value, message):
    client.force_login(make_user())
    data = {"label": "Rumah", "recipient_name": "Budi", "phone": "0812-3456-7890", "street": "Jl. Tebet Raya 12"}
    page = client.post("/akun/alamat/baru/", {**data, **TEBET, field: value})
    assert page.status_code == 400
    html = page.content.decode()
    assert f'<p class="field-error" id="err_{field}">' in html and message in html
    assert not Address.objects.exists()


def test_region_options_refuse_an_over_long_parent_or_placeholder(client):
    assert client.get("/akun/wilayah/", {"parent": "32.73" + "0" * 30}).status_code == 404
    assert client.get("/akun/wilayah/", {"parent": "32", "placeholder": "Pilih " * 10}).status_code == 400
    page = client.get("/akun/wilayah/", {"parent": "32", "placeholder": "Pilih kota"})
    assert page.status_code == 200 and '<option value="">Pilih kota</option>' in page.content.decode()
