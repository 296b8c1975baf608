"""Every refusal the gateway sends, in the words a buyer reads: Bahasa Indonesia, never English.

Midtrans answers a refused request with `status_code`, an English `status_message` and, for
validation errors, `validation_messages`. The buyer sees one Indonesian sentence chosen here:
first by a known message (the most specific), then by status code, else a general one. The
card form's script (the token request goes from the browser straight to the gateway) reads
the same table, rendered into the payment page by `as_json`.
"""

from __future__ import annotations

DEFAULT = "Pembayaran tidak dapat diproses. Periksa data pembayaranmu atau coba metode lain."

# Known fragments of Midtrans' messages (lowercase), most specific first.
BY_MESSAGE: tuple[tuple[str, str], ...] = (
    ("card is expired", "Kartu sudah kedaluwarsa. Gunakan kartu lain."),
    ("card_exp", "Tanggal berlaku kartu tidak valid. Tulis bulan dan tahun seperti tertera di kartu, misalnya 12/30."),
    ("luhn", "Nomor kartu tidak valid. Periksa lagi 16 digit di kartumu."),
    ("card_number", "Nomor kartu tidak valid. Periksa lagi 16 digit di kartumu."),
    ("card_cvv", "CVV harus 3 atau 4 angka (di balik kartu)."),
    ("installment", "Cicilan ini tidak tersedia untuk kartu atau jumlah ini. Pilih bayar penuh atau tenor lain."),
    ("fraud", "Pembayaran ditolak oleh sistem keamanan. Coba kartu atau metode lain."),
    ("token id is missing, invalid, or timed out", "Sesi kartu sudah habis. Masukkan data kartu sekali lagi."),
    ("client_key", "Layanan pembayaran menolak permintaan ini. Muat ulang halaman lalu coba lagi."),
    ("denied", "Pembayaran ditolak oleh bank. Coba kartu atau metode lain."),
)

BY_CODE = {
    "202": "Pembayaran ditolak oleh bank atau penyedia. Coba kartu atau metode lain.",
    "400": "Data pembayaran tidak lengkap atau tidak valid. Periksa lagi lalu coba kembali.",
    "401": "Layanan pembayaran menolak akses toko. Coba lagi nanti atau pilih metode lain.",
    "402": "Metode pembayaran ini sedang tidak tersedia. Pilih metode lain.",
    "404": "Transaksi pembayaran tidak ditemukan.",
    "406": "Transaksi ini sudah pernah dibuat. Muat ulang halaman pembayaran.",
    "407": "Batas waktu pembayaran sudah lewat.",
    "411": "Sesi kartu sudah habis. Masukkan data kartu sekali lagi.",
    "412": "Status pembayaran ini tidak bisa diubah lagi.",
    "413": "Permintaan pembayaran tidak dapat dibaca. Coba lagi.",
    "414": "Pengembalian dana tidak dapat diproses saat ini.",
}


def in_indonesian(status_code: object = "", status_message: object = "", validation_messages: object = None) -> str:
    """The sentence a buyer reads for one refusal (never the gateway's English)."""
    texts = [str(status_message or "")]
    if isinstance(validation_messages, (list, tuple)):
        texts = [str(m) for m in validation_messages] + texts
    for text in texts:
        lowered = text.lower()
        for fragment, sentence in BY_MESSAGE:
            if fragment in lowered:
                return sentence
    return BY_CODE.get(str(status_code or ""), DEFAULT)


def as_json() -> dict:
    """The table for the card form's script (json_script), so both sides say the same."""
    return {"by_message": [list(pair) for pair in BY_MESSAGE], "by_code": BY_CODE, "default": DEFAULT}
