"""The cart's buttons: add a variant (or buy it now), change a quantity.

The forms read the fields; what a quantity may be (a whole number, at least 1, at most the
shelf and MAX_QUANTITY) is the cart service's rule, so the quantity goes on as typed.
"""

from __future__ import annotations

from django import forms

from niaga.core.forms import PageForm

from .services import MAX_QUANTITY

TOO_MANY = f"Jumlah maks. {MAX_QUANTITY}."  # a number too long to read is more than the maximum


class QuantityForm(PageForm):
    quantity = forms.CharField(max_length=10, required=False, error_messages={"max_length": TOO_MANY})


class AddForm(QuantityForm):
    variant_id = forms.IntegerField(
        min_value=1,
        error_messages={
            "required": "Pilih varian produk terlebih dahulu.",
            "invalid": "Pilih varian produk terlebih dahulu.",
            "min_value": "Pilih varian produk terlebih dahulu.",
        },
    )
    action = forms.CharField(max_length=10, required=False)  # "buy": straight to checkout

    def clean_quantity(self) -> str:
        return self.cleaned_data["quantity"] if "quantity" in self.data else "1"
