"""What the review pages post, checked for shape; the rules are the services' (shared with the API)."""

from __future__ import annotations

from django import forms

from niaga.core.forms import PageForm

from .models import MAX_REPLY, MAX_TEXT, ReportReason

STAR_CHOICES = [(str(n), f"{n} bintang") for n in range(5, 0, -1)]


class ReviewForm(PageForm):
    rating = forms.TypedChoiceField(
        choices=STAR_CHOICES, coerce=int, error_messages={"required": "Pilih 1 sampai 5 bintang."}
    )
    text = forms.CharField(required=False, max_length=MAX_TEXT, widget=forms.Textarea)
    anonymous = forms.BooleanField(required=False)


class ReplyForm(PageForm):
    reply = forms.CharField(max_length=MAX_REPLY, error_messages={"required": "Tulis balasanmu."})


class ReportForm(PageForm):
    reason = forms.ChoiceField(choices=ReportReason.choices, error_messages={"required": "Pilih alasan laporan."})
    note = forms.CharField(required=False, max_length=300)


class ModerationForm(PageForm):
    action = forms.ChoiceField(
        choices=[("hide", "Sembunyikan"), ("unhide", "Tampilkan kembali"), ("keep", "Tetap tampil")]
    )
    reason = forms.CharField(max_length=255, error_messages={"required": "Tulis alasannya."})
