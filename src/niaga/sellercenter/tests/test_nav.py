"""Toko Saya's tabs: the page a seller is on lights exactly its own tab (reviews and complaints
both name their list "seller_list"; the tab follows the app, not the name)."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "tab"),
    [
        ("seller:dashboard", "Ringkasan"),
        ("aftersales:seller_list", "Komplain"),
        ("reviews:seller_list", "Ulasan"),
        ("chat:seller_inbox", "Chat"),
        ("seller:settings", "Pengaturan"),
    ],
)
def test_each_page_lights_its_own_tab(client, make_store, url, tab):
    store = make_store()
    client.force_login(store.owner)
    page = client.get(reverse(url)).content.decode()
    nav = page[page.index('aria-label="Toko Saya"') :].split("</nav>")[0]
    assert re.findall(r'class="tab active"[^>]*>([^<]+)<', nav) == [tab]
