"""The search and listing filters, read leniently: a value that cannot be used is left out
and named in a note above the results, never an error page, and never cut to fit."""

from __future__ import annotations

from django import forms

from niaga.core.pages import parse_int

from .models import Condition
from .selectors import SORTS, SearchFilters

MAX_PRICE_FILTER = 10**12
MAX_QUERY = 100  # as the API's SearchQuery


class PriceFilterField(forms.CharField):
    """Rupiah as typed ("50.000"): a whole number up to MAX_PRICE_FILTER."""

    def __init__(self, label: str) -> None:
        super().__init__(label=label, required=False)

    def clean(self, value) -> int | None:
        text = super().clean(value)
        if not text:
            return None
        number = parse_int(text.replace(".", ""), minimum=0, maximum=MAX_PRICE_FILTER)
        if number is None:
            # The note quotes the start of what was typed; the value itself is not used.
            raise forms.ValidationError(f"{self.label} \u201c{text[:20]}\u201d bukan angka yang valid, jadi diabaikan.")
        return number


class SearchForm(forms.Form):
    q = forms.CharField(
        max_length=MAX_QUERY,
        required=False,
        error_messages={
            "max_length": f"Kata kunci terlalu panjang (maks. {MAX_QUERY} karakter). Persingkat lalu cari lagi."
        },
    )
    category = forms.CharField(
        max_length=80, required=False, error_messages={"max_length": "Kategori tidak dikenal, jadi diabaikan."}
    )
    city = forms.CharField(
        max_length=10, required=False, error_messages={"max_length": "Kota tidak dikenal, jadi diabaikan."}
    )
    condition = forms.CharField(required=False)
    sort = forms.CharField(required=False)
    min_price = PriceFilterField("Harga minimum")
    max_price = PriceFilterField("Harga maksimum")

    def filters(self, *, category: str = "") -> tuple[SearchFilters, list[str]]:
        """The filters to search with, and the notes saying what was left out or changed."""
        self.is_valid()
        data = self.cleaned_data
        notes = [str(errors[0]) for errors in self.errors.values()]
        low, high = data.get("min_price"), data.get("max_price")
        if low is not None and high is not None and low > high:
            low, high = high, low
            notes.append("Harga minimum lebih besar dari maksimum, jadi keduanya ditukar.")
        condition, sort = data.get("condition", ""), data.get("sort", "")
        filters = SearchFilters(
            q=data.get("q", ""),
            category=category or data.get("category", ""),
            city=data.get("city", ""),
            condition=condition if condition in Condition.values else "",
            min_price=low,
            max_price=high,
            sort=sort if sort in SORTS else "",
        )
        return filters, notes

    def query_refused(self) -> bool:
        """A query too long to search with: the page finds nothing rather than part of it."""
        return "q" in self.errors
