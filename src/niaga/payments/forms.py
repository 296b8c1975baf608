"""The payment page's forms: another method, a cancel, and the card form.

The card form is what the payment page posts after the browser tokenised the card.

The card number and CVV go from the browser straight to the gateway and never reach Niaga;
the expiry as the buyer typed it does come along, so that a mistyped date is answered here,
in Indonesian, rather than by the gateway's English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms

from niaga.core import clock, paymethods
from niaga.core.forms import PageForm

WIB = ZoneInfo("Asia/Jakarta")
# "1230" (a phone's numeric keypad), "12/30", "12 / 2030", "1/30", "12-30", "122030".
_EXPIRY = re.compile(r"^\s*(\d{1,2})\s*[/\-.\s]\s*(\d{2}|\d{4})\s*$|^\s*(\d{2})(\d{2}|\d{4})\s*$")
EXPIRY_HELP = "Tulis bulan dan tahun seperti di kartu, misalnya 12/30."


@dataclass(frozen=True)
class Expiry:
    month: int
    year: int  # four digits


def parse_expiry(text: str) -> Expiry:
    """The card's expiry from what a buyer types; ValidationError (Indonesian) if it is not one.

    The page's script formats and splits the field the same way before asking for a token.
    """
    match = _EXPIRY.match(text or "")
    if not match:
        raise forms.ValidationError(f"Tanggal berlaku kartu tidak valid. {EXPIRY_HELP}", code="invalid_expiry")
    month_text, year_text = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
    month, year = int(month_text), int(year_text)
    if len(year_text) == 2:
        year += 2000
    if not 1 <= month <= 12:
        raise forms.ValidationError(f"Bulan harus 01 sampai 12. {EXPIRY_HELP}", code="invalid_expiry")
    today = clock.now().astimezone(WIB)
    if (year, month) < (today.year, today.month):
        raise forms.ValidationError("Kartu sudah kedaluwarsa. Gunakan kartu lain.", code="card_expired")
    if year > today.year + 25:
        raise forms.ValidationError(f"Tahun berlaku kartu tidak wajar. {EXPIRY_HELP}", code="invalid_expiry")
    return Expiry(month=month, year=year)


class CardForm(forms.Form):
    token_id = forms.CharField(max_length=200, required=False)
    card_exp = forms.CharField(max_length=12, required=False)
    installment_term = forms.TypedChoiceField(
        choices=[
            ("", "Bayar penuh"),
            ("0", "Bayar penuh"),
            *[(str(t), f"{t} bulan") for t in paymethods.INSTALLMENT_TERMS],
        ],
        coerce=int,
        empty_value=None,  # "Bayar penuh", as "0" is
        required=False,
        error_messages={"invalid_choice": "Pilih cicilan 3, 6 atau 12 bulan."},
    )

    def clean_card_exp(self) -> Expiry | None:
        text = self.cleaned_data.get("card_exp", "")
        return parse_expiry(text) if text else None


class SwitchMethodForm(PageForm):
    """Pay with another method; whether the store accepts it is the service's rule."""

    # A code longer than any method's is no method the store accepts: the service's own words.
    method = forms.CharField(
        max_length=20, required=False, error_messages={"max_length": "Metode ini tidak diterima toko."}
    )


class CancelForm(PageForm):
    """The buyer cancels an unpaid order; the reason is optional (the page sends none)."""

    reason = forms.CharField(
        max_length=255,
        required=False,
        error_messages={"max_length": "Alasan pembatalan terlalu panjang (maks. 255 karakter)."},
    )
