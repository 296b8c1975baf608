"""Account pages: login, registration, logout, the address book and region options."""

import pytest
from django.urls import reverse

from niaga.accounts.models import Address, User
from niaga.conftest import TEBET

PASSWORD = "rahasia-kuat-123"


def address_form(**overrides):
    return {
        "label": "Rumah",
        "recipient_name": "Budi",
        "phone": "0812-3456-7890",
        "street": "Jl. Tebet Raya 12",
        **TEBET,
        **overrides,
    }


@pytest.mark.django_db
def test_login_page_and_wrong_password(client, make_user):
    user = make_user(email="budi@contoh.id")
    assert client.get("/masuk/").status_code == 200
    page = client.post("/masuk/", {"login": "budi@contoh.id", "password": "salah-sekali"})
    assert page.status_code == 400
    assert "Email atau kata sandi salah" in page.content.decode()
    assert 'value="budi@contoh.id"' in page.content.decode()  # the email is kept, the password is not
    assert "salah-sekali" not in page.content.decode()
    assert "_auth_user_id" not in client.session
    empty = client.post("/masuk/", {"login": "", "password": ""})
    assert empty.status_code == 400 and "Email wajib diisi." in empty.content.decode()
    assert user.pk


@pytest.mark.django_db
def test_login_goes_to_next_but_never_off_site(client, make_user):
    make_user(email="budi@contoh.id")
    page = client.post("/masuk/", {"login": "BUDI@contoh.id", "password": PASSWORD, "next": "/pesanan/"})
    assert page.status_code == 302 and page["Location"] == "/pesanan/"
    client.logout()
    page = client.post("/masuk/", {"login": "budi@contoh.id", "password": PASSWORD, "next": "https://jahat.example/"})
    assert page.status_code == 302 and page["Location"] == "/"


@pytest.mark.django_db
def test_login_still_takes_the_email_field_of_the_old_form(client, make_user):
    make_user(email="budi@contoh.id")
    page = client.post("/masuk/", {"email": "budi@contoh.id", "password": PASSWORD})
    assert page.status_code == 302 and "_auth_user_id" in client.session


@pytest.mark.django_db
def test_login_keeps_the_guest_cart(client, make_user, make_store, make_product):
    make_user(email="budi@contoh.id")
    p = make_product(make_store(), stock=2)
    client.post(reverse("cart:add"), {"variant_id": p.variants.get().pk, "quantity": 1, "next": "/"})
    client.post("/masuk/", {"login": "budi@contoh.id", "password": PASSWORD})
    assert 'id="cart-count">1<' in client.get("/").content.decode()


@pytest.mark.django_db
def test_register_shows_field_errors_and_creates_nothing(client):
    page = client.post("/daftar/", {"full_name": "", "email": "bukan-email", "phone": "123", "password1": "123"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Nama lengkap wajib diisi." in html and 'id="err_email"' in html
    assert "Nomor telepon Indonesia tidak valid." in html and 'id="err_password1"' in html
    assert not User.objects.exists()


@pytest.mark.django_db
def test_logout_needs_post(client, make_user):
    client.force_login(make_user())
    assert client.get("/keluar/").status_code == 200
    assert "_auth_user_id" in client.session
    assert client.post("/keluar/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/akun/alamat/", "/akun/alamat/baru/", "/akun/alamat/1/ubah/", "/akun/alamat/1/hapus/"]
)
def test_address_pages_need_login(client, url):
    page = client.get(url)
    assert page.status_code == 302 and page["Location"].startswith("/masuk/?next=")


@pytest.mark.django_db
def test_new_address_with_bad_input_shows_errors_and_saves_nothing(client, make_user):
    user = make_user()
    client.force_login(user)
    assert client.get("/akun/alamat/baru/").status_code == 200
    page = client.post("/akun/alamat/baru/", address_form(phone="123", postal_code="99999", village_code=""))
    assert page.status_code == 400
    html = page.content.decode()
    assert "Nomor telepon Indonesia tidak valid." in html and "Pilih kelurahan/desa" in html
    # The chosen province/regency/district stay selected, their lists filled.
    assert 'value="31.74.01" selected' in html and "Tebet Timur" in html
    assert not Address.objects.exists()


@pytest.mark.django_db
def test_new_address_is_saved_and_returns_to_next(client, make_user):
    user = make_user()
    client.force_login(user)
    page = client.post("/akun/alamat/baru/", {**address_form(), "next": "/checkout/"})
    assert page.status_code == 302 and page["Location"] == "/checkout/"
    address = Address.objects.get(user=user)
    assert address.village_name == "Tebet Timur" and address.is_default
    assert "Tebet Timur" in client.get("/akun/alamat/").content.decode()


@pytest.mark.django_db
def test_region_refresh_without_js_saves_nothing(client, make_user):
    client.force_login(make_user())
    page = client.post(
        "/akun/alamat/baru/", {**address_form(regency_code="", district_code="", village_code=""), "_refresh": "1"}
    )
    assert page.status_code == 200
    assert "Kota Administrasi Jakarta Selatan" in page.content.decode()
    assert not Address.objects.exists()


@pytest.mark.django_db
def test_someone_elses_address_is_404(client, make_user, make_address):
    theirs = make_address(make_user())
    client.force_login(make_user())
    assert client.get(f"/akun/alamat/{theirs.pk}/ubah/").status_code == 404
    assert client.post(f"/akun/alamat/{theirs.pk}/hapus/").status_code == 404
    assert Address.objects.filter(pk=theirs.pk).exists()


@pytest.mark.django_db
def test_edit_and_delete_own_address(client, make_user, make_address):
    user = make_user()
    mine = make_address(user)
    client.force_login(user)
    page = client.get(f"/akun/alamat/{mine.pk}/ubah/")
    assert page.status_code == 200 and 'value="31.74.01.1001" data-postal="12820" selected' in page.content.decode()
    page = client.post(f"/akun/alamat/{mine.pk}/ubah/", address_form(label="Kantor", phone="bukan"))
    assert page.status_code == 400
    mine.refresh_from_db()
    assert mine.label == "Rumah"
    assert client.post(f"/akun/alamat/{mine.pk}/ubah/", address_form(label="Kantor")).status_code == 302
    mine.refresh_from_db()
    assert mine.label == "Kantor"
    assert client.get(f"/akun/alamat/{mine.pk}/hapus/").status_code == 200
    assert client.post(f"/akun/alamat/{mine.pk}/hapus/").status_code == 302
    assert not Address.objects.exists()


def test_region_options_as_html_and_json(client):
    page = client.get("/akun/wilayah/")
    assert page.status_code == 200 and ">Jawa Barat</option>" in page.content.decode()
    villages = client.get(
        "/akun/wilayah/", {"parent": "31.74.01", "placeholder": "Pilih kelurahan/desa"}
    ).content.decode()
    assert '<option value="">Pilih kelurahan/desa</option>' in villages
    assert 'value="31.74.01.1001" data-postal="12820">Tebet Timur' in villages
    data = client.get("/akun/wilayah/", {"parent": "32", "format": "json"}).json()
    assert {"code": "32.73", "name": "Kota Bandung", "level": 2, "postal_code": None} in data
    assert client.get("/akun/wilayah/", {"parent": "99.99"}).status_code == 404
    assert client.get("/akun/wilayah/", {"parent": "<script>"}).status_code == 404
