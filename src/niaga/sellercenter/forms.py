"""Toko Saya's forms: the store, a product, a withdrawal and a flash sale.

Each reads what the page posts and refuses on its field what the page cannot mean (a value
longer than its column, a number that is not one); the rules are the owning app's services',
and their refusals land on the same fields (PageForm.refuse).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from niaga.catalog.models import Product
from niaga.catalog.services import MAX_IMAGES
from niaga.core import paymethods
from niaga.core.forms import PageForm
from niaga.core.pages import amount_text
from niaga.stores.models import Store

POLICY_TOO_LONG = "Teks terlalu panjang (maks. 5000 karakter)."


class AmountField(forms.CharField):
    """A number as sellers type it ("Rp 5.000", "5.000"): the digits go on, the service checks the number."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_length=20, required=False, **kwargs)

    def to_python(self, value: Any) -> str:
        return amount_text(super().to_python(value))


class StoreForm(PageForm):
    """Opening a store and its settings; what is missing is said by the store service."""

    name = forms.CharField(
        max_length=Store._meta.get_field("name").max_length,
        required=False,
        error_messages={"max_length": "Nama toko maks. 80 karakter."},
    )
    slug = forms.CharField(
        max_length=Store._meta.get_field("slug").max_length,
        required=False,
        error_messages={"max_length": "Alamat toko 3–60 huruf kecil, angka atau tanda hubung, dan belum dipakai."},
    )
    province_code = forms.CharField(max_length=2, required=False)  # only narrows the list of cities
    city_code = forms.CharField(max_length=5, required=False)
    description = forms.CharField(max_length=5000, required=False, error_messages={"max_length": POLICY_TOO_LONG})
    return_policy = forms.CharField(max_length=5000, required=False, error_messages={"max_length": POLICY_TOO_LONG})
    warranty_policy = forms.CharField(max_length=5000, required=False, error_messages={"max_length": POLICY_TOO_LONG})
    payment_methods = forms.MultipleChoiceField(
        choices=[(m.code, m.label) for m in paymethods.METHODS.values()],
        required=False,
        error_messages={"invalid_choice": "Metode tidak dikenal: %(value)s."},
    )
    logo = forms.FileField(required=False)

    TEXT_FIELDS = ("name", "slug", "city_code", "description", "return_policy", "warranty_policy")

    def store_data(self) -> dict[str, Any]:
        """What the store service takes (the province follows from the city; the logo goes apart)."""
        return {name: self.cleaned_data[name] for name in (*self.TEXT_FIELDS, "payment_methods")}

    def selected_methods(self) -> set[str]:
        if isinstance(self.data, QueryDict):
            return set(self.data.getlist("payment_methods"))
        return set(self.initial.get("payment_methods") or [])


class ProductForm(PageForm):
    """A product's own fields (and its stock, when it has one variant); the catalog checks the values."""

    aliases = {"category_id": "category", "image": "images"}

    name = forms.CharField(
        max_length=Product._meta.get_field("name").max_length,
        required=False,
        error_messages={"max_length": "Nama produk maks. 120 karakter."},
    )
    category = forms.CharField(max_length=20, required=False)
    price = AmountField()
    weight_grams = AmountField()
    stock = AmountField()
    condition = forms.CharField(max_length=10, required=False)
    description = forms.CharField(max_length=10_000, required=False, strip=False)

    def __init__(self, *args: Any, with_stock: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_stock:
            del self.fields["stock"]

    def product_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["category_id"] = data.pop("category")
        return data


class ImagesForm(PageForm):
    """Photos for a product: up to MAX_IMAGES at a time, each checked by the catalog."""

    images = forms.Field(required=False)  # read from the files in clean(): one input, many photos

    def clean(self) -> dict[str, Any]:
        super().clean()
        uploads = self.files.getlist("images") if isinstance(self.files, MultiValueDict) else []
        if len(uploads) > MAX_IMAGES:
            self.add_error("images", f"Maks. {MAX_IMAGES} gambar per produk.")
        self.cleaned_data["images"] = uploads
        return self.cleaned_data


class PayoutForm(PageForm):
    """A withdrawal to a bank account; the payments service checks the bank and the account."""

    amount = AmountField()
    bank = forms.CharField(max_length=20, required=False)
    account_number = forms.CharField(
        max_length=20, required=False, error_messages={"max_length": "Nomor rekening 6–20 angka."}
    )
    account_name = forms.CharField(max_length=80, required=False)

    def clean_amount(self) -> int:
        text = self.cleaned_data["amount"]
        if not text.isdigit() or int(text) < 1:
            raise forms.ValidationError("Minimal Rp1.")
        return int(text)

    def checked(self) -> bool:
        if super().checked():
            return True
        if "amount" in self.errors:
            self.message = "Masukkan jumlah penarikan."
        return False


class LocalTimeField(forms.CharField):
    """A datetime-local value ("2026-11-11T00:00"), read as Jakarta time."""

    def __init__(self, **kwargs: Any) -> None:
        messages = {"required": "Tanggal dan jam.", "max_length": "Tanggal dan jam."}
        super().__init__(max_length=16, error_messages=messages, **kwargs)

    def clean(self, value: Any) -> dt.datetime:
        text = super().clean(value)
        try:
            return timezone.make_aware(dt.datetime.strptime(text, "%Y-%m-%dT%H:%M"))
        except ValueError:
            raise forms.ValidationError("Tanggal dan jam.", code="invalid") from None


class WholeNumberField(AmountField):
    """A count or a price of at least 1, as sellers type it."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.required = True
        self.error_messages["required"] = "Isi angka."

    def clean(self, value: Any) -> int:
        text = super().clean(value)
        if not text.isdigit() or int(text) < 1:
            raise forms.ValidationError("Isi angka.", code="invalid")
        return int(text)


class FlashSaleForm(PageForm):
    """A flash sale for one variant; the campaign rules (lead time, length, price, quota) are promotions'."""

    name = forms.CharField(max_length=80, required=False, error_messages={"max_length": "3–80 huruf."})
    variant = WholeNumberField()
    price = WholeNumberField()
    quota = WholeNumberField()
    per_buyer_limit = WholeNumberField()
    starts_at = LocalTimeField()
    ends_at = LocalTimeField()

    def checked(self) -> bool:
        if super().checked():
            return True
        dates_only = set(self.errors) <= {"starts_at", "ends_at"}
        self.message = "Isi tanggal dan jam." if dates_only else "Periksa isian yang ditandai."
        return False
