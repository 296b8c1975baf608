"""The spreadsheet's columns: one place says what each is called and what it means, for the
template, the reader, the export and the "Petunjuk" sheet alike."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    help: str


STOCK_PREFIX = "Stok - "  # then the location's name, one column per warehouse of the store
IMAGE_COUNT = 5

COLUMNS: tuple[Column, ...] = (
    Column(
        "product_key",
        "SKU Induk",
        "Wajib. Baris dengan SKU Induk yang sama menjadi satu produk dengan beberapa varian. "
        "Untuk produk yang sudah ada, isi sesuai hasil ekspor.",
    ),
    Column(
        "variant_id",
        "ID Varian",
        "Diisi oleh ekspor; kosongkan untuk varian baru. Bila diisi, baris ini memperbarui varian itu.",
    ),
    Column(
        "sku", "SKU Varian", "Wajib dan unik di toko. Produk dengan SKU yang sudah ada diperbarui, bukan diduplikasi."
    ),
    Column("name", "Nama Produk", "Wajib untuk produk baru, maks. 120 karakter. Dibaca dari baris pertama produk."),
    Column("description", "Deskripsi", "Boleh kosong. Dibaca dari baris pertama produk."),
    Column("category", "Kategori", "Wajib untuk produk baru: nama kategori atau jalurnya (lihat lembar Kategori)."),
    Column("condition", "Kondisi", "Baru atau Bekas (kosong: Baru untuk produk baru)."),
    Column("weight", "Berat (gram)", "Wajib untuk produk baru: angka bulat 1 sampai 500.000."),
    Column("price", "Harga (Rp)", "Wajib untuk produk baru: angka bulat Rupiah, tanpa titik atau 'Rp'."),
    Column(
        "variant_name",
        "Nama Varian",
        "Wajib bila produk punya lebih dari satu baris (mis. 'Merah, XL'); kosong untuk produk tanpa varian.",
    ),
)
IMAGE_HEADERS = tuple(f"Gambar {i}" for i in range(1, IMAGE_COUNT + 1))
IMAGE_HELP = (
    "Satu gambar per kolom: nama berkas di dalam ZIP yang diunggah bersama (mis. kaos-merah.jpg), atau "
    "URL gambar yang dimulai dengan http:// atau https:// (mis. tautan gambar dari toko lama Anda). URL "
    "diambil saat berkas diperiksa; URL yang gagal diambil menjadi galat pada baris itu dan tidak ada yang "
    "diubah. Gambar yang sudah pernah diimpor ke produk itu (URL yang sama atau isi berkas yang sama) tidak "
    "ditambahkan lagi, jadi impor ulang aman. Produk yang gambarnya diunggah sendiri di Toko Saya tidak "
    "diubah gambarnya. Maks. 8 gambar per produk."
)
LIMITS_HELP = (
    "Maks. 20.000 baris dan 20 MB per berkas; ZIP gambar maks. 200 MB, 5 MB per gambar; maks. 2.000 URL "
    "gambar per berkas, tiap gambar dari URL maks. 5 MB dan diambil paling lama 30 detik."
)
STOCK_HELP = (
    "Satu kolom per gudang toko: stok yang tersedia untuk dijual di gudang itu (angka bulat, 0 sampai "
    "1.000.000). Angka ini menggantikan stok, bukan ditambahkan, sehingga impor ulang tidak menggandakan stok."
)
EMPTY_RULE = (
    "Sel kosong pada produk atau varian yang sudah ada berarti 'biarkan seperti sekarang'. "
    "Untuk produk baru, kolom wajib harus diisi. Berkas dengan satu galat pun tidak mengubah apa pun."
)
BY_HEADER = {c.header.lower(): c for c in COLUMNS}


def headers(location_names: list[str]) -> list[str]:
    return [c.header for c in COLUMNS] + [STOCK_PREFIX + n for n in location_names] + list(IMAGE_HEADERS)


def letter(index: int) -> str:
    """Spreadsheet column letter of a 0-based index (0 → A, 26 → AA)."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name
