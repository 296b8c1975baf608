"""Writes for UU PDP: a copy of a user's data, their marketing consents, and deleting the account.

Deleting anonymises rather than removes: orders, the ledger, reviews and chats name the user's
row, and the law (UU KUP) and the sellers need those records. What goes and what stays is
listed in policy.py (ERASED, KEPT), which the deletion page shows.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from niaga import audit
from niaga.accounts.models import Address, ApiToken, User
from niaga.aftersales.models import Complaint
from niaga.aftersales.status import Status as ComplaintStatus
from niaga.cart.models import Cart
from niaga.catalog.models import Product
from niaga.chat.models import Message, Side
from niaga.core import edge
from niaga.core.clientip import client_ip
from niaga.core.errors import Conflict, DomainError, PermissionDenied
from niaga.core.money import rupiah
from niaga.core.private import private_storage
from niaga.notifications.models import Notification
from niaga.orders.models import Order
from niaga.orders.status import Status as OrderStatus
from niaga.payments import money
from niaga.payments.models import Payout
from niaga.shipping.models import Leg
from niaga.stores.models import Store

from . import policy, tasks
from .models import Consent, ConsentKind, ConsentSource, DataExport, ExportStatus

log = logging.getLogger(__name__)

DELETED_NAME = "Pengguna dihapus"
DELETED_DOMAIN = "pengguna-dihapus.invalid"  # RFC 2606: never delivered
FINISHED_ORDERS = (OrderStatus.COMPLETED, OrderStatus.CANCELLED, OrderStatus.RETURNED)
EXPORTS_PER_DAY = 3  # each one reads all of a user's rows: enough for a person, not for a script
OPEN_COMPLAINTS = ~Q(status__in=(ComplaintStatus.RESOLVED, ComplaintStatus.WITHDRAWN))


# --- Export ------------------------------------------------------------------------------


def request_export(*, user: User, request=None) -> DataExport:
    """Queue a copy of the user's data. One at a time: a copy still being made is answered as is."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # two clicks wait here, then see the first
        pending = DataExport.objects.filter(user=user, status=ExportStatus.PENDING).first()
        if pending is not None:
            return pending
        since = timezone.now() - timedelta(days=1)
        if DataExport.objects.filter(user=user, requested_at__gte=since).count() >= EXPORTS_PER_DAY:
            raise Conflict(
                f"Anda sudah meminta {EXPORTS_PER_DAY} salinan data dalam 24 jam terakhir. Unduh yang sudah ada, "
                "atau coba lagi besok.",
                code="too_many_exports",
            )
        export = DataExport.objects.create(user=user)
        audit.record("data.exported", user=user, request=request, target=export, note="salinan data diminta")
        transaction.on_commit(lambda: _queue_build(export.pk))
    return export


def _queue_build(export_id: int) -> None:
    tasks.build_export(export_id)


# --- Consent -----------------------------------------------------------------------------


def record_consent(user: User, kind: str, granted: bool, request=None, *, source: str = ConsentSource.PAGE) -> bool:
    """Record the user's choice for one kind of marketing, with when, from where and the text's
    version. Sign-up calls it with source=ConsentSource.SIGNUP. A choice equal to the one that
    holds adds nothing; returns whether a row was added."""
    if kind not in ConsentKind.values:
        raise DomainError("Jenis persetujuan tidak dikenal.", code="unknown_consent", fields={"kind": "Tidak dikenal."})
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        latest = Consent.objects.filter(user=user, kind=kind).order_by("-at", "-pk").first()
        if latest is not None and latest.granted == bool(granted):
            return False
        Consent.objects.create(
            user=user,
            kind=kind,
            granted=bool(granted),
            source=source,
            ip=client_ip(request) if request is not None else "",
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else "",
            text_version=policy.CONSENT_TEXTS[kind].version,
        )
        audit.record(
            "consent.changed",
            user=user,
            actor=user,
            request=request,
            changes={"kind": kind, "granted": bool(granted), "source": source},
        )
    return True


def set_consents(*, user: User, choices: dict[str, bool], request=None, source: str = ConsentSource.PAGE) -> int:
    """Several kinds at once (the page's checkboxes); returns how many changed."""
    return sum(record_consent(user, kind, granted, request, source=source) for kind, granted in choices.items())


# --- Deletion ----------------------------------------------------------------------------


def deletion_blockers(user: User) -> list[str]:
    """What must finish before the account can go, in words (empty: nothing)."""
    found: list[str] = []
    if user.is_staff or user.is_superuser:
        found.append("Akun operator tidak bisa dihapus sendiri: minta admin mencabut akses operator dulu.")
    orders = Order.objects.filter(buyer=user).exclude(status__in=FINISHED_ORDERS)
    if count := orders.count():
        first = orders.order_by("created_at").first()
        found.append(
            f"{count} pesanan Anda masih berjalan (mis. {first.number if first else ''}): "
            "tunggu sampai selesai atau batalkan dulu."
        )
    if count := Complaint.objects.filter(OPEN_COMPLAINTS, buyer=user).count():
        found.append(f"{count} komplain Anda masih diproses: selesaikan atau batalkan dulu.")
    saldo = money.saldo_of(user)
    if saldo:
        found.append(
            f"Saldo Anda {rupiah(saldo)}: gunakan untuk belanja dulu, atau hubungi Niaga untuk mengembalikannya."
        )
    store = Store.objects.filter(owner=user).first()
    if store is not None:
        found += _store_blockers(store)
    return found


def _store_blockers(store: Store) -> list[str]:
    found = []
    if count := Order.objects.filter(store=store).exclude(status__in=FINISHED_ORDERS).count():
        found.append(f"Toko Anda masih punya {count} pesanan berjalan: kirim atau selesaikan dulu.")
    if count := Complaint.objects.filter(OPEN_COMPLAINTS, store=store).count():
        found.append(f"Toko Anda masih punya {count} komplain terbuka: tanggapi sampai selesai dulu.")
    balances = money.seller_balances(store)
    if balances["pending"]:
        found.append(f"Dana {rupiah(balances['pending'])} masih ditahan untuk pesanan toko: tunggu sampai diteruskan.")
    if balances["available"]:
        found.append(f"Saldo toko {rupiah(balances['available'])} belum ditarik: tarik saldo dulu.")
    if balances["payout_pending"] or Payout.objects.filter(store=store, status=Payout.Status.REQUESTED).exists():
        found.append("Penarikan saldo toko masih diproses: tunggu sampai dibayarkan.")
    if owed := money.postage_owed(store.pk):
        found.append(f"Toko Anda masih berutang ongkos kirim retur {rupiah(owed)}.")
    return found


def has_second_factor(user: User) -> bool:
    if not apps.is_installed("allauth.mfa"):
        return False
    from allauth.mfa.utils import is_mfa_enabled

    return bool(is_mfa_enabled(user))


def _second_factor_ok(user: User, code: str) -> bool:
    """A code from the authenticator app, or one unused recovery code (allauth marks it used)."""
    from allauth.mfa.models import Authenticator

    code = (code or "").strip().replace(" ", "")
    if not code:
        return False
    for authenticator in Authenticator.objects.filter(
        user=user, type__in=(Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES)
    ):
        if authenticator.wrap().validate_code(code):
            authenticator.record_usage()
            return True
    return False


def confirm_identity(*, user: User, password: str, code: str = "") -> None:
    """The owner confirms: their password, and a second-factor code when they enrolled one."""
    errors = {}
    if not user.check_password(password or ""):
        errors["password"] = "Kata sandi salah."
    if has_second_factor(user) and not _second_factor_ok(user, code):
        errors["code"] = "Kode verifikasi dua langkah salah atau sudah dipakai."
    if errors:
        raise PermissionDenied("Konfirmasi tidak cocok. Akun tidak dihapus.", code="confirmation_failed", fields=errors)


@dataclass(frozen=True)
class Deleted:
    user_id: int
    placeholder_email: str


def delete_account(*, user: User, password: str, code: str = "", request=None) -> Deleted:
    """Check, confirm, then anonymise (`erase`). Refused with what must finish first."""
    confirm_identity(user=user, password=password, code=code)
    blockers = deletion_blockers(user)
    if blockers:
        raise Conflict(
            "Akun belum bisa dihapus: " + " ".join(blockers),
            code="deletion_blocked",
            fields={f"blocker_{n}": text for n, text in enumerate(blockers, 1)},
        )
    return erase(user=user, request=request)


def erase(*, user: User, request=None) -> Deleted:
    """Anonymise the account in one transaction (see policy.ERASED and policy.KEPT)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.deleted_at is not None:
            return Deleted(user.pk, user.email)
        blockers = deletion_blockers(user)  # again, under the lock: an order placed meanwhile
        if blockers:
            raise Conflict("Akun belum bisa dihapus: " + " ".join(blockers), code="deletion_blocked")
        old_email = user.email
        audit.record(
            "data.deleted", user=user, actor=user, request=request, target=user, note="akun dihapus pemiliknya"
        )
        for kind in ConsentKind.values:
            record_consent(user, kind, False, request, source=ConsentSource.ACCOUNT_DELETED)

        Address.objects.filter(user=user).delete()
        Cart.objects.filter(user=user).delete()
        Notification.objects.filter(user=user).delete()
        _end_access(user)
        for export in DataExport.objects.filter(user=user):
            path = export.file.name
            export.delete()
            if path:
                transaction.on_commit(partial(private_storage().delete, path))
        _scrub_records(user)
        store = Store.objects.filter(owner=user).first()
        if store is not None:
            Store.objects.filter(pk=store.pk).update(is_active=False, contact_phone="", contact_email="")
            Product.objects.filter(store=store).update(is_active=False)

        placeholder = f"dihapus-{user.pk}-{secrets.token_hex(6)}@{DELETED_DOMAIN}"
        user.email = placeholder
        user.full_name = DELETED_NAME
        user.phone = ""
        user.is_active = False
        user.is_staff = False
        user.deleted_at = timezone.now()
        user.set_unusable_password()  # also ends every session: their hash was the password's
        user.save()
        _forget_sign_ins(old_email)
    return Deleted(user.pk, placeholder)


def _end_access(user: User) -> None:
    tokens = list(ApiToken.objects.filter(user=user).values_list("digest", flat=True))
    ApiToken.objects.filter(user=user).delete()
    for digest in tokens:
        transaction.on_commit(partial(edge.withdraw_token, digest))
    if apps.is_installed("allauth.usersessions"):
        from allauth.usersessions.models import UserSession

        for session in UserSession.objects.filter(user=user):
            session.end()
    if apps.is_installed("allauth.mfa"):
        from allauth.mfa.models import Authenticator

        Authenticator.objects.filter(user=user).delete()
    if apps.is_installed("allauth.account"):
        from allauth.account.models import EmailAddress

        EmailAddress.objects.filter(user=user).delete()


def _forget_sign_ins(email: str) -> None:
    """Lockout records name the e-mail that was typed: it goes with the account."""
    if apps.is_installed("axes"):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username__iexact=email).delete()


def _scrub_records(user: User) -> None:
    """What the kept records hold of the user that they no longer need: the phone on their
    finished orders' address snapshots and after-sales parcels (the courier has delivered), and
    the unmasked text of their chat messages (the seller always saw the masked one)."""
    for order in Order.objects.filter(buyer=user).only("pk", "shipping_address").iterator(chunk_size=200):
        address = dict(order.shipping_address or {})
        if address.get("phone"):
            address["phone"] = ""
            Order.objects.filter(pk=order.pk).update(shipping_address=address)
    for leg in Leg.objects.filter(order__buyer=user).iterator(chunk_size=200):
        # A return leaves from the buyer; a replacement goes to them.
        field = "sender" if leg.kind == Leg.Kind.RETURN else "recipient"
        party = dict(getattr(leg, field) or {})
        if party.get("phone"):
            party["phone"] = ""
            Leg.objects.filter(pk=leg.pk).update(**{field: party})
    for message in Message.objects.filter(sender=user, side=Side.BUYER).only("pk", "body", "shown_body").iterator():
        if message.body != message.shown_body:
            Message.objects.filter(pk=message.pk).update(body=message.shown_body)
