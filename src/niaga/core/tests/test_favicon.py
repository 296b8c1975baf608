"""The site's icon: served at /favicon.ico, where browsers ask for it on every page, and
linked from the base template."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_favicon_is_served_at_the_site_root_and_linked_from_every_page(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    body = b"".join(icon.streaming_content) if icon.streaming else icon.content
    assert body[:4] == b"\x00\x00\x01\x00"  # an ICO file
    for path in ("/", "/cari/", "/masuk/"):
        assert '<link rel="icon" href="/favicon.ico"' in client.get(path).content.decode(), path
