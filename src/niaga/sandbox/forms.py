"""The forms a payer fills in: a bank's bill lookup, an e-wallet's PIN, a cashier's payment
code, a QRIS scan, a 3-D Secure OTP, a wallet top-up, and the fault switchboard."""

from __future__ import annotations

import hmac
import re

from django import forms
from django.conf import settings

from niaga.core import qris

from . import wallets
from .models import WALLET_PROVIDERS
from .protocol import BANKS, BILLER_CODE, STORES

_SEPARATORS = re.compile(r"[\s.-]")
_NUMBER = re.compile(r"[0-9]{1,32}")
_PRINTABLE = re.compile(r"[\x20-\x7e]+")


def _digits(value: str | None) -> str:
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
        super().clean()
        data = self.cleaned_data
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


def _pin_field() -> forms.CharField:
    return forms.CharField(
        label="PIN",
        max_length=12,
        widget=forms.PasswordInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


def _check_pin(pin: str) -> str:
    if not hmac.compare_digest(pin.encode(), settings.NIAGA_SANDBOX_EWALLET_PIN.encode()):
        raise forms.ValidationError("PIN salah. Coba lagi.")
    return pin


class PhoneField(forms.CharField):
    """An Indonesian mobile number, in any usual spelling; cleaned to 08..."""

    def __init__(self, **kwargs):
        attrs = {"inputmode": "tel", "autocomplete": "tel", "placeholder": wallets.DEMO_PHONE}
        kwargs.setdefault("label", "Nomor HP")
        super().__init__(max_length=20, widget=forms.TextInput(attrs=attrs), **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return wallets.DEMO_PHONE if not self.required else value
        phone = wallets.normalize_phone(value)
        if phone is None:
            raise forms.ValidationError("Nomor HP tidak valid. Contoh: 0812 3456 7890.")
        return phone


class PinForm(forms.Form):
    """The GoPay / ShopeePay app: the phone picks the sandbox wallet account (a demo one if empty)."""

    phone = PhoneField(required=False, help_text=f"Kosongkan untuk memakai akun demo {wallets.DEMO_PHONE}.")
    pin = _pin_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pin"].widget.attrs["autofocus"] = True

    def clean_pin(self) -> str:
        return _check_pin(self.cleaned_data["pin"])


class WalletForm(forms.Form):
    """The Dompet page: which wallet account (provider and phone), and a top-up amount."""

    wallet = forms.ChoiceField(label="Dompet digital", choices=WALLET_PROVIDERS)
    phone = PhoneField(required=True)
    amount = forms.CharField(
        label="Jumlah isi saldo (Rp)",
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "100000"}),
    )

    def clean_amount(self) -> int | None:
        # "Rp250.000", "250 000", "250,000": separators only; a minus sign is not one.
        text = re.sub(r"[\s.,]", "", self.cleaned_data.get("amount") or "")
        if text.lower().startswith("rp"):
            text = text[2:]
        if not text:
            return None
        if not _NUMBER.fullmatch(text) or not 1 <= int(text) <= wallets.MAX_TOP_UP:
            raise forms.ValidationError(f"Masukkan jumlah Rp1 sampai Rp{wallets.MAX_TOP_UP:,}.".replace(",", "."))
        return int(text)


class CashierForm(forms.Form):
    """The cashier at Indomaret / Alfamart types the payment code the buyer reads out."""

    store = forms.ChoiceField(label="Gerai", choices=[(c.code, c.label) for c in STORES])
    payment_code = _number_field("Kode pembayaran", 40)

    def clean_payment_code(self) -> str:
        code = _digits(self.cleaned_data.get("payment_code"))
        if not _NUMBER.fullmatch(code):
            raise forms.ValidationError("Masukkan kode pembayaran (angka saja).")
        return code


class QrisForm(forms.Form):
    """A wallet app scanning a QRIS: the payload, then which wallet pays and its PIN."""

    qr_string = forms.CharField(
        label="Kode QRIS",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off", "spellcheck": "false", "class": "mono"}),
    )
    wallet = forms.ChoiceField(label="Bayar dengan", choices=WALLET_PROVIDERS)
    phone = PhoneField(required=False, help_text=f"Kosongkan untuk memakai akun demo {wallets.DEMO_PHONE}.")
    pin = _pin_field()

    def clean_qr_string(self):
        return parse_qris(self.cleaned_data["qr_string"])

    def clean_pin(self) -> str:
        return _check_pin(self.cleaned_data["pin"])


def parse_qris(payload: str) -> qris.Qris:
    """The payload read as QRIS, or a message a payer can act on."""
    if not _PRINTABLE.fullmatch(payload.strip()):  # also keeps NUL away from the database
        raise forms.ValidationError("Kode QRIS tidak valid: berisi karakter yang tidak dikenal. Pindai ulang kodenya.")
    try:
        return qris.parse(payload)
    except qris.QrisError as exc:
        if str(exc).startswith("bad CRC"):
            raise forms.ValidationError(
                "Kode QRIS rusak: CRC tidak cocok (angka pemeriksa di akhir kode). "
                "Pindai ulang atau salin lagi kodenya dengan lengkap."
            ) from None
        raise forms.ValidationError(f"Kode QRIS tidak valid ({exc}). Pindai ulang kodenya.") from None
    except (ValueError, KeyError, IndexError):
        raise forms.ValidationError("Kode QRIS tidak valid. Pindai ulang kodenya.") from None


class OtpForm(forms.Form):
    otp = forms.CharField(
        label="Kode OTP",
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )


class FaultForm(forms.Form):
    """The switchboard as a page; the same limits as the JSON endpoint."""

    charge_503 = forms.IntegerField(
        label="Charge berikutnya dijawab 503 (kali)", min_value=0, max_value=1000, initial=0
    )
    duplicate_notifications = forms.IntegerField(
        label="Kirim setiap notifikasi sebanyak (kali, 0/1 = normal)", min_value=0, max_value=10, initial=0
    )
    out_of_order = forms.BooleanField(
        label="Notifikasi tidak berurutan (pending dikirim setelah status berikutnya)", required=False
    )
    delay_seconds = forms.IntegerField(label="Tunda setiap notifikasi (detik)", min_value=0, max_value=86400, initial=0)
    reverse_settlement = forms.BooleanField(
        label="Batalkan pelunasan Permata / Mandiri / Indomaret menjadi deny", required=False
    )
    refund_414 = forms.IntegerField(
        label="Refund berikutnya ditolak 414: saldo merchant tidak cukup (kali)",
        min_value=0, max_value=1000, initial=0, required=False,
    )  # fmt: skip

    def clean_refund_414(self) -> int:
        return self.cleaned_data.get("refund_414") or 0


class SteerForm(forms.Form):
    """The courier page's levers for one parcel; what a scenario or an advance may be is
    parcels.steer's rule, shared with the simulator's API."""

    waybill = forms.CharField(max_length=30, required=False)
    scenario = forms.CharField(max_length=30, required=False)
    advance_hours = forms.IntegerField(required=False, error_messages={"invalid": "Isian tidak valid."})


class DecisionForm(forms.Form):
    """PayLater's two buttons."""

    decision = forms.ChoiceField(
        choices=[("approve", "Setujui"), ("reject", "Tolak")],
        error_messages={"required": "Pilih Setujui atau Tolak.", "invalid_choice": "Pilih Setujui atau Tolak."},
    )
