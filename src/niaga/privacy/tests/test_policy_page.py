"""Kebijakan Privasi: public, says what is kept, why, how long, who sees it and the user's rights."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_privacy_page_says_what_is_kept_why_and_for_how_long(client):
    page = client.get(reverse("privacy:policy"))
    assert page.status_code == 200
    text = page.content.decode()
    for said in (
        "10 tahun",
        "UU KUP",
        "UU PDP",
        "Penjual",
        "nomor HP",
        "Penghapusan",
        "Menarik persetujuan",
        "Keberatan",
    ):
        assert said in text, said
    assert reverse("privacy:home") in text and reverse("privacy:delete") in text
    assert "style=" not in text.split("<main", 1)[1] and "<script" not in text.split("<main", 1)[1]


def test_the_footer_and_sign_up_link_to_it(client):
    assert reverse("privacy:policy") in client.get(reverse("catalog:home")).content.decode()
    assert reverse("privacy:policy") in client.get(reverse("accounts:register")).content.decode()


def test_the_data_page_is_for_signed_in_users(client, buyer):
    assert client.get(reverse("privacy:home")).status_code == 302
    client.force_login(buyer)
    assert client.get(reverse("privacy:home")).status_code == 200
