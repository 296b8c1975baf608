import pytest

from niaga.accounts import services
from niaga.accounts.models import Address
from niaga.conftest import TEBET
from niaga.core.errors import DomainError


def valid(**overrides):
    return {"recipient_name": "Budi", "phone": "0812-3456-7890", "street": "Jl. Tebet Raya 12", **TEBET, **overrides}


def test_an_address_keeps_codes_names_and_an_e164_phone(make_user):
    address = services.create_address(user=make_user(), data=valid())
    assert address.phone == "+6281234567890"
    assert (address.regency_name, address.district_name, address.village_name) == (
        "Kota Administrasi Jakarta Selatan",
        "Tebet",
        "Tebet Timur",
    )
    assert address.is_default  # the first one is the default


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"phone": "12345"}, "phone"),
        ({"phone": "+1 202 555 0101"}, "phone"),
        ({"postal_code": "1282"}, "postal_code"),
        ({"postal_code": "abcde"}, "postal_code"),
        ({"postal_code": "40152"}, "postal_code"),  # a Bandung code in Tebet
        ({"regency_code": "32.73"}, "regency_code"),  # Bandung is not in DKI Jakarta
        ({"village_code": "32.73.01.1001"}, "village_code"),
        ({"province_code": "99"}, "province_code"),
        ({"recipient_name": "  "}, "recipient_name"),
        ({"street": ""}, "street"),
    ],
)
def test_bad_addresses_are_refused_field_by_field(make_user, overrides, field):
    user = make_user()
    with pytest.raises(DomainError) as exc:
        services.create_address(user=user, data=valid(**overrides))
    assert field in exc.value.fields
    assert not Address.objects.filter(user=user).exists()


def test_registration_validates_every_field(db):
    with pytest.raises(DomainError) as exc:
        services.register_user(email="bukan-email", password="123", full_name="", phone="999")
    assert set(exc.value.fields) == {"email", "password", "full_name", "phone"}


def test_an_email_registers_once_case_insensitively(make_user):
    make_user(email="sari@contoh.id")
    with pytest.raises(DomainError) as exc:
        services.register_user(email="Sari@Contoh.id", password="rahasia-kuat-123", full_name="Sari")
    assert "email" in exc.value.fields


def test_passwords_are_hashed_with_argon2(make_user, settings):
    from niaga.settings import PASSWORD_HASHERS

    settings.PASSWORD_HASHERS = PASSWORD_HASHERS  # as deployed (the suite hashes with MD5 for speed)
    assert make_user().password.startswith("argon2")
