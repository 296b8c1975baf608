"""A user's data as a ZIP: every table as CSV (for a spreadsheet) and JSON (for a program).

Each table is a query of one user's rows, read with `.iterator()` and written row by row into
the archive, so a buyer with ten thousand orders costs a chunk of rows in memory, never all.
What is in it: profile, addresses, orders as a buyer (lines, amounts, statuses, payment,
shipping), payments, chat (as a buyer, and the store's threads for a seller), reviews,
complaints and their messages, notifications, saldo movements, consents, security events; for a
seller also the store, its products and payouts (bank account numbers masked).
Nothing of another user's is in it beyond what this user was shown (a seller's replies in
their chat, the store's name on an order).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.utils import timezone

from niaga.accounts.models import Address, User
from niaga.aftersales.models import Complaint, ComplaintMessage
from niaga.audit.models import Event
from niaga.catalog.models import Product
from niaga.chat.models import Message, Side
from niaga.core import paymethods
from niaga.ledger import accounts as ledger_accounts
from niaga.ledger.models import Entry
from niaga.notifications.models import Notification
from niaga.orders.models import Order, OrderEvent, OrderLine
from niaga.payments.models import PaymentAttempt, Payout
from niaga.reviews.models import Review
from niaga.stores.models import Store

from .models import Consent, DataExport, ExportStatus

log = logging.getLogger(__name__)

CHUNK = 500
Row = dict[str, Any]


@dataclass(frozen=True)
class Table:
    name: str  # the file's stem in the archive
    title: str  # what it is, for LIHAT-SAYA.txt
    rows: Callable[[], Iterator[Row]]  # a fresh query each call: the CSV and the JSON are two passes


def when(moment: datetime | None) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def masked(number: str) -> str:
    """A bank account number as the seller's own pages show it: the last four digits."""
    number = number or ""
    return f"****{number[-4:]}" if len(number) > 4 else "****"


def method_label(code: str) -> str:
    found = paymethods.get(code)
    return found.label if found else code


def profile(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": user.pk,
        "email": user.email,
        "nama_lengkap": user.full_name,
        "nomor_hp": user.phone,
        "terdaftar": when(user.date_joined),
        "terakhir_masuk": when(user.last_login),
        "staf_operator": user.is_staff,
        "punya_toko": Store.objects.filter(owner=user).exists(),
    }
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        data["alamat_email"] = [
            {"email": e.email, "utama": e.primary, "terverifikasi": e.verified}
            for e in EmailAddress.objects.filter(user=user).order_by("pk")
        ]
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        # Which second factors exist, never their secrets.
        data["verifikasi_dua_langkah"] = [
            {"jenis": a.get_type_display(), "dibuat": when(a.created_at), "terakhir_dipakai": when(a.last_used_at)}
            for a in Authenticator.objects.filter(user=user).order_by("pk")
        ]
    return data


def _addresses(user: User) -> Iterator[Row]:
    for a in Address.objects.filter(user=user).order_by("pk").iterator(chunk_size=CHUNK):
        yield {
            "label": a.label,
            "nama_penerima": a.recipient_name,
            "nomor_hp": a.phone,
            "alamat": a.street,
            "kelurahan": a.village_name,
            "kecamatan": a.district_name,
            "kota_kabupaten": a.regency_name,
            "provinsi": a.province_name,
            "kode_pos": a.postal_code,
            "alamat_utama": a.is_default,
            "dibuat": when(a.created_at),
        }


def _orders(user: User) -> Iterator[Row]:
    rows = Order.objects.filter(buyer=user).select_related("group", "store").order_by("pk")
    for o in rows.iterator(chunk_size=CHUNK):
        address = o.shipping_address or {}
        yield {
            "nomor_pesanan": o.number,
            "kode_transaksi": o.group.code,
            "toko": o.store.name,
            "status": o.status_label,
            "dibuat": when(o.created_at),
            "dibayar": when(o.paid_at),
            "dikirim": when(o.shipped_at),
            "metode_pembayaran": method_label(o.group.payment_method),
            "kurir": o.courier_name,
            "estimasi_tiba": o.shipping_eta,
            "nomor_resi": o.awb,
            "subtotal": o.subtotal,
            "ongkos_kirim": o.shipping_cost,
            "total_pesanan": o.total,
            "biaya_layanan_transaksi": o.group.service_fee,
            "catatan": o.note,
            "penerima": address.get("recipient_name", ""),
            "nomor_hp_penerima": address.get("phone", ""),
            "alamat_kirim": ", ".join(
                str(address[k])
                for k in ("street", "village", "district", "regency", "province", "postal_code")
                if address.get(k)
            ),
        }


def _order_lines(user: User) -> Iterator[Row]:
    rows = OrderLine.objects.filter(order__buyer=user).select_related("order").order_by("order_id", "pk")
    for line in rows.iterator(chunk_size=CHUNK):
        yield {
            "nomor_pesanan": line.order.number,
            "produk": line.product_name,
            "varian": line.variant_name,
            "harga_satuan": line.unit_price,
            "jumlah": line.quantity,
            "jumlah_dibatalkan": line.cancelled_quantity,
            "total": line.line_total,
        }


def _order_events(user: User) -> Iterator[Row]:
    rows = OrderEvent.objects.filter(order__buyer=user).select_related("order").order_by("order_id", "pk")
    for e in rows.iterator(chunk_size=CHUNK):
        yield {
            "nomor_pesanan": e.order.number,
            "dari_status": e.get_from_status_display() if e.from_status else "",
            "ke_status": e.get_to_status_display(),
            "oleh": e.get_actor_role_display(),
            "alasan": e.reason,
            "waktu": when(e.created_at),
        }


def _payments(user: User) -> Iterator[Row]:
    rows = PaymentAttempt.objects.filter(group__buyer=user).select_related("group").order_by("pk")
    for p in rows.iterator(chunk_size=CHUNK):
        yield {
            "kode_transaksi": p.group.code,
            "metode": method_label(p.method),
            "status": p.get_status_display(),
            "jumlah": p.gross_amount,
            "nomor_va": p.va_number,
            "kartu": p.masked_card,
            "dibuat": when(p.created_at),
            "dibayar": when(p.paid_at),
        }


def _messages(user: User, *, side: Side) -> Iterator[Row]:
    """Chat as this side saw it: its own messages as written, the other side's as shown to it."""
    if side == Side.BUYER:
        rows = Message.objects.filter(conversation__buyer=user)
    else:
        rows = Message.objects.filter(conversation__store__owner=user)
    rows = rows.select_related("conversation__store", "conversation__buyer", "order").order_by("pk")
    for m in rows.iterator(chunk_size=CHUNK):
        conversation = m.conversation
        yield {
            "percakapan": conversation.pk,
            "dengan": conversation.store.name if side == Side.BUYER else conversation.buyer.get_short_name(),
            "pengirim": "Anda" if m.side == side else m.get_side_display(),
            "pesan": m.body_for(side),
            "ada_gambar": bool(m.image),
            "kartu_pesanan": m.order.number if m.order_id and m.order else "",
            "waktu": when(m.created_at),
        }


def _reviews(user: User) -> Iterator[Row]:
    rows = Review.objects.filter(buyer=user).select_related("order", "product").order_by("pk")
    for r in rows.iterator(chunk_size=CHUNK):
        yield {
            "nomor_pesanan": r.order.number,
            "produk": r.product.name,
            "varian": r.variant_name,
            "bintang": r.rating,
            "ulasan": r.text,
            "sembunyikan_nama": r.anonymous,
            "ditulis": when(r.created_at),
            "diubah": when(r.edited_at),
            "bintang_sebelumnya": r.previous_rating or "",
            "ulasan_sebelumnya": r.previous_text,
            "balasan_penjual": r.reply,
            "disembunyikan_operator": bool(r.hidden_at),
        }


def _complaints(user: User) -> Iterator[Row]:
    rows = Complaint.objects.filter(buyer=user).select_related("order", "store").order_by("pk")
    for c in rows.iterator(chunk_size=CHUNK):
        yield {
            "nomor_komplain": c.number,
            "nomor_pesanan": c.order.number,
            "toko": c.store.name,
            "alasan": c.get_reason_display(),
            "solusi_diminta": c.get_resolution_display(),
            "deskripsi": c.description,
            "status": c.status_label,
            "dana_dikembalikan": c.refund_amount,
            "dibuat": when(c.created_at),
            "selesai": when(c.resolved_at),
        }


def _complaint_messages(user: User) -> Iterator[Row]:
    rows = ComplaintMessage.objects.filter(complaint__buyer=user).select_related("complaint").order_by("pk")
    for m in rows.iterator(chunk_size=CHUNK):
        yield {
            "nomor_komplain": m.complaint.number,
            "dari": "Anda" if m.author_id == user.pk else m.get_role_display(),
            "pesan": m.body,
            "waktu": when(m.created_at),
        }


def _notifications(user: User) -> Iterator[Row]:
    for n in Notification.objects.filter(user=user).order_by("pk").iterator(chunk_size=CHUNK):
        yield {
            "judul": n.title,
            "isi": n.body,
            "tautan": n.url,
            "dibuat": when(n.created_at),
            "dibaca": when(n.read_at),
        }


def _saldo(user: User) -> Iterator[Row]:
    """The entries of the user's saldo account in the ledger, with the balance after each."""
    rows = (
        Entry.objects.filter(account__code=ledger_accounts.buyer_saldo(user.pk))
        .select_related("transaction")
        .order_by("transaction__created_at", "transaction_id", "pk")
    )
    balance = 0
    for e in rows.iterator(chunk_size=CHUNK):
        balance += e.amount
        yield {
            "waktu": when(e.transaction.created_at),
            "jenis": e.transaction.kind,
            "referensi": e.transaction.reference,
            "keterangan": e.transaction.memo,
            "jumlah": e.amount,
            "saldo_setelahnya": balance,
        }


def _consents(user: User) -> Iterator[Row]:
    for c in Consent.objects.filter(user=user).order_by("pk").iterator(chunk_size=CHUNK):
        yield {
            "jenis": c.kind_label,
            "setuju": c.granted,
            "waktu": when(c.at),
            "dari": c.source_label,
            "alamat_ip": c.ip,
            "perangkat": c.user_agent,
            "versi_teks": c.text_version,
        }


def _security(user: User) -> Iterator[Row]:
    for e in Event.objects.filter(user=user).order_by("pk").iterator(chunk_size=CHUNK):
        yield {
            "waktu": when(e.at),
            "tindakan": e.action,
            "oleh_anda": e.actor_id == user.pk,
            "alamat_ip": e.ip,
            "perangkat": e.user_agent,
            "perubahan": json.dumps(e.changes, ensure_ascii=False, default=str) if e.changes else "",
            "keterangan": e.note,
        }


def _products(store: Store) -> Iterator[Row]:
    rows = Product.objects.filter(store=store).select_related("category").order_by("pk")
    for p in rows.iterator(chunk_size=CHUNK):
        yield {
            "nama": p.name,
            "kategori": p.category.name,
            "harga": p.price,
            "berat_gram": p.weight_grams,
            "kondisi": p.get_condition_display(),
            "aktif": p.is_active,
            "terjual": p.units_sold,
            "dibuat": when(p.created_at),
        }


def _payouts(store: Store) -> Iterator[Row]:
    for p in Payout.objects.filter(store=store).order_by("pk").iterator(chunk_size=CHUNK):
        yield {
            "jumlah": p.amount,
            "bank": p.get_bank_display(),
            "nomor_rekening": masked(p.account_number),
            "nama_pemilik": p.account_name,
            "status": p.get_status_display(),
            "diajukan": when(p.created_at),
        }


def store_profile(store: Store) -> dict[str, Any]:
    return {
        "nama": store.name,
        "alamat_toko": f"/toko/{store.slug}/",
        "deskripsi": store.description,
        "kota": store.city_name,
        "provinsi": store.province_name,
        "telepon": store.contact_phone,
        "email_kontak": store.contact_email,
        "kebijakan_pengembalian": store.return_policy,
        "garansi": store.warranty_policy,
        "metode_pembayaran": [method_label(code) for code in store.payment_methods or []],
        "aktif": store.is_active,
        "dibuat": when(store.created_at),
    }


def tables(user: User) -> list[Table]:
    found = [
        Table("alamat", "buku alamat", lambda: _addresses(user)),
        Table("pesanan", "pesanan Anda sebagai pembeli", lambda: _orders(user)),
        Table("barang_pesanan", "barang di tiap pesanan", lambda: _order_lines(user)),
        Table("riwayat_pesanan", "perubahan status tiap pesanan", lambda: _order_events(user)),
        Table("pembayaran", "pembayaran dan percobaannya", lambda: _payments(user)),
        Table("chat", "chat Anda dengan penjual", lambda: _messages(user, side=Side.BUYER)),
        Table("ulasan", "ulasan yang Anda tulis", lambda: _reviews(user)),
        Table("komplain", "komplain Anda", lambda: _complaints(user)),
        Table("pesan_komplain", "pesan di komplain Anda", lambda: _complaint_messages(user)),
        Table("notifikasi", "notifikasi", lambda: _notifications(user)),
        Table("saldo", "mutasi saldo Anda", lambda: _saldo(user)),
        Table("persetujuan", "riwayat persetujuan pemasaran", lambda: _consents(user)),
        Table("keamanan", "jejak keamanan akun Anda", lambda: _security(user)),
    ]
    store = Store.objects.filter(owner=user).first()
    if store is not None:
        found += [
            Table("toko_chat", "chat toko Anda dengan pembeli", lambda: _messages(user, side=Side.SELLER)),
            Table("toko_produk", "produk toko Anda", lambda: _products(store)),
            Table("toko_penarikan", "penarikan saldo toko (nomor rekening disamarkan)", lambda: _payouts(store)),
        ]
    return found


def _write_json(archive: zipfile.ZipFile, name: str, data: Any) -> None:
    archive.writestr(name, json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _write_table(archive: zipfile.ZipFile, table: Table) -> None:
    with archive.open(f"{table.name}.csv", "w") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")  # the BOM: spreadsheets read UTF-8
        writer = None
        for row in table.rows():
            if writer is None:  # the columns are the first row's keys; an empty table is an empty file
                writer = csv.DictWriter(text, fieldnames=list(row))
                writer.writeheader()
            writer.writerow(row)
        text.flush()
        text.detach()
    with archive.open(f"{table.name}.json", "w") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8")
        text.write("[")
        for n, row in enumerate(table.rows()):
            text.write(("\n  " if n == 0 else ",\n  ") + json.dumps(row, ensure_ascii=False, default=str))
        text.write("\n]\n")
        text.flush()
        text.detach()


def _readme(user: User, found: list[Table], has_store: bool) -> str:
    lines = [
        "Salinan data pribadi Anda di Niaga",
        f"Dibuat: {when(timezone.now())}",
        "",
        "Hak Anda atas data ini diatur UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi.",
        "Setiap tabel ada dua kali: .csv (buka dengan spreadsheet) dan .json (untuk program).",
        "",
        "profil.json: akun Anda",
    ]
    if has_store:
        lines.append("toko.json: toko Anda")
    lines += [f"{t.name}.csv / {t.name}.json: {t.title}" for t in found]
    lines += ["", "Waktu ditulis dalam zona waktu Asia/Jakarta (WIB). Jumlah uang dalam Rupiah."]
    return "\n".join(lines) + "\n"


def write_archive(user: User, target) -> None:
    """Write the whole archive into `target` (a binary file object)."""
    found = tables(user)
    store = Store.objects.filter(owner=user).first()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LIHAT-SAYA.txt", _readme(user, found, store is not None))
        _write_json(archive, "profil.json", profile(user))
        if store is not None:
            _write_json(archive, "toko.json", store_profile(store))
        for table in found:
            _write_table(archive, table)


def build(export) -> None:
    """Build `export`'s archive into private storage (through a temporary file, streamed)."""
    from secrets import token_hex

    with tempfile.TemporaryFile(suffix=".zip") as tmp:
        write_archive(export.user, tmp)
        tmp.seek(0)
        name = f"data-niaga-{export.user_id}-{export.pk}-{token_hex(8)}.zip"
        export.file.save(name, File(tmp), save=False)
        export.size = export.file.size


# --- The jobs (privacy.tasks runs them) ----------------------------------------------------


def build_export(*, export_id: int) -> DataExport | None:
    """The job: write the archive, then mark it ready until NIAGA_DATA_EXPORT_DAYS from now."""
    export = DataExport.objects.select_related("user").filter(pk=export_id, status=ExportStatus.PENDING).first()
    if export is None:  # built already, or the account was deleted meanwhile
        return None
    try:
        build(export)
    except Exception:
        log.exception("data export %s failed", export_id)
        DataExport.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED, finished_at=timezone.now())
        return None  # the page says it failed; the user asks again
    now = timezone.now()
    export.status = ExportStatus.READY
    export.finished_at = now
    export.expires_at = now + timedelta(days=settings.NIAGA_DATA_EXPORT_DAYS)
    export.save(update_fields=["file", "size", "status", "finished_at", "expires_at"])
    return export


def expire_exports(*, now=None) -> int:
    """The sweep: files past their download window are deleted. Safe to run twice."""
    now = now or timezone.now()
    done = 0
    for export in DataExport.objects.filter(status=ExportStatus.READY, expires_at__lte=now).iterator():
        _drop_file(export)
        done += DataExport.objects.filter(pk=export.pk, status=ExportStatus.READY).update(status=ExportStatus.EXPIRED)
    return done


def _drop_file(export: DataExport) -> None:
    if export.file:
        export.file.delete(save=False)
