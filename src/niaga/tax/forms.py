"""The tax page's forms: shape only; the rules (16 digits, the threshold) are the services'."""

from django import forms

from niaga.core.forms import PageForm

from .models import TaxProfile


class ProfileForm(PageForm):
    id_kind = forms.ChoiceField(choices=TaxProfile.IdKind.choices, error_messages={"required": "Pilih NPWP atau NIK."})
    id_number = forms.CharField(max_length=24, error_messages={"required": "Isi nomor NPWP/NIK."})
    name = forms.CharField(max_length=120, error_messages={"required": "Isi nama sesuai NPWP/NIK."})
    address = forms.CharField(max_length=255, error_messages={"required": "Isi alamat pajak."})
    is_pkp = forms.BooleanField(required=False)


class StatementForm(PageForm):
    year = forms.IntegerField(min_value=2000, max_value=2100, error_messages={"required": "Isi tahun pajak."})
    declared_turnover = forms.IntegerField(min_value=0, error_messages={"required": "Isi peredaran bruto."})
    signed_on = forms.DateField(error_messages={"required": "Isi tanggal.", "invalid": "Tanggal tidak valid."})
    agreed = forms.BooleanField(required=False)
    document = forms.FileField(required=False)


class ExemptionForm(PageForm):
    number = forms.CharField(max_length=60, error_messages={"required": "Isi nomor SKB."})
    valid_from = forms.DateField(error_messages={"required": "Isi tanggal mulai.", "invalid": "Tanggal tidak valid."})
    valid_until = forms.DateField(error_messages={"required": "Isi tanggal akhir.", "invalid": "Tanggal tidak valid."})
    document = forms.FileField(required=False)


class DepositForm(PageForm):
    period = forms.DateField(
        input_formats=["%Y-%m"],
        error_messages={"required": "Isi masa pajak.", "invalid": "Masa pajak tidak valid (TTTT-BB)."},
    )
    amount = forms.IntegerField(
        min_value=1, error_messages={"required": "Isi jumlah setoran.", "min_value": "Jumlah setoran minimal Rp1."}
    )
    deposited_on = forms.DateField(error_messages={"required": "Isi tanggal setor.", "invalid": "Tanggal tidak valid."})
    reference = forms.CharField(max_length=24, error_messages={"required": "Isi kode billing atau NTPN."})
