"""Niaga's rules on allauth's sign-up, sign-in, verification and reset (settings.ACCOUNT_ADAPTER).

allauth runs the flows; this says what is Niaga's: a new account's full name and phone, an
e-mail always lower-case, the client's address read as throttling reads it, and the wording of
the refusals in Niaga's Bahasa Indonesia.
"""

from __future__ import annotations

import ipaddress

from allauth.account.adapter import DefaultAccountAdapter

from niaga.core.clientip import client_ip

from .models import User
from .signals import signed_up

ERRORS = {
    "email_password_mismatch": "Email atau kata sandi salah.",
    "account_inactive": "Akun ini sedang tidak aktif.",
    "too_many_login_attempts": "Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti.",
    "incorrect_password": "Kata sandi salah.",
    "enter_current_password": "Ketik kata sandi Anda saat ini.",
    "invalid_password_reset": "Tautan atur ulang kata sandi tidak berlaku lagi.",
    "unverified_primary_email": "Alamat email utama Anda harus diverifikasi dulu.",
    "duplicate_email": "Email ini sudah terhubung dengan akun Anda.",
    "same_as_current": "Isi dengan nilai yang berbeda dari yang sekarang.",
    "rate_limited": "Terlalu banyak permintaan. Tunggu sebentar, lalu coba lagi.",
}


def display_name(user) -> str:
    """How allauth's messages name a user ("Berhasil masuk sebagai Sari.")."""
    return user.get_short_name()


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {**DefaultAccountAdapter.error_messages, **ERRORS}

    def clean_email(self, email: str) -> str:
        return email.strip().lower()

    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        user.full_name = data.get("full_name", "")
        user.phone = data.get("phone", "")
        saved = super().save_user(request, user, form, commit=commit)
        if commit:
            signed_up.send(User, user=saved, request=request, choices={"email_promo": bool(data.get("email_promo"))})
        return saved

    def get_client_ip(self, request) -> str:
        """The address throttling and the audit trail see (a session's row needs a valid one)."""
        for candidate in (client_ip(request), request.META.get("REMOTE_ADDR", "")):
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                continue
        return "0.0.0.0"
