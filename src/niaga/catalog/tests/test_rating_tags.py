"""How cards write a product's figures: one decimal with a comma, units sold rounded as
marketplaces round them, five stars with a text for screen readers."""

from decimal import Decimal

import pytest

from niaga.catalog.templatetags.product_figures import rating, sold, stars


@pytest.mark.parametrize(
    ("value", "shown"),
    [(Decimal("4.75"), "4,8"), (Decimal("4.74"), "4,7"), (5, "5,0"), (Decimal("0"), "0,0"), (None, "")],
)
def test_an_average_has_one_decimal_and_a_comma(value, shown):
    assert rating(value) == shown


@pytest.mark.parametrize(
    ("units", "shown"),
    [
        (0, ""),
        (1, "1 terjual"),
        (999, "999 terjual"),
        (1000, "1 rb terjual"),
        (1234, "1,2 rb terjual"),
        (10_500, "10,5 rb terjual"),
        (250_000, "250 rb terjual"),
        (2_500_000, "2,5 jt terjual"),
    ],
)
def test_units_sold_are_rounded_down_as_marketplaces_show_them(units, shown):
    assert sold(units) == shown


def test_stars_fill_to_the_nearest_whole_and_say_the_average():
    html = stars(Decimal("3.6"))
    assert 'aria-label="3,6 dari 5 bintang"' in html and "★★★★<span" in html and 'class="stars-off">★<' in html
