"""The account pages' forms: sign in, sign up and an address of the address book.

Lengths are the columns' (a longer value is refused on its field, never cut); the rules (a
valid and free e-mail, a strong password, an Indonesian phone, regions that belong together)
are the services', shared with the API.
"""

from __future__ import annotations

from django import forms

from niaga.core.forms import PageForm

from . import scopes
from .models import Address, ApiToken, User


def _limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class LoginForm(PageForm):
    email = forms.CharField(max_length=254, error_messages={"required": "Email wajib diisi."})
    password = forms.CharField(max_length=128, strip=False, error_messages={"required": "Kata sandi wajib diisi."})

    def checked(self) -> bool:
        if super().checked():
            return True
        if any(error.code == "required" for errors in self.errors.as_data().values() for error in errors):
            self.message = "Isi email dan kata sandi."
        return False


class RegisterForm(PageForm):
    """What is missing is said by `register_user`, all fields at once."""

    full_name = forms.CharField(max_length=_limit(User, "full_name"), required=False)
    email = forms.CharField(max_length=254, required=False)
    phone = forms.CharField(max_length=30, required=False)  # as typed, with dashes and spaces
    password = forms.CharField(max_length=128, required=False, strip=False)


class AddressForm(PageForm):
    """What is missing or does not match is said by the address service, all fields at once."""

    label = forms.CharField(max_length=_limit(Address, "label"), required=False)
    recipient_name = forms.CharField(max_length=_limit(Address, "recipient_name"), required=False)
    phone = forms.CharField(max_length=30, required=False)  # as typed
    street = forms.CharField(max_length=_limit(Address, "street"), required=False)
    province_code = forms.CharField(max_length=_limit(Address, "province_code"), required=False)
    regency_code = forms.CharField(max_length=_limit(Address, "regency_code"), required=False)
    district_code = forms.CharField(max_length=_limit(Address, "district_code"), required=False)
    village_code = forms.CharField(max_length=_limit(Address, "village_code"), required=False)
    postal_code = forms.CharField(
        max_length=_limit(Address, "postal_code"),
        required=False,
        error_messages={"max_length": "Kode pos harus 5 angka."},
    )
    is_default = forms.BooleanField(required=False)


class RegionOptionsQuery(forms.Form):
    """?parent=CODE&placeholder=TEXT of the region lists' request (site.js asks it for the next level)."""

    parent = forms.CharField(max_length=20, required=False)
    placeholder = forms.CharField(max_length=40, required=False)


class TokenForm(PageForm):
    """A new API token: its name, what it may do (`read` always), how many days it lives."""

    name = forms.CharField(
        max_length=_limit(ApiToken, "name"), error_messages={"required": "Beri nama token, mis. HP Budi."}
    )
    scopes = forms.MultipleChoiceField(
        choices=[(scope, scopes.LABELS[scope]) for scope in scopes.GRANTABLE if scope != scopes.READ], required=False
    )
    days = forms.TypedChoiceField(coerce=int, choices=[])

    def __init__(self, *args, longest: int = 90, **kwargs):
        super().__init__(*args, **kwargs)
        days = sorted({d for d in (7, 30, 90, 365) if d < longest} | {longest})
        field = self.fields["days"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(d, f"{d} hari") for d in days]
        field.initial = longest
