"""Catalog pages: home, search, category and the shareable product page."""

import re

import pytest
from django.urls import reverse

from niaga.catalog import services


def product_url(p):
    return reverse("catalog:product", args=[p.store.slug, p.slug])


@pytest.mark.django_db
def test_home_shows_categories_newest_products_and_stores(client, make_store, make_product, category):
    store = make_store(name="Toko Buku Kampus")
    make_product(store, name="Buku Materi Kuliah Digital")
    page = client.get("/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Buku Materi Kuliah Digital" in html and "Rp5.000" in html
    assert "Toko pilihan" in html and "Toko Buku Kampus" in html
    assert reverse("catalog:category", args=[category.slug]) in html


@pytest.mark.django_db
def test_search_finds_by_words_and_paginates(client, make_store, make_product):
    store = make_store()
    make_product(store, name="Buku Materi Kuliah Digital")
    make_product(store, name="Kalkulator Scientific", price=250000)
    page = client.get("/cari/", {"q": "buku"})
    assert page.status_code == 200
    assert "Buku Materi Kuliah Digital" in page.content.decode()
    assert "Kalkulator Scientific" not in page.content.decode()
    assert client.get("/cari/", {"q": "buku", "page": "abc"}).status_code == 200
    assert client.get("/cari/", {"page": "999"}).status_code == 200


@pytest.mark.django_db
def test_bad_price_filters_are_ignored_with_a_message(client, make_store, make_product):
    make_product(make_store(), name="Buku Murah", price=5000)
    page = client.get("/cari/", {"min_price": "lima ribu", "max_price": "-1", "sort": "'; drop", "condition": "x"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "diabaikan" in html and "Buku Murah" in html


@pytest.mark.django_db
def test_price_range_and_city_filter(client, make_store, make_product):
    bandung = make_store(city_code="32.73")
    jogja = make_store(city_code="34.71")
    make_product(bandung, name="Sepatu Bandung", price=300000)
    make_product(jogja, name="Bakpia Jogja", price=30000)
    html = client.get("/cari/", {"min_price": "100.000", "max_price": "10000"}).content.decode()
    assert "ditukar" in html and "Bakpia Jogja" in html and "Sepatu Bandung" not in html
    html = client.get("/cari/", {"city": "32.73"}).content.decode()
    assert "Sepatu Bandung" in html and "Bakpia Jogja" not in html
    assert 'value="34.71"' in html  # the city select lists cities that have stores


@pytest.mark.django_db
def test_category_page_and_unknown_category(client, make_store, make_product, category):
    make_product(make_store(), name="Buku Materi Kuliah Digital")
    page = client.get(reverse("catalog:category", args=[category.slug]))
    assert page.status_code == 200 and "Buku Materi Kuliah Digital" in page.content.decode()
    missing = client.get("/kategori/tidak-ada/")
    assert missing.status_code == 404 and "Halaman tidak ditemukan" in missing.content.decode()


@pytest.mark.django_db
def test_product_page_has_buy_form_share_links_and_open_graph(client, make_store, make_product):
    store = make_store(name="Toko Buku Kampus", return_policy="Retur 7 hari.")
    p = make_product(store, name="Buku Materi Kuliah Digital", price=5000, stock=1)
    page = client.get(product_url(p))
    assert page.status_code == 200
    html = page.content.decode()
    absolute = f"http://testserver{product_url(p)}"
    assert '<meta property="og:type" content="product">' in html
    assert f'<meta property="og:url" content="{absolute}">' in html
    assert f'<link rel="canonical" href="{absolute}">' in html
    image = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert image.startswith("http://testserver/media/products/")
    assert '<meta property="product:price:amount" content="5000">' in html
    assert '<meta property="product:price:currency" content="IDR">' in html
    assert 'name="twitter:card"' in html and "og:title" in html and "og:description" in html
    assert 'id="copy-link"' in html and 'id="share-url"' in html and f'value="{absolute}"' in html
    assert "https://wa.me/?text=" in html
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2Ftestserver" in html
    assert "https://twitter.com/intent/tweet?url=" in html
    assert "Stok: 1" in html and "Rp5.000" in html and "Retur 7 hari." in html
    assert "Tambah ke Keranjang" in html and "Beli Sekarang" in html
    assert f'name="variant_id" value="{p.variants.first().pk}"' in html


@pytest.mark.django_db
def test_sold_out_product_cannot_be_bought(client, make_store, make_product):
    p = make_product(make_store(), stock=0)
    html = client.get(product_url(p)).content.decode()
    assert "Stok habis" in html
    assert re.search(r'value="buy" disabled', html)


@pytest.mark.django_db
def test_variants_are_offered_as_radios(client, make_store, make_product):
    p = make_product(
        make_store(), variants=[{"name": "Merah", "stock": 2}, {"name": "Biru", "stock": 0, "price": 7000}]
    )
    html = client.get(product_url(p)).content.decode()
    assert html.count('type="radio" name="variant_id"') == 2
    assert "Merah" in html and "Biru" in html and "Rp5.000 – Rp7.000" in html


@pytest.mark.django_db
def test_missing_or_inactive_products_are_404(client, make_store, make_product):
    p = make_product(make_store())
    assert client.get(f"/p/{p.store.slug}/tidak-ada/").status_code == 404
    services.update_product(product=p, data={"is_active": False})
    assert client.get(product_url(p)).status_code == 404


@pytest.mark.django_db
def test_product_text_is_escaped(client, make_store, make_product):
    p = make_product(make_store(), name="<script>alert(1)</script> Buku", description='"><img src=x onerror=alert(1)>')
    html = client.get(product_url(p)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Buku" in html
