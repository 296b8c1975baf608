"""The complaint pages' input, checked for shape; the rules are in services (shared with the API)."""

from __future__ import annotations

from django import forms

from niaga.core.forms import PageForm
from niaga.core.pages import amount_text

from .services import BODY_MAX, Decision
from .status import Reason, Resolution


class OpenForm(PageForm):
    reason = forms.ChoiceField(choices=Reason.choices, error_messages={"required": "Pilih alasan komplain."})
    resolution = forms.ChoiceField(
        choices=Resolution.choices, error_messages={"required": "Pilih solusi yang diinginkan."}
    )
    description = forms.CharField(max_length=BODY_MAX, error_messages={"required": "Ceritakan masalahnya."})


class MessageForm(PageForm):
    body = forms.CharField(max_length=BODY_MAX, required=False)


class ReasonForm(PageForm):
    reason = forms.CharField(max_length=BODY_MAX, required=False)


class AmountField(forms.CharField):
    """A Rupiah amount as sellers type it ("Rp 25.000"); the service checks the range."""

    def to_python(self, value):
        text = amount_text(super().to_python(value))
        if not text:
            return None
        if not text.isdigit() or len(text) > 13:
            raise forms.ValidationError("Masukkan jumlah dalam Rupiah.")
        return int(text)


class OfferForm(PageForm):
    amount = AmountField(error_messages={"required": "Masukkan jumlah tawaran."})
    reason = forms.CharField(max_length=BODY_MAX, required=False)


class DecideForm(PageForm):
    decision = forms.ChoiceField(choices=Decision.CHOICES, error_messages={"required": "Pilih keputusan."})
    amount = AmountField(required=False)
    reason = forms.CharField(max_length=BODY_MAX, required=False)
