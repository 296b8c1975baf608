from niaga.core.money import rupiah


def test_rupiah_uses_indonesian_grouping_without_decimals():
    assert rupiah(5000) == "Rp5.000"
    assert rupiah(1250000) == "Rp1.250.000"
    assert rupiah(0) == "Rp0"


def test_rupiah_prints_refunds_and_big_totals_the_same_way():
    assert rupiah(-5000) == "-Rp5.000"
    assert rupiah(10**12) == "Rp1.000.000.000.000"
