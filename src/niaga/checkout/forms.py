"""The two buttons that place an order: the cart's "Buat Pesanan" and a flash sale's "Beli Sekarang".

The forms read the buyer's choices and refuse, on the field, what cannot be right whatever the
rules say: a value longer than its column (never cut), an address id that is not a number.
Whether the address is the buyer's, the method accepted or the courier offered is checkout's
rule (placing.py), shared with the API, and lands on the same fields through `refuse`.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

from niaga.core.errors import DomainError
from niaga.core.forms import TOO_LONG, PageForm

CHOOSE_ADDRESS = "Pilih alamat pengiriman."  # the service's own words when no address is chosen
STORE_FIELD = re.compile(r"^(courier|note)_(\d+)$")  # one courier and one note per store in the cart


class OrderChoicesForm(PageForm):
    """Where to and how to pay: what both buttons ask."""

    address_id = forms.IntegerField(
        required=False,  # none chosen: the service answers, in the same words as the API
        min_value=1,
        error_messages={"invalid": CHOOSE_ADDRESS, "min_value": CHOOSE_ADDRESS},
    )
    payment_method = forms.CharField(max_length=20, required=False)  # orders.OrderGroup.payment_method


class CheckoutForm(OrderChoicesForm):
    """ "Buat Pesanan": the choices above, plus a courier and a note for each store in the cart."""

    action = forms.CharField(max_length=10, required=False)  # "quote": "Hitung ulang" without JS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self.data:
            found = STORE_FIELD.match(name)
            if found:  # Order.courier_code holds 30 characters, Order.note 200
                limit = 30 if found[1] == "courier" else 200
                self.fields[name] = forms.CharField(
                    max_length=limit, required=False, error_messages={"max_length": TOO_LONG}
                )

    def refuse(self, exc: DomainError) -> None:
        # The service names a store's courier "couriers.<store id>", the page's field "courier_<store id>".
        self.aliases = {
            name: f"courier_{name[len('couriers.') :]}" for name in exc.fields if name.startswith("couriers.")
        }
        super().refuse(exc)

    def wants_quote(self) -> bool:
        return self.cleaned_data.get("action") == "quote"

    def per_store(self, kind: str) -> dict[str, str]:
        """{store id: value} of the `kind` ("courier" or "note") fields that passed their checks."""
        out = {}
        for name, value in self.cleaned_data.items():
            found = STORE_FIELD.match(name)
            if found and found[1] == kind:
                out[found[2]] = value
        return out

    def couriers(self) -> dict[str, str]:
        return {store: code for store, code in self.per_store("courier").items() if code}

    def notes(self) -> dict[str, str]:
        return self.per_store("note")


class FlashBuyForm(OrderChoicesForm):
    """A flash sale's "Beli Sekarang": one item, how many, which courier."""

    # What a quantity may be (1 to the item's per-buyer limit) is the sale's rule, in its words:
    # anything that is not a whole number of a sane length goes on as 0, which the sale refuses.
    quantity = forms.CharField(required=False)
    courier = forms.CharField(max_length=40, required=False)  # promotions.Admission.courier

    def clean_quantity(self) -> int:
        typed = self.cleaned_data["quantity"]
        return int(typed) if typed.isdecimal() and len(typed) <= 10 else 0
