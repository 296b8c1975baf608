from __future__ import annotations

from django import forms

from niaga.core.forms import PageForm

from .labels import LABELS
from .selectors import Filters


class FilterForm(PageForm):
    """The operator's filter: the query string of /operator/audit/ (all optional)."""

    email = forms.CharField(required=False, max_length=254)
    action = forms.ChoiceField(required=False, choices=[("", "Semua tindakan"), *sorted(LABELS.items())])
    since = forms.DateField(required=False, error_messages={"invalid": "Tanggal tidak valid (TTTT-BB-HH)."})
    until = forms.DateField(required=False, error_messages={"invalid": "Tanggal tidak valid (TTTT-BB-HH)."})

    def filters(self) -> Filters:
        data = self.cleaned_data
        return Filters(email=data["email"], action=data["action"], since=data["since"], until=data["until"])
