"""The API's docs page works in a classroom without internet: its assets come from the app."""

from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import requests


class _Assets(HTMLParser):
    """The scripts and stylesheets a page loads."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href"):
            self.urls.append(attrs["href"])


def _assets(html: str) -> list[str]:
    parser = _Assets()
    parser.feed(html)
    return parser.urls


@pytest.mark.django_db
def test_the_docs_page_loads_every_script_and_style_from_the_app_itself(live_server):
    page = requests.get(f"{live_server.url}/api/v1/docs", timeout=30)
    assert page.status_code == 200
    assets = _assets(page.text)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert not urlsplit(asset).netloc, f"{asset} is fetched from another host"
        answer = requests.get(urljoin(live_server.url + "/api/v1/docs", asset), timeout=30)
        assert answer.status_code == 200, asset
        assert answer.headers["Content-Type"].split(";")[0] in ("text/javascript", "application/javascript", "text/css")
        assert len(answer.content) > 1000, asset


@pytest.mark.browser
@pytest.mark.django_db
def test_the_docs_page_shows_the_operations_with_no_internet(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url)
    outside = []

    def offline(route):  # the classroom: only the app itself answers
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort("internetdisconnected")

    context.route("**/*", offline)
    try:
        page = context.new_page()
        page.goto("/api/v1/docs")
        page.wait_for_selector(".opblock", timeout=30_000)
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert any("/checkout/quote" in p for p in paths)
        assert len(paths) >= 40
        assert outside == []
    finally:
        context.close()
