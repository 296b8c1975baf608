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
from niaga.stores.policy import DAY_NAMES, WarrantyKind

POLICY_TOO_LONG = "Teks terlalu panjang (maks. 5000 karakter)."
BAD_PHONE = "Nomor telepon Indonesia tidak valid, mis. 0812-3456-7890 atau 022-1234567."
BAD_TIME = "Jam dalam format JJ:MM, mis. 08:00."
YES_NO = [("1", "Ya"), ("0", "Tidak")]
INHERIT = [("", "Ikuti kebijakan toko"), ("1", "Ya"), ("0", "Tidak")]


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
    # The after-sales promise and the contact details (stores/policy.py checks the values).
    # Yes/no are choices, not checkboxes, so a form that does not show them changes nothing.
    return_window_days = forms.CharField(max_length=5, required=False)
    accepts_returns = forms.ChoiceField(choices=YES_NO, required=False)
    accepts_exchanges = forms.ChoiceField(choices=YES_NO, required=False)
    warranty_kind = forms.ChoiceField(
        choices=WarrantyKind.choices,
        required=False,
        error_messages={"invalid_choice": "Pilih jenis garansi dari daftar."},
    )
    warranty_months = forms.CharField(max_length=5, required=False)
    contact_phone = forms.CharField(max_length=30, required=False, error_messages={"max_length": BAD_PHONE})
    contact_email = forms.CharField(
        max_length=254, required=False, error_messages={"max_length": "Alamat email tidak valid."}
    )
    open_days = forms.MultipleChoiceField(
        choices=[(str(i), name) for i, name in enumerate(DAY_NAMES)],
        required=False,
        error_messages={"invalid_choice": "Pilih hari dari Senin sampai Minggu."},
    )
    opens_at = forms.CharField(max_length=5, required=False, error_messages={"max_length": BAD_TIME})
    closes_at = forms.CharField(max_length=5, required=False, error_messages={"max_length": BAD_TIME})

    TEXT_FIELDS = ("name", "slug", "city_code", "description", "return_policy", "warranty_policy")
    POLICY_FIELDS = (
        "return_window_days",
        "accepts_returns",
        "accepts_exchanges",
        "warranty_kind",
        "warranty_months",
        "contact_phone",
        "contact_email",
        "open_days",
        "opens_at",
        "closes_at",
    )

    def store_data(self) -> dict[str, Any]:
        """What the store service takes (the province follows from the city; the logo goes apart).
        A policy or contact field the page did not send is left as it is."""
        data = {name: self.cleaned_data[name] for name in (*self.TEXT_FIELDS, "payment_methods")}
        sent = set(self.data.keys()) if isinstance(self.data, QueryDict) else set()
        if "open_days_shown" in sent:  # the days are checkboxes: none ticked sends nothing
            sent.add("open_days")
        data.update({name: self.cleaned_data[name] for name in self.POLICY_FIELDS if name in sent})
        return data

    @staticmethod
    def initial_of(store: Store) -> dict[str, Any]:
        """The settings page's values for a store as it is."""
        initial: dict[str, Any] = {f: getattr(store, f) for f in StoreForm.TEXT_FIELDS}
        initial.update(
            province_code=store.province_code,
            payment_methods=store.payment_methods,
            return_window_days=str(store.return_window_days),
            accepts_returns="1" if store.accepts_returns else "0",
            accepts_exchanges="1" if store.accepts_exchanges else "0",
            warranty_kind=store.warranty_kind,
            warranty_months=str(store.warranty_months),
            contact_phone=store.phone_text,
            contact_email=store.contact_email,
            open_days=[str(d) for d in store.open_days or []],
            opens_at=f"{store.opens_at:%H:%M}" if store.opens_at else "",
            closes_at=f"{store.closes_at:%H:%M}" if store.closes_at else "",
        )
        return initial

    def selected_days(self) -> set[str]:
        if isinstance(self.data, QueryDict) and self.is_bound:
            return set(self.data.getlist("open_days"))
        return set(self.initial.get("open_days") or [])

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
    # The product's own promise: "" follows the store (catalog.policy).
    return_window_days = forms.CharField(max_length=5, required=False)
    accepts_returns = forms.ChoiceField(choices=INHERIT, required=False)
    accepts_exchanges = forms.ChoiceField(choices=INHERIT, required=False)
    warranty_kind = forms.ChoiceField(
        choices=[("", "Ikuti kebijakan toko"), *WarrantyKind.choices],
        required=False,
        error_messages={"invalid_choice": "Pilih jenis garansi dari daftar."},
    )
    warranty_months = forms.CharField(max_length=5, required=False)
    warranty_policy = forms.CharField(max_length=5000, required=False, error_messages={"max_length": POLICY_TOO_LONG})

    POLICY_FIELDS = (
        "return_window_days",
        "accepts_returns",
        "accepts_exchanges",
        "warranty_kind",
        "warranty_months",
        "warranty_policy",
    )

    def __init__(self, *args: Any, with_stock: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_stock:
            del self.fields["stock"]

    def product_data(self) -> dict[str, Any]:
        """What the catalog takes; a policy field the page did not send is left as it is."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.POLICY_FIELDS}
        data["category_id"] = data.pop("category")
        sent = set(self.data.keys()) if isinstance(self.data, QueryDict) else set()
        data.update({name: self.cleaned_data[name] for name in self.POLICY_FIELDS if name in sent})
        return data

    @staticmethod
    def policy_initial(product: Product) -> dict[str, str]:
        """The edit page's values of the product's own promise ("" where it follows the store)."""

        def flag(value: bool | None) -> str:
            return "" if value is None else "1" if value else "0"

        return {
            "return_window_days": "" if product.return_window_days is None else str(product.return_window_days),
            "accepts_returns": flag(product.accepts_returns),
            "accepts_exchanges": flag(product.accepts_exchanges),
            "warranty_kind": product.warranty_kind,
            "warranty_months": "" if product.warranty_months is None else str(product.warranty_months),
            "warranty_policy": product.warranty_policy,
        }


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
    """A withdrawal to the store's saved bank account: only the amount is asked."""

    amount = AmountField()

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


class BankAccountForm(PageForm):
    """The store's bank account; the payments service checks the bank and the number."""

    bank = forms.CharField(max_length=20, required=False)
    account_number = forms.CharField(
        max_length=24, required=False, error_messages={"max_length": "Nomor rekening 6–20 angka."}
    )
    account_name = forms.CharField(max_length=80, required=False)


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
