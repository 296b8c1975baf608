"""The demo marketplace: three stores in three cities and sixty everyday Indonesian products."""

from typing import Any

STORES: list[dict[str, Any]] = [
    {
        "slug": "toko-buku-ilmu",
        # The warehouse couriers pick parcels up from (the demo loader sets it).
        "pickup": {
            "street": "Jl. Cik Di Tiro No. 18, RT 2/RW 1",
            "province_code": "34",
            "regency_code": "34.71",
            "district_code": "34.71.03",
            "village_code": "34.71.03.1005",
            "postal_code": "55223",
            "contact_name": "Sari Wulandari",
            "phone": "0274-512345",
        },
        "name": "Toko Buku Ilmu",
        "city_code": "34.71",  # Kota Yogyakarta
        "owner": ("penjual@niaga.local", "Sari Wulandari"),
        "description": "Buku kuliah, alat tulis dan perlengkapan belajar. Kirim setiap hari dari Jogja.",
        "return_policy": "Retur 7 hari bila barang rusak atau salah kirim, sertakan video unboxing.",
        "warranty_policy": "Tidak ada garansi untuk buku; alat tulis elektronik garansi toko 30 hari.",
    },
    {
        "slug": "gadget-murah-bandung",
        # The warehouse couriers pick parcels up from (the demo loader sets it).
        "pickup": {
            "street": "Jl. Ir. H. Juanda No. 120 (Dago)",
            "province_code": "32",
            "regency_code": "32.73",
            "district_code": "32.73.02",
            "village_code": "32.73.02.1004",
            "postal_code": "40135",
            "contact_name": "Rizky Pratama",
            "phone": "0812-2200-1234",
        },
        "name": "Gadget Murah Bandung",
        "city_code": "32.73",  # Kota Bandung
        "owner": ("gadget@niaga.local", "Rizky Pratama"),
        "description": "Aksesoris handphone dan elektronik original, bergaransi.",
        "return_policy": "Retur 3 hari untuk barang cacat pabrik.",
        "warranty_policy": "Garansi resmi distributor 1 tahun untuk elektronik.",
    },
    {
        "slug": "dapur-nusantara",
        # The warehouse couriers pick parcels up from (the demo loader sets it).
        "pickup": {
            "street": "Jl. Raya Gubeng No. 44",
            "province_code": "35",
            "regency_code": "35.78",
            "district_code": "35.78.08",
            "village_code": "35.78.08.1001",
            "postal_code": "60281",
            "contact_name": "Dewi Lestari",
            "phone": "0813-3300-5678",
        },
        "name": "Dapur Nusantara",
        "city_code": "35.78",  # Kota Surabaya
        "owner": ("dapur@niaga.local", "Dewi Lestari"),
        "description": "Camilan, bumbu dan kebutuhan rumah tangga dari Surabaya.",
        "return_policy": "Makanan tidak dapat diretur kecuali kemasan rusak saat diterima.",
        "warranty_policy": "",
    },
]

# Niaga's fulfillment center, where the last demo store ships from.
FULFILLMENT_CENTER = {
    "street": "Kawasan Industri Jababeka II, Jl. Industri Selatan 5 Blok GG",
    "province_code": "32",
    "regency_code": "32.16",
    "district_code": "32.16.09",
    "village_code": "32.16.09.2010",
    "postal_code": "17534",
    "contact_name": "Tim Gudang Niaga Cikarang",
    "phone": "021-8934000",
}

# (store slug, category slug, name, price, weight grams, stock, condition)
PRODUCTS = [
    ("toko-buku-ilmu", "buku-alat-tulis", "Buku Materi Kuliah Digital", 5000, 200, 1, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Buku Pengantar Ekonomi Mikro Edisi 7", 125000, 800, 12, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Kamus Lengkap Inggris-Indonesia", 89000, 900, 20, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Novel Laskar Pelangi", 79000, 400, 15, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Buku Tulis Sidu 58 Lembar (isi 10)", 42000, 1100, 50, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Pulpen Gel Standard AE7 Hitam (1 lusin)", 24000, 150, 80, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Stabilo Boss Original Set 4 Warna", 36000, 120, 35, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Map Plastik Kancing A4 (isi 12)", 18500, 300, 40, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Buku Bekas Kalkulus Purcell Jilid 1", 45000, 700, 3, "used"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Kalkulator Scientific Casio FX-991ID Plus", 265000, 250, 9, "new"),
    ("toko-buku-ilmu", "mainan-hobi", "Puzzle Peta Indonesia 500 Keping", 95000, 600, 7, "new"),
    ("toko-buku-ilmu", "mainan-hobi", "Cat Akuarel Sakura 24 Warna", 87000, 350, 10, "new"),
    ("toko-buku-ilmu", "mainan-hobi", "Kertas Origami Warna-warni 100 Lembar", 15000, 200, 60, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Tas Ransel Kuliah Anti Air", 159000, 700, 14, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Papan Tulis Whiteboard 40x60 cm", 68000, 1500, 8, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Buku Agenda Kulit 2027", 55000, 450, 25, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Pensil 2B Faber-Castell (isi 12)", 33000, 200, 45, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Binder A5 20 Ring Motif Batik", 47000, 400, 18, "new"),
    ("toko-buku-ilmu", "buku-alat-tulis", "Buku Panduan Skripsi dan Metodologi Penelitian", 98000, 500, 11, "new"),
    ("toko-buku-ilmu", "mainan-hobi", "Rubik 3x3 Speed Cube", 39000, 150, 22, "new"),
    ("gadget-murah-bandung", "handphone-aksesoris", "Charger Fast Charging 33W USB-C", 89000, 150, 30, "new"),
    ("gadget-murah-bandung", "handphone-aksesoris", "Kabel Data Type-C 1 Meter Braided", 25000, 80, 100, "new"),
    ("gadget-murah-bandung", "handphone-aksesoris", "Powerbank 10000mAh Slim", 179000, 250, 25, "new"),
    ("gadget-murah-bandung", "handphone-aksesoris", "Tempered Glass Anti Gores Full Cover", 15000, 50, 200, "new"),
    ("gadget-murah-bandung", "handphone-aksesoris", "Casing HP Silikon Bening Anti Crack", 20000, 60, 150, "new"),
    ("gadget-murah-bandung", "handphone-aksesoris", "Holder HP Motor Anti Getar", 65000, 300, 20, "new"),
    ("gadget-murah-bandung", "elektronik", "TWS Earbuds Bluetooth 5.3", 149000, 120, 40, "new"),
    ("gadget-murah-bandung", "elektronik", "Speaker Bluetooth Portable Bass", 199000, 500, 15, "new"),
    ("gadget-murah-bandung", "elektronik", "Mouse Wireless Silent Click", 75000, 120, 35, "new"),
    ("gadget-murah-bandung", "elektronik", "Keyboard Mekanikal RGB 87 Tombol", 385000, 900, 10, "new"),
    ("gadget-murah-bandung", "elektronik", "Flashdisk 64GB USB 3.2", 79000, 30, 60, "new"),
    ("gadget-murah-bandung", "elektronik", "Lampu LED Meja Belajar Lipat", 99000, 600, 18, "new"),
    ("gadget-murah-bandung", "elektronik", "Webcam Full HD 1080p dengan Mikrofon", 249000, 300, 12, "new"),
    ("gadget-murah-bandung", "elektronik", "Stop Kontak 4 Lubang dengan USB", 85000, 400, 28, "new"),
    ("gadget-murah-bandung", "handphone-aksesoris", "Smartwatch Layar AMOLED 1,8 inci", 459000, 200, 8, "new"),
    ("gadget-murah-bandung", "handphone-aksesoris", "Ring Light 26 cm dengan Tripod", 135000, 1200, 10, "new"),
    ("gadget-murah-bandung", "elektronik", "Laptop Bekas ThinkPad X270 i5 8GB", 3250000, 1800, 2, "used"),
    ("gadget-murah-bandung", "handphone-aksesoris", "HP Bekas Samsung Galaxy A52 8/128", 2450000, 400, 1, "used"),
    ("gadget-murah-bandung", "olahraga", "Botol Minum Olahraga 1 Liter", 45000, 250, 40, "new"),
    ("gadget-murah-bandung", "olahraga", "Matras Yoga 6 mm Anti Slip", 119000, 1100, 12, "new"),
    ("dapur-nusantara", "makanan-minuman", "Keripik Singkong Balado 250 g", 18000, 280, 70, "new"),
    ("dapur-nusantara", "makanan-minuman", "Sambal Bawang Bu Rudy 150 g", 38000, 250, 45, "new"),
    ("dapur-nusantara", "makanan-minuman", "Kopi Bubuk Robusta Lampung 500 g", 65000, 550, 30, "new"),
    ("dapur-nusantara", "makanan-minuman", "Teh Melati Tubruk 250 g", 21000, 270, 55, "new"),
    ("dapur-nusantara", "makanan-minuman", "Kerupuk Udang Sidoarjo 500 g", 42000, 550, 35, "new"),
    ("dapur-nusantara", "makanan-minuman", "Madu Hutan Asli 500 ml", 95000, 800, 20, "new"),
    ("dapur-nusantara", "makanan-minuman", "Bumbu Rawon Instan (isi 5)", 27500, 300, 40, "new"),
    ("dapur-nusantara", "makanan-minuman", "Gula Aren Organik 1 kg", 48000, 1050, 25, "new"),
    ("dapur-nusantara", "makanan-minuman", "Almond Panggang 250 g", 69000, 270, 22, "new"),
    ("dapur-nusantara", "makanan-minuman", "Lapis Legit Premium 20x20", 235000, 1300, 6, "new"),
    ("dapur-nusantara", "rumah-tangga", "Panci Presto 8 Liter", 289000, 3500, 7, "new"),
    ("dapur-nusantara", "rumah-tangga", "Wajan Anti Lengket 28 cm", 149000, 1200, 14, "new"),
    ("dapur-nusantara", "rumah-tangga", "Set Pisau Dapur Stainless 6 in 1", 99000, 900, 16, "new"),
    ("dapur-nusantara", "rumah-tangga", "Rice Cooker 1,8 Liter Digital", 429000, 3200, 5, "new"),
    ("dapur-nusantara", "rumah-tangga", "Toples Kaca Kedap Udara Set 3", 79000, 1600, 20, "new"),
    ("dapur-nusantara", "rumah-tangga", "Sapu Ijuk dan Pengki Set", 55000, 1400, 12, "new"),
    ("dapur-nusantara", "kesehatan-kecantikan", "Minyak Kayu Putih 120 ml", 42000, 200, 50, "new"),
    ("dapur-nusantara", "kesehatan-kecantikan", "Jamu Beras Kencur Botol 250 ml (isi 6)", 60000, 1700, 15, "new"),
    ("dapur-nusantara", "kesehatan-kecantikan", "Sabun Sereh Wangi Handmade (isi 3)", 35000, 300, 30, "new"),
    ("dapur-nusantara", "fashion-wanita", "Kain Batik Tulis Pekalongan 2 m", 325000, 400, 5, "new"),
]

# The demo's flash sale: (product name, flash price, quota, limit per buyer). It runs for a day
# from whenever `make run` starts and finds none running, so the home banner, the product
# page's countdown and "Beli Sekarang" can be tried at once.
FLASH_SALE = [
    ("TWS Earbuds Bluetooth 5.3", 99000, 20, 2),
    ("Kopi Bubuk Robusta Lampung 500 g", 45000, 15, 2),
    ("Kamus Lengkap Inggris-Indonesia", 59000, 10, 1),
]
