"""Search takes whatever a visitor types: punctuation, quotes, the databases' own query
operators, unbalanced brackets, NUL bytes, very long text. None of it is an error; a query
with no word in it finds nothing and says why."""

import pytest
from django.test import Client

# What people and scanners type, on both databases: SQL quotes, LIKE wildcards, FTS5 and
# tsquery operators, unbalanced brackets and quotes, digits and letters of other scripts.
ODD_QUERIES = [
    "'",
    "%",
    "!!!",
    "(((",
    ")))",
    "&|!<->",
    '"',
    '""',
    "'\"",
    "*",
    "-",
    "^",
    ":",
    ":*",
    "\\",
    "_",
    "__",
    "NEAR(",
    "a NEAR b",
    "AND",
    "OR NOT",
    "buku'",
    "buku:*",
    "buku & !",
    "buku | kuliah",
    "!buku",
    "(buku",
    'buku"',
    "buku -kuliah",
    "'; DROP TABLE catalog_product; --",
    "%25",
    "²³",
    "٣٤",
    "ǅ",
    "ñ̃",
    "🙂",
    "b" * 100,
    "buku " * 20,
    "x" * 99 + "!",
]


@pytest.fixture
def book(make_store, make_product):
    return make_product(make_store(), name="Buku Materi Kuliah Digital")


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["'", "%", "!!!", "(((", "&|!<->"])
def test_a_query_of_only_punctuation_finds_nothing_and_says_why(query, book):
    client = Client(raise_request_exception=False)
    page = client.get("/cari/", {"q": query})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Produk tidak ditemukan" in html
    assert "tidak berisi huruf atau angka" in html
    assert book.name not in html
    api = client.get("/api/v1/products", {"q": query})
    assert api.status_code == 200
    assert api.json()["items"] == []


@pytest.mark.django_db
@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_never_fail_on_either_database(query, book):
    client = Client(raise_request_exception=False)
    page = client.get("/cari/", {"q": query})
    assert page.status_code == 200, query
    api = client.get("/api/v1/products", {"q": query})
    assert api.status_code == 200, (query, api.content[:300])


@pytest.mark.django_db
def test_punctuation_around_words_still_finds_them(book):
    client = Client()
    for query in ["buku!!!", "'buku'", "(buku", "buku:*", '"materi" & kuliah', "buku -digital"]:
        assert book.name in client.get("/cari/", {"q": query}).content.decode(), query
        assert [p["name"] for p in client.get("/api/v1/products", {"q": query}).json()["items"]] == [book.name], query


@pytest.mark.django_db
def test_overlong_and_nul_queries_get_a_clear_answer(book):
    client = Client(raise_request_exception=False)
    page = client.get("/cari/", {"q": "buku " + "x" * 10_000})
    assert page.status_code == 200  # the page says the query is too long rather than search part of it
    assert "Kata kunci terlalu panjang (maks. 100 karakter)" in page.content.decode()
    api = client.get("/api/v1/products", {"q": "x" * 10_000})
    assert api.status_code == 422 and api.json()["code"] == "validation_error"
    nul = client.get("/cari/?q=buku%00")
    assert nul.status_code == 400
    nul_api = client.get("/api/v1/products?q=%00")
    assert nul_api.status_code == 400 and nul_api.json()["code"] == "invalid_characters"


@pytest.mark.django_db
def test_an_over_long_query_finds_nothing_rather_than_its_first_100_characters(client, book):
    page = client.get("/cari/", {"q": "buku" + " materi" * 20})
    html = page.content.decode()
    assert page.status_code == 200 and "Kata kunci terlalu panjang (maks. 100 karakter)" in html
    assert book.name not in html
    assert book.name in client.get("/cari/", {"q": "buku materi"}).content.decode()


@pytest.mark.django_db
def test_an_over_long_city_filter_is_named_and_left_out(client, book):
    html = client.get("/cari/", {"city": "32.73" + "0" * 20}).content.decode()
    assert "Kota tidak dikenal, jadi diabaikan." in html and book.name in html
