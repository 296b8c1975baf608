import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from niaga.catalog import selectors, services
from niaga.catalog.selectors import SearchFilters
from niaga.conftest import png
from niaga.core import images
from niaga.core.errors import DomainError
from niaga.inventory.services import create_product_with_stock


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"price": 0}, "price"),
        ({"price": -5000}, "price"),
        ({"price": "lima ribu"}, "price"),
        ({"price": 12.5}, "price"),
        ({"name": ""}, "name"),
        ({"weight_grams": 0}, "weight_grams"),
        ({"condition": "rusak"}, "condition"),
        ({"category_id": 999999}, "category_id"),
    ],
)
def test_bad_products_are_refused(make_store, category, overrides, field):
    store = make_store()
    data = {"name": "Buku", "price": 5000, "weight_grams": 200, "category_id": category.pk, "stock": 1, **overrides}
    with pytest.raises(DomainError) as exc:
        create_product_with_stock(store=store, data=data)
    assert field in exc.value.fields
    assert not store.products.exists()


def test_a_non_image_upload_is_refused(make_store, category):
    fake = SimpleUploadedFile("virus.png", b"not an image", content_type="image/png")
    with pytest.raises(DomainError):
        create_product_with_stock(
            store=make_store(),
            data={"name": "Buku", "price": 5000, "weight_grams": 200, "category_id": category.pk},
            images=[fake],
        )


def test_a_product_gets_a_thumbnail_and_a_stable_url(make_store, make_product):
    product = make_product(make_store(slug="toko-ilmu"))
    image = product.images.get()
    assert image.thumbnail.name.endswith(".jpg")
    assert product.get_absolute_url() == "/p/toko-ilmu/buku-materi-kuliah-digital/"


def test_variants_each_have_their_own_price_and_stock(make_store, category):
    product = create_product_with_stock(
        store=make_store(),
        data={"name": "Kaos Polos", "price": 50000, "weight_grams": 200, "category_id": category.pk},
        variants=[{"name": "M", "stock": 3}, {"name": "XL", "price": 55000, "stock": 0}],
        images=[png()],
    )
    m, xl = product.variants.all()
    assert (m.unit_price, m.stock.available, xl.unit_price, xl.stock.available) == (50000, 3, 55000, 0)


def names(**filters):
    return [p.name for p in selectors.search_products(SearchFilters(**filters))]


def test_search_matches_every_word_and_the_last_as_a_prefix(make_store, make_product):
    store = make_store()
    make_product(store, name="Buku Materi Kuliah Digital")
    make_product(store, name="Buku Resep Masakan", description="Resep rumahan.")
    make_product(store, name="Pulpen Gel", description="Tinta hitam.")
    assert names(q="buku kul") == ["Buku Materi Kuliah Digital"]
    assert set(names(q="buku")) == {"Buku Materi Kuliah Digital", "Buku Resep Masakan"}
    assert names(q="sepeda") == []


def test_search_filters_by_price_city_condition_and_sorts(make_store, make_product):
    bandung, surabaya = make_store(city_code="32.73"), make_store(city_code="35.78")
    make_product(bandung, name="Buku A", price=10000)
    make_product(bandung, name="Buku B", price=30000, condition="used")
    make_product(surabaya, name="Buku C", price=20000)
    assert names(q="buku", sort="price_asc") == ["Buku A", "Buku C", "Buku B"]
    assert names(q="buku", min_price=15000, max_price=25000) == ["Buku C"]
    assert names(city="32.73", sort="price_desc") == ["Buku B", "Buku A"]
    assert names(q="buku", condition="used") == ["Buku B"]


def test_inactive_products_are_not_public(make_store, make_product):
    product = make_product(make_store())
    services.update_product(product=product, data={"is_active": False})
    assert names(q="buku") == []


def test_an_image_is_stored_redrawn_from_its_pixels_never_as_the_bytes_or_name_it_came_with(make_store, make_product):
    buf = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buf, "GIF")
    sneaky = SimpleUploadedFile("x.html", buf.getvalue() + b"<script>alert(1)</script>", content_type="text/html")
    image = services.add_image(product=make_product(make_store()), upload=sneaky)
    assert image.image.name.endswith(".jpg")
    with image.image.open("rb") as stored:
        assert b"<script>" not in stored.read()


def test_a_decompression_bomb_is_refused(make_store, make_product, monkeypatch):
    monkeypatch.setattr(images, "MAX_PIXELS", 100)
    with pytest.raises(DomainError, match="terlalu besar"):
        services.add_image(product=make_product(make_store()), upload=png(size=(20, 20)))
