"""How to pay, step by step, in the words Indonesian banks and wallets use."""

from __future__ import annotations

from niaga.core.money import rupiah
from niaga.core.paymethods import MIN_INSTALLMENT_TOTAL


def installment_note(total: int) -> str:
    """Whether a card total can be paid in instalments, said before the buyer looks for it."""
    if total < MIN_INSTALLMENT_TOTAL:
        return f"Cicilan kartu kredit tersedia mulai {rupiah(MIN_INSTALLMENT_TOTAL)}; total ini dibayar penuh."
    return "Bisa dicicil 3, 6 atau 12 bulan dengan kartu kredit."


BANK_NAMES = {
    "bca": "BCA",
    "bni": "BNI",
    "bri": "BRI",
    "cimb": "CIMB Niaga",
    "permata": "Permata",
    "mandiri": "Mandiri",
}
_MOBILE = {
    "bca": "BCA mobile",
    "bni": "BNI Mobile Banking",
    "bri": "BRImo",
    "cimb": "OCTO Mobile",
    "permata": "PermataMobile X",
}


def steps(attempt) -> dict[str, list[str]]:
    amount = rupiah(attempt.gross_amount)
    if attempt.bank == "mandiri" and attempt.bill_key:
        return {
            "Livin' by Mandiri": [
                "Buka Livin' by Mandiri, pilih Bayar → E-Commerce.",
                f"Masukkan kode perusahaan {attempt.biller_code} (Midtrans).",
                f"Masukkan kode bayar {attempt.bill_key}.",
                f"Periksa tagihan {amount}, lalu konfirmasi dengan PIN.",
            ],
            "ATM Mandiri": [
                "Pilih Bayar/Beli → Lainnya → Multi Payment.",
                f"Masukkan kode perusahaan {attempt.biller_code}, lalu kode bayar {attempt.bill_key}.",
                f"Pastikan jumlah {amount}, lalu pilih Ya.",
            ],
        }
    if attempt.va_number:
        bank = BANK_NAMES.get(attempt.bank, attempt.bank.upper())
        return {
            _MOBILE.get(attempt.bank, "Mobile banking"): [
                f"Buka aplikasi {_MOBILE.get(attempt.bank, 'mobile banking')} dan masuk.",
                f"Pilih Transfer → Virtual Account {bank}.",
                f"Masukkan nomor Virtual Account {attempt.va_number}.",
                f"Periksa nama dan jumlah tagihan {amount}, lalu konfirmasi dengan PIN.",
            ],
            f"ATM {bank}": [
                "Masukkan kartu dan PIN.",
                f"Pilih Transaksi Lainnya → Transfer → Virtual Account {bank}.",
                f"Masukkan nomor {attempt.va_number}, periksa jumlah {amount}, lalu Benar/Ya.",
            ],
        }
    if attempt.payment_code:
        outlet = "Indomaret" if attempt.method == "indomaret" else "Alfamart"
        return {
            f"Kasir {outlet}": [
                f"Datang ke gerai {outlet} terdekat dan bilang ke kasir ingin membayar tagihan Midtrans/Niaga.",
                f"Sebutkan kode pembayaran {attempt.payment_code}.",
                f"Bayar tunai {amount}, lalu simpan struknya.",
                "Pesanan otomatis diproses setelah kasir mencatat pembayaran.",
            ]
        }
    if attempt.qr_string:
        return {
            "QRIS": [
                "Buka aplikasi e-wallet atau m-banking apa saja yang mendukung QRIS (GoPay, OVO, DANA, ShopeePay, LinkAja, ...).",
                "Pilih Bayar/Scan, lalu pindai kode QR di halaman ini.",
                f"Periksa nama merchant dan jumlah {amount}, lalu konfirmasi dengan PIN.",
            ]
        }
    if attempt.method in {"akulaku", "kredivo"}:
        app = "Akulaku" if attempt.method == "akulaku" else "Kredivo"
        return {
            app: [
                f'Tekan "Lanjutkan ke {app}" dan masuk ke akun {app}-mu.',
                f"Periksa tagihan {amount} dari Niaga, lalu setujui pembayaran.",
                "Kamu akan kembali ke Niaga dan pesanan langsung diproses.",
                # Midtrans' charge for PayLater carries no tenor: the lender offers its own terms
                # on its page, within the buyer's limit. Niaga is paid in full either way.
                f"Jangka waktu dan biaya cicilan ditentukan {app} sesuai limit akunmu; Niaga menerima pembayaran penuh.",
            ]
        }
    if attempt.method in {"gopay", "shopeepay"}:
        app = "GoPay" if attempt.method == "gopay" else "ShopeePay"
        return {
            app: [
                f'Tekan tombol "Bayar dengan {app}" untuk membuka aplikasi {app}.',
                f"Periksa jumlah {amount}, lalu masukkan PIN Anda.",
                "Pesanan otomatis diproses setelah pembayaran berhasil.",
            ]
        }
    return {}
