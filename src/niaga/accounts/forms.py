"""The account pages' forms: Niaga's part of sign-up, and an address of the address book.

Lengths are the columns' (a longer value is refused on its field, never cut); the rules (a
valid and free e-mail, a strong password, an Indonesian phone, regions that belong together)
are the services', shared with the API.
"""

from __future__ import annotations

from typing import Any

from django import forms

from niaga.core.errors import DomainError
from niaga.core.forms import TOO_LONG, PageForm

from . import scopes
from .models import Address, ApiToken, User
from .phones import normalize_phone


def _limit(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class SignupDetails(forms.Form):
    """What Niaga asks at sign-up beside allauth's e-mail and password (ACCOUNT_SIGNUP_FORM_CLASS).

    allauth's sign-up form derives from this one; `AccountAdapter.save_user` stores the fields.
    """

    field_order = ["full_name", "email", "phone", "password1"]

    full_name = forms.CharField(
        label="Nama lengkap",
        max_length=_limit(User, "full_name"),
        error_messages={"required": "Nama lengkap wajib diisi."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label="Nomor HP",
        max_length=30,  # as typed, with dashes and spaces
        required=False,
        help_text="Opsional. Untuk kabar pengiriman.",
        widget=forms.TextInput(
            attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel", "placeholder": "0812-3456-7890"}
        ),
    )

    email_promo = forms.BooleanField(
        label="Kirimi saya promo dan penawaran lewat email",
        required=False,
        help_text="Opsional, bisa dicabut kapan saja di Akun Saya › Data Pribadi.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField):
                field.error_messages.setdefault("max_length", TOO_LONG)

    def clean_full_name(self) -> str:
        return self.cleaned_data["full_name"].strip()

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if not phone:
            return ""
        try:
            return normalize_phone(phone)
        except DomainError as exc:
            raise forms.ValidationError(exc.fields["phone"], code="invalid_phone") from None

    def signup(self, request, user) -> None:
        """allauth's hook after the user is saved: the adapter already stored the fields."""


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
