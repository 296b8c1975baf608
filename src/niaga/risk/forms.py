from django import forms

from niaga.core.forms import PageForm

from .services import NOTE_MAX


class DecideForm(PageForm):
    """Release or reject a held case; the note is required (the service says so, on the field)."""

    decision = forms.ChoiceField(
        choices=[("release", "Lepas"), ("reject", "Tolak")], error_messages={"required": "Pilih keputusan."}
    )
    note = forms.CharField(max_length=NOTE_MAX, required=False)
