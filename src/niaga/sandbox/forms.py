"""The forms a payer fills in: a bank's bill lookup and an e-wallet's PIN."""

from __future__ import annotations

import hmac
import re

from django import forms
from django.conf import settings

from .protocol import BANKS, BILLER_CODE

_SEPARATORS = re.compile(r"[\s.-]")
_NUMBER = re.compile(r"[0-9]{1,32}")


def _digits(value: str) -> str:
    """People copy numbers with spaces or dashes ("1278 5012 3456"); banks ignore them."""
    return _SEPARATORS.sub("", value or "")


def _number_field(label: str, max_length: int) -> forms.CharField:
    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget)


class BillForm(forms.Form):
    bank = forms.ChoiceField(label="Bank", choices=[(c.code, c.label) for c in BANKS])
    va_number = _number_field("Nomor Virtual Account", 40)
    biller_code = _number_field("Kode perusahaan (biller code)", 10)
    bill_key = _number_field("Kode bayar (bill key)", 40)

    def clean(self):
        data = super().clean()
        if data.get("bank") == "mandiri":
            if _digits(data.get("biller_code")) != BILLER_CODE:
                self.add_error("biller_code", f"Kode perusahaan tidak dikenal. Untuk Midtrans gunakan {BILLER_CODE}.")
            data["number"] = self._number("bill_key", "Masukkan kode bayar (angka saja).")
        elif data.get("bank"):
            data["number"] = self._number("va_number", "Masukkan nomor Virtual Account (angka saja).")
        return data

    def _number(self, field: str, message: str) -> str:
        number = _digits(self.cleaned_data.get(field))
        if not _NUMBER.fullmatch(number):
            self.add_error(field, message)
        return number


class PinForm(forms.Form):
    pin = forms.CharField(
        label="PIN",
        max_length=12,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off", "autofocus": True}),
    )

    def clean_pin(self) -> str:
        pin = self.cleaned_data["pin"]
        if not hmac.compare_digest(pin.encode(), settings.NIAGA_SANDBOX_EWALLET_PIN.encode()):
            raise forms.ValidationError("PIN salah. Coba lagi.")
        return pin
