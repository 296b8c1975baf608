"""The warehouse's forms: its pickup address, and closing a parcel.

The pickup address form reads the input and says, on each field and in Indonesian, what is
missing; the rules (the region tree, the district's postal codes, an Indonesian phone) are
the service's (set_pickup_address)."""

from __future__ import annotations

from django import forms

from niaga.core.errors import DomainError
from niaga.core.forms import PageForm
from niaga.core.pages import parse_int

from . import services


def _required(label: str) -> dict:
    return {"required": f"{label} wajib diisi."}


class PickupAddressForm(PageForm):
    contact_name = forms.CharField(
        label="Nama kontak penjemputan", max_length=80, error_messages=_required("Nama kontak")
    )
    phone = forms.CharField(
        label="Nomor telepon kontak",
        max_length=30,
        error_messages=_required("Nomor telepon kontak"),
        help_text="Kurir menelepon nomor ini saat menjemput paket.",
    )
    province_code = forms.CharField(label="Provinsi", max_length=2, error_messages={"required": "Pilih provinsi."})
    regency_code = forms.CharField(
        label="Kota/Kabupaten", max_length=5, error_messages={"required": "Pilih kota/kabupaten."}
    )
    district_code = forms.CharField(label="Kecamatan", max_length=8, error_messages={"required": "Pilih kecamatan."})
    village_code = forms.CharField(
        label="Kelurahan/Desa", max_length=13, error_messages={"required": "Pilih kelurahan/desa."}
    )
    street = forms.CharField(
        label="Alamat jalan",
        max_length=200,
        error_messages=_required("Alamat jalan"),
        help_text="Nama jalan, nomor, RT/RW, patokan: kurir datang ke sini.",
    )
    postal_code = forms.CharField(label="Kode pos", max_length=5, error_messages=_required("Kode pos"))

    def save(self, *, location):
        """Set the address through the service; its refusals land on the form's fields.
        Returns the location, or None when the form or the service refused."""
        if not self.is_valid():
            return None
        try:
            return services.set_pickup_address(location=location, data=self.cleaned_data)
        except DomainError as exc:
            self.refuse(exc)
            return None


class MeasureField(forms.CharField):
    """Grams or centimetres as typed; what is not a number reaches the service as -1, which
    answers with the range it takes ("1–300.")."""

    def __init__(self) -> None:
        super().__init__(max_length=10, required=False)

    def clean(self, value) -> int:
        number = parse_int(super().clean(value), minimum=0, maximum=10**6)
        return -1 if number is None else number


class PackForm(PageForm):
    """The parcel's weight, size, notes and insurance. The counts per line (`count_<line id>`,
    one input per line of the order) are read beside it: the service compares them."""

    weight_grams = MeasureField()
    length_cm = MeasureField()
    width_cm = MeasureField()
    height_cm = MeasureField()
    notes = forms.CharField(max_length=200, required=False)
    insured = forms.BooleanField(required=False)
