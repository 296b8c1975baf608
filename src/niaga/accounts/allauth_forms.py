"""allauth's forms in Niaga's words (settings.ACCOUNT_FORMS).

Only labels, hints and input modes change; the checks are allauth's. Kept apart from forms.py,
which allauth's own forms module imports (ACCOUNT_SIGNUP_FORM_CLASS) while it is being loaded.
"""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth
from django.core.validators import MaxLengthValidator

from niaga.core.forms import TOO_LONG

NEW_PASSWORD_HELP = "Minimal 8 karakter, jangan hanya angka."


def _label(form, name: str, label: str, *, help_text: str = "", required: str = "", **attrs: str) -> None:
    field = form.fields.get(name)
    if field is None:
        return
    field.label = label
    field.help_text = help_text
    if required:
        field.error_messages["required"] = required
    field.widget.attrs.pop("placeholder", None)  # allauth's English hints; the label says it
    field.widget.attrs.update(attrs)


def _aliased(data, aliases: dict[str, str]):
    """Accept the names Niaga's forms used before allauth (email=, password=) as well."""
    if not data or not any(old in data and new not in data for old, new in aliases.items()):
        return data
    data = data.copy()
    for old, new in aliases.items():
        if old in data and new not in data:
            data[new] = data[old]
    return data


EMAIL_ATTRS = {"autocomplete": "email", "inputmode": "email", "maxlength": "254"}


class LoginForm(allauth.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args:
            args = (_aliased(args[0], {"email": "login"}), *args[1:])
        elif "data" in kwargs:
            kwargs["data"] = _aliased(kwargs["data"], {"email": "login"})
        super().__init__(*args, **kwargs)
        _label(self, "login", "Email", required="Email wajib diisi.", **EMAIL_ATTRS)
        self.fields["login"].validators.append(MaxLengthValidator(254, message=TOO_LONG))
        _label(self, "password", "Kata sandi", required="Kata sandi wajib diisi.", autocomplete="current-password")


class SignupForm(allauth.SignupForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args:
            args = (_aliased(args[0], {"password": "password1"}), *args[1:])
        elif "data" in kwargs:
            kwargs["data"] = _aliased(kwargs["data"], {"password": "password1"})
        super().__init__(*args, **kwargs)
        _label(self, "email", "Email", required="Email wajib diisi.", **EMAIL_ATTRS)
        _label(
            self,
            "password1",
            "Kata sandi",
            help_text=NEW_PASSWORD_HELP,
            required="Kata sandi wajib diisi.",
            autocomplete="new-password",
        )


class ResetPasswordForm(allauth.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label(self, "email", "Email", required="Email wajib diisi.", **EMAIL_ATTRS)


class ResetPasswordKeyForm(allauth.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label(self, "password1", "Kata sandi baru", help_text=NEW_PASSWORD_HELP, autocomplete="new-password")
        _label(self, "password2", "Ulangi kata sandi baru", autocomplete="new-password")


class ChangePasswordForm(allauth.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _label(self, "oldpassword", "Kata sandi saat ini", autocomplete="current-password")
        _label(self, "password1", "Kata sandi baru", help_text=NEW_PASSWORD_HELP, autocomplete="new-password")
        _label(self, "password2", "Ulangi kata sandi baru", autocomplete="new-password")
