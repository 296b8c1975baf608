"""The data-rights pages' forms: marketing consents, and the confirmation of a deletion."""

from __future__ import annotations

from django import forms

from niaga.core.forms import PageForm

from .models import ConsentKind


class ConsentForm(PageForm):
    """One checkbox per kind of marketing; an unticked box withdraws."""

    email_promo = forms.BooleanField(required=False)
    push_promo = forms.BooleanField(required=False)

    def choices(self) -> dict[str, bool]:
        return {kind: bool(self.cleaned_data.get(kind)) for kind in ConsentKind.values}


class DeleteForm(PageForm):
    password = forms.CharField(max_length=128, strip=False, error_messages={"required": "Kata sandi wajib diisi."})
    code = forms.CharField(max_length=64, required=False)  # the second factor, when enrolled
    confirm = forms.BooleanField(error_messages={"required": "Centang bahwa Anda mengerti akun tidak bisa dipulihkan."})
