"""Contact details are masked for the other side, the way marketplaces keep deals on the platform;
prices, order numbers and ordinary chat are left alone."""

import pytest

from niaga.chat.screening import MASK, screen


@pytest.mark.parametrize(
    ("text", "kind", "left"),
    [
        ("sms aja kak 0812-3456-7890", "phone", "sms aja kak"),
        ("nomorku 081234567890 ya", "phone", "nomorku"),
        ("hubungi 0812 3456 7890 sore", "phone", "hubungi"),
        ("0812.3456.7890", "phone", ""),
        ("+62 812-3456-7890", "phone", ""),
        ("(+62)81234567890", "phone", ""),
        ("62 812 3456 7890", "phone", ""),
        ("0 8 1 2 3 4 5 6 7 8 9 0", "phone", ""),
        ("telp toko (021) 5551234", "phone", "telp toko"),
        ("kirim ke budi.santoso@gmail.com", "email", "kirim ke"),
        ("budi @ gmail . com", "email", ""),
        ("budi(at)yahoo(dot)co", "email", ""),
        ("lebih murah di tokobudi.com/promo", "link", "lebih murah di"),
        ("https://bit.ly/diskon-50", "link", ""),
        ("wa.me/6281234567890", "link", ""),
        ("www.tokobudi.id", "link", ""),
        ("shopee.co.id/tokobudi", "link", ""),
        ("chat whatsapp saja", "contact_app", "chat"),
        ("langsung WA ya", "contact_app", "langsung"),
        ("DM ig aku kak", "contact_app", "DM"),
        ("add telegram", "contact_app", "add"),
    ],
)
def test_contact_details_are_masked(text, kind, left):
    screened = screen(text)
    assert kind in screened.flags
    assert MASK in screened.shown
    assert screened.shown.startswith(left)
    digits = sum(c.isdigit() for c in screened.shown)
    assert digits < 7  # no phone number can be read back from what is left


@pytest.mark.parametrize(
    "text",
    [
        "Harga Rp 150.000 ya kak",
        "Rp1.250.000 sudah termasuk ongkir",
        "Rp 85.000,00",
        "150rb nego tipis",
        "total 1.250.000 transfer lewat Niaga",
        "Pesanan INV/20261207/TOK/0812345678 sudah dikirim",
        "resi JNE CGK1234567890 ya",
        "resi SiCepat 000123456789012",
        "buka jam 08.00-17.00 WIB",
        "dikirim tanggal 08-12-2026",
        "berat 0,8 kg, ukuran 40 41 42 43",
        "stok 12 pcs, kirim 2-3 hari",
        "Wa'alaikumsalam kak, stok masih ada",
        "bawa pulang wangi",
        "Apakah online 24 jam?",
        "Kak, bisa kirim hari ini?",
    ],
)
def test_ordinary_messages_are_not_flagged(text):
    screened = screen(text)
    assert screened.flags == []
    assert screened.shown == text


def test_links_to_niaga_itself_are_welcome(settings):
    settings.NIAGA_PUBLIC_URL = "https://niaga.example"
    assert screen("cek https://niaga.example/toko-budi/novel ya").flags == []
    assert screen("cek https://tokolain.example.com/x").flags == ["link"]


def test_every_kind_found_is_named_once_in_a_stable_order():
    screened = screen("WA 0812-3456-7890 atau 0813 9999 8888, email a@b.com, web tokobudi.com")
    assert screened.flags == ["phone", "link", "email", "contact_app"]
    assert "0812" not in screened.shown and "a@b.com" not in screened.shown and "tokobudi" not in screened.shown
