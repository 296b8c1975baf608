from niaga.core.money import rupiah


def test_rupiah_uses_indonesian_grouping_without_decimals():
    assert rupiah(5000) == "Rp5.000"
    assert rupiah(1250000) == "Rp1.250.000"
    assert rupiah(0) == "Rp0"


def test_rupiah_prints_refunds_and_big_totals_the_same_way():
    assert rupiah(-5000) == "-Rp5.000"
    assert rupiah(10**12) == "Rp1.000.000.000.000"


def test_figures_use_a_comma_for_decimals_and_dots_for_thousands():
    from niaga.core.money import number

    assert number(0.0, 1) == "0,0"
    assert number(1234.5, 1) == "1.234,5"
    assert number(1234567) == "1.234.567"


def test_the_template_filter_reads_the_same_in_an_english_browser():
    from django.template import engines
    from django.utils import translation

    page = engines["django"].from_string("{% load niaga %}{{ x|angka:1 }} hari|{{ none|angka:1 }}|")
    with translation.override("en"):
        assert page.render({"x": 1234.0, "none": None}) == "1.234,0 hari||"
