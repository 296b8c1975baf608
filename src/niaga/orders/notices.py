"""Tell the buyer and the seller when an order moves (the "notify" effect of status.EFFECTS).

Both see every move in the app. E-mail goes to the buyer for each move after payment, and
to the seller only when there is something to do: a paid order to pack, a complaint.
"""

from django.urls import reverse

from niaga.core.money import rupiah
from niaga.notifications.services import notify

from .effects import Move
from .status import Status

# (title for the buyer, title for the seller); None: that side is not told.
MESSAGES: dict[str, tuple[str | None, str | None]] = {
    Status.AWAITING_PAYMENT: ("Menunggu pembayaran", "Pesanan baru masuk (Menunggu Pembayaran)"),
    Status.TO_PACK: ("Pembayaran diterima", "Pesanan dibayar — Perlu Dikemas"),
    Status.READY_TO_SHIP: ("Pesanan siap dikirim", None),
    Status.SHIPPED: ("Pesanan dikirim", None),
    Status.DELIVERED: ("Pesanan sampai", "Pesanan sampai di pembeli"),
    Status.COMPLETED: ("Pesanan selesai", "Pesanan selesai"),
    Status.CANCELLED: ("Pesanan dibatalkan", "Pesanan dibatalkan"),
    Status.COMPLAINT: (None, "Pesanan dikomplain"),
    Status.RETURNED: ("Pesanan dikembalikan", "Pesanan dikembalikan"),
}
# What the buyer can do now, said under the news in their e-mail.
BUYER_NEXT: dict[str, str] = {
    Status.TO_PACK: "Tidak ada. Penjual sedang menyiapkan pesananmu; kami kabari lagi saat paket dikirim.",
    Status.READY_TO_SHIP: "Tunggu kurir menjemput paket. Nomor resi muncul di halaman pesanan.",
    Status.SHIPPED: "Lacak paketmu di halaman pesanan. Setelah paket sampai, tekan Pesanan Diterima.",
    Status.DELIVERED: "Periksa paketmu, lalu tekan Pesanan Diterima. Ada masalah? Ajukan komplain sebelum batas konfirmasi.",
    Status.COMPLETED: "Beri ulasan untuk membantu pembeli lain.",
    Status.CANCELLED: "Jika sudah membayar, dananya dikembalikan otomatis. Kamu bisa memesan lagi kapan saja.",
    Status.RETURNED: "Dana pesanan ini dikembalikan otomatis; cek Saldo Niaga atau metode pembayaranmu.",
}
# The moves that give the seller work: these are e-mailed, the rest stay in the app.
SELLER_EMAIL: dict[str, str] = {
    Status.TO_PACK: "Kemas pesanan dan cetak labelnya sebelum batas kirim di halaman pesanan.",
    Status.COMPLAINT: "Baca komplain pembeli dan tanggapi di Toko Saya sebelum batas waktunya.",
}


def tell_buyer_and_seller(move: Move) -> None:
    order, event = move.order, move.event
    buyer_title, seller_title = MESSAGES.get(event.to_status, (None, None))
    changed_in_place = event.from_status == event.to_status  # e.g. units cancelled after a short pick
    if changed_in_place:
        buyer_title, seller_title = "Pesanan diubah", None
    body = f"{order.number} · {rupiah(order.total)} · {Status(event.to_status).label}"
    if event.reason:
        body += f" — {event.reason}"
    # A new order tells the buyer by its payment page and the payment instructions e-mail.
    if buyer_title and event.to_status != Status.AWAITING_PAYMENT:
        notify(
            user=order.buyer,
            title=buyer_title,
            body=body,
            url=reverse("orders:detail", args=[order.pk]),
            next_step="" if changed_in_place else BUYER_NEXT.get(event.to_status, ""),
        )
    if seller_title and order.held and event.to_status == Status.TO_PACK:
        seller_title = None  # told on release (tell_seller_to_pack), once the review lets it go
    if seller_title:
        to_do = SELLER_EMAIL.get(event.to_status, "")
        notify(
            user=order.store.owner,
            title=seller_title,
            body=body,
            url=reverse("seller:order", args=[order.pk]),
            email=bool(to_do),
            next_step=to_do,
        )


def tell_seller_to_pack(order) -> None:
    """The notice a paid order gives its seller, sent when a held order is released."""
    title = MESSAGES[Status.TO_PACK][1] or ""
    notify(
        user=order.store.owner,
        title=title,
        body=f"{order.number} · {rupiah(order.total)} · {Status.TO_PACK.label} — lolos peninjauan",
        url=reverse("seller:order", args=[order.pk]),
        email=True,
        next_step=SELLER_EMAIL[Status.TO_PACK],
    )
