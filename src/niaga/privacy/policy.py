"""What Niaga keeps, why and for how long; what a deleted account loses and keeps; and the
wording each marketing consent was given under. The privacy page (/privasi/) and the deletion
page read these tables, so what the pages promise and what services.erase does stay together.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import ConsentKind

POLICY_VERSION = "2026-12-07"


@dataclass(frozen=True)
class ConsentText:
    version: str
    text: str


# A new wording gets a new version; rows keep the version they were given under.
CONSENT_TEXTS: dict[str, ConsentText] = {
    ConsentKind.EMAIL_PROMO: ConsentText(
        "2026-12-07", "Saya mau menerima promo, voucher, dan info kampanye Niaga lewat e-mail."
    ),
    ConsentKind.PUSH_PROMO: ConsentText(
        "2026-12-07", "Saya mau menerima promo dan info flash sale lewat notifikasi push di aplikasi."
    ),
}


@dataclass(frozen=True)
class Retention:
    what: str
    why: str
    how_long: str


RETENTION: list[Retention] = [
    Retention(
        "Akun: nama, e-mail, nomor HP, alamat",
        "Untuk masuk, mengirim pesanan, dan memberi kabar pesanan.",
        "Selama akun aktif. Saat akun dihapus, data ini dihapus atau dianonimkan.",
    ),
    Retention(
        "Pesanan, pembayaran, buku besar (saldo, escrow, penarikan), dan dokumen pajak",
        "Kewajiban pembukuan: UU No. 6/1983 tentang Ketentuan Umum dan Tata Cara Perpajakan (UU KUP) "
        "Pasal 28 mewajibkan catatan dan dokumen disimpan 10 tahun; penjual juga memerlukannya untuk pembukuannya.",
        "10 tahun sejak transaksi, juga setelah akun dihapus (tanpa nama, e-mail, dan nomor HP Anda).",
    ),
    Retention(
        "Alamat pengiriman yang tercatat di pesanan (nama penerima dan alamat)",
        "Bukti ke mana barang dikirim, untuk pembukuan penjual, retur, dan sengketa.",
        "Bersama pesanannya (10 tahun). Nomor HP penerima dihapus dari pesanan yang sudah selesai saat akun dihapus.",
    ),
    Retention(
        "Chat dengan penjual, komplain, dan ulasan",
        "Catatan kesepakatan dan sengketa bagi kedua pihak; ulasan membantu pembeli lain.",
        "Selama toko dan produknya ada. Setelah akun dihapus, ulasan tampil atas nama \u201cPengguna Niaga\u201d.",
    ),
    Retention(
        "Jejak keamanan (masuk, gagal masuk, verifikasi dua langkah, perubahan rekening, ekspor dan penghapusan data)",
        "Mendeteksi dan menyelidiki penyalahgunaan akun dan penipuan.",
        "5 tahun.",
    ),
    Retention(
        "Log server (alamat IP, halaman yang dibuka, waktu)",
        "Menjaga layanan tetap berjalan dan aman.",
        "30 hari.",
    ),
    Retention(
        "Persetujuan pemasaran (setuju atau tidak, kapan, dari mana, versi teks)",
        "Bukti bahwa Anda setuju, atau sudah menarik persetujuan.",
        "Selama akun ada, dan 5 tahun setelah ditarik atau akun dihapus.",
    ),
    Retention(
        "Salinan data yang Anda unduh",
        "Hak akses Anda atas data pribadi.",
        "Dihapus otomatis setelah masa unduh berakhir.",
    ),
]

# What deleting an account does (services.erase), said the same way on the deletion page.
ERASED = [
    "Nama diganti \u201cPengguna dihapus\u201d, e-mail diganti alamat acak yang tidak bisa menerima pesan, nomor HP dikosongkan.",
    "Semua alamat di buku alamat, keranjang, notifikasi, dan salinan data yang pernah dibuat dihapus.",
    "Semua sesi masuk, token aplikasi, dan verifikasi dua langkah diakhiri; akun tidak bisa dipakai masuk lagi.",
    "Persetujuan promo ditarik.",
    "Nomor HP penerima dihapus dari alamat pengiriman pesanan Anda.",
    "Teks asli pesan chat Anda diganti versi yang dilihat penjual (nomor telepon, tautan, dan e-mail tersamarkan).",
]
KEPT = [
    "Pesanan, pembayaran, dan catatan saldo: wajib disimpan 10 tahun (UU KUP) dan diperlukan penjual untuk "
    "pembukuannya. Nama penerima dan alamat kirim tetap tercatat di pesanan sebagai bukti pengiriman.",
    "Chat dan komplain tetap terbaca oleh penjual sebagai catatan kesepakatan dan sengketa.",
    "Ulasan tetap tampil atas nama \u201cPengguna Niaga\u201d.",
    "Jejak keamanan akun (5 tahun) dan riwayat persetujuan, sebagai bukti.",
    "Untuk penjual: data toko, produk, dan penarikan saldo (nomor rekening tersandi) tetap tercatat; toko dan "
    "produknya tidak tampil lagi.",
]
