"""QRIS build/parse: round trips, CRC, malformed input, and real payloads published on GitHub."""

import pytest

from niaga.core import qris
from niaga.core.qris import QrisError, build, crc16, parse, with_amount

# Real QRIS strings copied verbatim from public repositories (each CRC verified by crc16 below).

# verssache/qris-dinamis, qris.php (commit d0faa05064761c76e5015ed761f64a2951b9fa4b), DANA static QRIS.
WARUNG_SAYUR = (
    "00020101021126570011ID.DANA.WWW011893600915302259148102090225914810303UMI"
    "51440014ID.CO.QRIS.WWW0215ID10200176114730303UMI5204581253033605802ID"
    "5922Warung Sayur Bu Sugeng6010Kab. Demak610559567630458C7"
)
# razisek/Qris-Dinamis, qris.js (commit e3a3acf8ba5dbc48f0c07b0eec8b9ab5d93edec4), DANA static QRIS.
RAZISEK = (
    "00020101021126570011ID.DANA.WWW011893600915305112759002090511275900303UMI"
    "51440014ID.CO.QRIS.WWW0215ID10200381580170303UMI5204561153033605802ID"
    "5913Razisek Store6013Kab. Magelang6105564846304C7D1"
)
# alrescha79-cmd/bot-vpn, docs/QRIS_SETUP.md (commit fd7b0e8e1150bee4d4daffdd69b7c7ad0e2a76ce), DANA static QRIS.
SETORE = (
    "00020101021126570011ID.DANA.WWW011893600915319021669702091902166970303UMI"
    "51440014ID.CO.QRIS.WWW0215ID10254370410780303UMI5204654053033605802ID"
    "5906SeTORE600412286105621616304BB06"
)
# LostaMasta45/jobmate, PAKASIR_HOW_IT_WORKS.md (commit f163e7722dabcc5b0a2b6ee9caa1f8b224f10130):
# a dynamic QRIS returned by the Pakasir API (ShopeePay acquirer, amount "100003.00", tag 62.05 reference).
PAKASIR = (
    "00020101021226610016ID.CO.SHOPEE.WWW01189360091800216005230208216005230303UME"
    "51440014ID.CO.QRIS.WWW0215ID10243228429300303UME5204792953033605409100003.005802ID"
    "5907Pakasir6012KAB. KEBUMEN61055439262230519SP25RZRATEQI2HQ65Q46304A079"
)
REAL = [WARUNG_SAYUR, RAZISEK, SETORE, PAKASIR]

BASE = dict(
    merchant_name="Toko Niaga",
    merchant_city="Jakarta",
    nmid="ID1020012345678",
    merchant_pan="936000000012345678",
    merchant_id="012345678",
)


def sign(body: str) -> str:
    """Close a hand-made TLV body with a correct CRC, to test checks other than the CRC."""
    body += "6304"
    return body + crc16(body)


def test_crc16_known_vector():
    # The standard check value of CRC-16/CCITT-FALSE.
    assert crc16("123456789") == "29B1"
    assert crc16("") == "FFFF"


@pytest.mark.parametrize("payload", REAL)
def test_real_payloads_carry_a_valid_crc(payload):
    assert crc16(payload[:-4]) == payload[-4:]


def test_real_static_dana_payload():
    q = parse(WARUNG_SAYUR)
    assert q.dynamic is False
    assert q.merchant_name == "Warung Sayur Bu Sugeng"
    assert q.merchant_city == "Kab. Demak"
    assert q.postal_code == "59567"
    assert q.nmid == "ID1020017611473"
    assert q.merchant_criteria == "UMI"
    assert q.mcc == "5812"
    assert (q.currency, q.country, q.amount) == ("360", "ID", None)
    assert q.acquirers == [
        {
            "tag": "26",
            "domain": "ID.DANA.WWW",
            "pan": "936009153022591481",
            "merchant_id": "022591481",
            "criteria": "UMI",
        }
    ]
    assert (q.bill_number, q.reference, q.terminal) == ("", "", "")
    assert list(q.tags) == ["00", "01", "26", "51", "52", "53", "58", "59", "60", "61", "63"]
    assert q.tags["63"] == "58C7"


def test_real_static_payloads_other_merchants():
    q = parse(RAZISEK)
    assert (q.merchant_name, q.merchant_city, q.nmid, q.postal_code) == (
        "Razisek Store",
        "Kab. Magelang",
        "ID1020038158017",
        "56484",
    )
    assert q.mcc == "5611" and not q.dynamic

    q = parse(SETORE)
    assert (q.merchant_name, q.merchant_city, q.nmid) == ("SeTORE", "1228", "ID1025437041078")
    assert q.acquirers[0]["pan"] == "936009153190216697"


def test_real_dynamic_payload_with_decimal_amount_and_reference():
    q = parse(PAKASIR)
    assert q.dynamic is True
    assert q.amount == 100003  # "100003.00" on the wire
    assert (q.merchant_name, q.merchant_city, q.postal_code) == ("Pakasir", "KAB. KEBUMEN", "54392")
    assert (q.nmid, q.merchant_criteria) == ("ID1024322842930", "UME")
    assert q.acquirers[0]["domain"] == "ID.CO.SHOPEE.WWW"
    assert q.acquirers[0]["merchant_id"] == "21600523"
    assert q.reference == "SP25RZRATEQI2HQ65Q4"
    assert q.bill_number == "" and q.terminal == ""


def test_parse_strips_surrounding_whitespace_and_accepts_lowercase_crc():
    assert parse(f"  {RAZISEK}\n").merchant_name == "Razisek Store"
    assert parse(RAZISEK[:-4] + RAZISEK[-4:].lower()).nmid == "ID1020038158017"


@pytest.mark.parametrize("payload", REAL)
def test_one_crc_digit_changed_is_rejected(payload):
    last = payload[-1]
    tampered = payload[:-1] + ("0" if last != "0" else "1")
    with pytest.raises(QrisError, match="CRC"):
        parse(tampered)


def test_changed_character_elsewhere_is_a_crc_mismatch():
    # Same length, still well-formed TLV: only the CRC can catch it.
    tampered = WARUNG_SAYUR.replace("Bu Sugeng", "Bu Sugeni")
    with pytest.raises(QrisError, match="bad CRC"):
        parse(tampered)
    tampered = PAKASIR.replace("5409100003.00", "5409900003.00")
    with pytest.raises(QrisError, match="bad CRC"):
        parse(tampered)


@pytest.mark.parametrize(
    "payload, message",
    [
        ("", "empty"),
        ("   ", "empty"),
        (WARUNG_SAYUR[:-10], "truncated"),  # cut in the middle of tag 61
        (WARUNG_SAYUR[:-2], "truncated"),  # cut in the middle of the CRC value
        ("000201010211", "CRC"),  # no tag 63 at all
        ("00020101021152", "truncated field header"),
        (sign("00020101XX11"), "non-numeric length"),
        (sign("000201AB0211"), "bad tag"),
        (sign("00020101021126991234"), "truncated"),  # length larger than what follows
    ],
)
def test_structural_errors(payload, message):
    with pytest.raises(QrisError, match=message):
        parse(payload)


def test_bad_length_shifts_every_following_field():
    # 5922 -> 5921: the name swallows one byte less, so the next tag becomes "g6".
    with pytest.raises(QrisError):
        parse(WARUNG_SAYUR.replace("5922Warung", "5921Warung"))


def _static_body(**override):
    """The real Warung Sayur payload without its CRC, with top-level fields replaced."""
    tags = dict(parse(WARUNG_SAYUR).tags)
    del tags["63"]
    tags.update(override)
    return "".join(f"{tag}{len(value):02d}{value}" for tag, value in tags.items() if value is not None)


@pytest.mark.parametrize(
    "override, message",
    [
        ({"53": "840"}, "currency"),
        ({"58": "SG"}, "country"),
        ({"59": None}, "merchant name"),
        ({"60": None}, "merchant city"),
        ({"52": None}, "merchant category"),
        ({"01": "13"}, "tag 01"),
        ({"00": "02"}, "tag 00"),
        ({"51": "0014ID.CO.QRIS.WWW02XX"}, "tag 51"),  # broken sub-TLV
    ],
)
def test_semantic_errors(override, message):
    with pytest.raises(QrisError, match=message):
        parse(sign(_static_body(**override)))


def test_tag_00_must_come_first_and_63_last():
    body = _static_body()
    with pytest.raises(QrisError, match="tag 00"):
        parse(sign(body[6:] + "000201"))
    with pytest.raises(QrisError, match="last"):
        parse(sign(body) + "6802ID")


def test_duplicate_tag_is_rejected():
    with pytest.raises(QrisError, match="duplicate tag 59"):
        parse(sign(_static_body() + "5903BAD"))


@pytest.mark.parametrize("raw, expected", [("5000", 5000), ("5000.00", 5000), ("5000.0", 5000), ("1", 1)])
def test_amount_formats(raw, expected):
    body = _static_body(**{"01": "12"}).replace("5802ID", f"54{len(raw):02d}{raw}5802ID")
    assert parse(sign(body)).amount == expected


@pytest.mark.parametrize("raw", ["5000.50", "5000.05", "0", "0.00", "-500", "5,000", "5000.", "5000.000", "1e3"])
def test_bad_amounts_are_rejected(raw):
    body = _static_body(**{"01": "12"}).replace("5802ID", f"54{len(raw):02d}{raw}5802ID")
    with pytest.raises(QrisError, match="amount"):
        parse(sign(body))


# --- build -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"amount": 25000},
        {"postal_code": "10110"},
        {"amount": 1, "postal_code": "10110", "bill_number": "INV-001", "reference": "ORD-9", "terminal": "A01"},
        {"reference": "ORD-9"},
        {
            "amount": 999_999_999,
            "terminal": "K1",
            "criteria": "UBE",
            "mcc": "5812",
            "acquirer_domain": "ID.CO.BANK.WWW",
        },
    ],
)
def test_build_parse_round_trip(extra):
    payload = build(**BASE, **extra)
    q = parse(payload)
    assert q.payload == payload
    assert q.dynamic is ("amount" in extra)
    assert q.amount == extra.get("amount")
    assert (q.merchant_name, q.merchant_city, q.nmid) == ("Toko Niaga", "Jakarta", "ID1020012345678")
    assert q.postal_code == extra.get("postal_code", "")
    assert q.mcc == extra.get("mcc", "5399")
    assert (q.currency, q.country) == ("360", "ID")
    criteria = extra.get("criteria", "UMI")
    assert q.merchant_criteria == criteria
    assert q.acquirers == [
        {
            "tag": "26",
            "domain": extra.get("acquirer_domain", "ID.CO.NIAGA.WWW"),
            "pan": "936000000012345678",
            "merchant_id": "012345678",
            "criteria": criteria,
        }
    ]
    assert (q.bill_number, q.reference, q.terminal) == (
        extra.get("bill_number", ""),
        extra.get("reference", ""),
        extra.get("terminal", ""),
    )
    assert list(q.tags) == sorted(q.tags)  # ascending tag order
    assert ("62" in q.tags) == any(k in extra for k in ("bill_number", "reference", "terminal"))
    assert ("61" in q.tags) == ("postal_code" in extra)
    assert q.tags["51"].startswith("0014ID.CO.QRIS.WWW")
    assert payload[-4:] == crc16(payload[:-4]) and payload[-8:-4] == "6304"


def test_build_exact_static_payload():
    payload = build(**BASE)
    assert payload == sign(
        "000201010211"
        "26610015ID.CO.NIAGA.WWW011893600000001234567802090123456780303UMI"
        "51440014ID.CO.QRIS.WWW0215ID10200123456780303UMI"
        "520453995303360"
        "5802ID5910Toko Niaga6007Jakarta"
    )


def test_build_truncates_name_and_city_to_emvco_limits():
    long_names = {"merchant_name": "Warung Makan Sederhana Bu Sugeng", "merchant_city": "Kabupaten Banjarnegara"}
    q = parse(build(**{**BASE, **long_names}))
    assert q.merchant_name == "Warung Makan Sederhana Bu"
    assert q.merchant_city == "Kabupaten Banja"
    assert len(q.merchant_name) == 25 and len(q.merchant_city) == 15


@pytest.mark.parametrize("amount", [0, -1, 10.5, 5000.0, "5000", True])
def test_build_rejects_bad_amounts(amount):
    with pytest.raises(QrisError, match="amount"):
        build(**BASE, amount=amount)


@pytest.mark.parametrize(
    "override, message",
    [
        ({"merchant_name": "Toko Kué"}, "printable ASCII"),
        ({"merchant_city": "Jakarta\n"}, "printable ASCII"),
        ({"merchant_id": "9" * 100}, "maximum is 99"),
        ({"reference": "R" * 100}, "maximum is 99"),
        ({"merchant_name": ""}, "must not be empty"),
        ({"nmid": ""}, "must not be empty"),
        ({"criteria": "XYZ"}, "criteria"),
        ({"mcc": "53a9"}, "mcc"),
        # Each field fits, but the acquirer template around them would exceed 99.
        ({"merchant_id": "9" * 60, "merchant_pan": "9" * 20}, "acquirer template"),
    ],
)
def test_build_rejects_bad_values(override, message):
    with pytest.raises(QrisError, match=message):
        build(**{**BASE, **override})


# --- with_amount --------------------------------------------------------------------------------


def test_with_amount_on_real_static_payload():
    dynamic = with_amount(WARUNG_SAYUR, 15000)
    q = parse(dynamic)
    assert q.dynamic is True and q.amount == 15000
    assert (q.merchant_name, q.merchant_city, q.nmid) == ("Warung Sayur Bu Sugeng", "Kab. Demak", "ID1020017611473")
    assert list(q.tags) == ["00", "01", "26", "51", "52", "53", "54", "58", "59", "60", "61", "63"]
    # Nothing but 01, the new 54 and the CRC changed.
    body = WARUNG_SAYUR[:-8]  # without "6304" and the CRC
    assert dynamic == sign(body.replace("010211", "010212", 1).replace("5303360", "5303360" + "540515000", 1))


@pytest.mark.parametrize("payload", [RAZISEK, SETORE])
def test_with_amount_keeps_everything_else(payload):
    before, after = parse(payload), parse(with_amount(payload, 7))
    assert after.amount == 7 and after.dynamic
    for field in ("merchant_name", "merchant_city", "postal_code", "nmid", "mcc", "acquirers", "merchant_criteria"):
        assert getattr(after, field) == getattr(before, field)


def test_with_amount_replaces_an_existing_amount():
    q = parse(with_amount(PAKASIR, 50000))
    assert q.amount == 50000
    assert q.tags["54"] == "50000"
    assert q.reference == "SP25RZRATEQI2HQ65Q4"
    assert list(q.tags) == list(parse(PAKASIR).tags)


def test_with_amount_on_built_payload_matches_build_with_amount():
    assert with_amount(build(**BASE), 42000) == build(**BASE, amount=42000)


def test_with_amount_rejects_bad_input():
    with pytest.raises(QrisError, match="amount"):
        with_amount(WARUNG_SAYUR, 0)
    with pytest.raises(QrisError, match="CRC"):
        with_amount(WARUNG_SAYUR[:-1] + "0", 1000)


def test_qris_error_is_a_value_error():
    assert issubclass(QrisError, ValueError)
    assert set(qris.__all__) == {"Qris", "QrisError", "build", "crc16", "parse", "with_amount"}
