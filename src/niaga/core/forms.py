"""The base of the pages' forms: the page's input checked for shape, then handed to a service.

A form reads what a page posts and refuses, on the field, what cannot be right whatever the
rules say: a value longer than its column, a number that is not one, a choice not offered.
The rules themselves (a free e-mail, a postal code of the district, a price in range) stay in
the services, shared with the API; a service's refusal lands on the same form with `refuse`.

The templates draw fields with the `{% field %}` tag, which reads `values` (what to refill)
and `errors` (one message per field) from the context: `context()` gives both.
"""

from __future__ import annotations

from typing import Any

from django import forms

from niaga.core.errors import DomainError

TOO_LONG = "Terlalu panjang: maks. %(limit_value)d karakter (sekarang %(show_value)d)."
CHECK_MARKED = "Periksa kembali isian yang ditandai."


class PageForm(forms.Form):
    """A page's form: its own checks, plus a service's refusal put on the fields it names."""

    aliases: dict[str, str] = {}  # a service's name for a field -> the form's ("category_id" -> "category")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.message = ""  # shown on top of the page when the form or its service refused
        self.status = 200
        self._other_errors: dict[str, str] = {}  # refusals naming a field the form does not have
        for field in self.fields.values():
            if isinstance(field, forms.CharField):  # unless the field says it its own way
                field.error_messages.setdefault("max_length", TOO_LONG)

    def checked(self) -> bool:
        """True when the input is valid; otherwise the page says so on top, with a 400."""
        if self.is_valid():
            return True
        self.message, self.status = CHECK_MARKED, 400
        return False

    def refuse(self, exc: DomainError) -> None:
        """Put a service's refusal on the form: its message on top, each field's beside the field."""
        self.message, self.status = exc.message, exc.status
        for service_name, text in exc.fields.items():
            name = self.aliases.get(service_name, service_name)
            if name in self.fields:
                self.add_error(name, text)
            else:
                self._other_errors[name] = text

    def refusal(self) -> DomainError:
        """The form's refusal as a DomainError, for pages that show it as one message (its first field's)."""
        fields = self.field_errors()
        return DomainError(next(iter(fields.values()), CHECK_MARKED), code="invalid_input", fields=fields)

    def field_errors(self) -> dict[str, str]:
        """{field: first message}: what the `{% field %}` and `{% field_error %}` tags read."""
        if getattr(self, "_errors", None) is None:  # not checked yet (a GET, or a refresh of the region lists)
            return dict(self._other_errors)
        return {**self._other_errors, **{name: str(errors[0]) for name, errors in self.errors.items()}}

    def values(self) -> Any:
        """What the inputs show: what was typed (never cut), or the initial values."""
        return self.data if self.is_bound else self.initial

    def context(self) -> dict[str, Any]:
        page: dict[str, Any] = {"form": self, "values": self.values(), "errors": self.field_errors()}
        if self.message:
            page["error"] = self.message
        return page
