"""Pages a person uses: the sandbox index, a bank app that pays a VA, an e-wallet app."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from niaga.core import clock
from niaga.core.templatetags.niaga import wib

from . import services
from .forms import BillForm, PinForm
from .models import Transaction
from .protocol import BILLER_CODE, CHANNELS, MERCHANT_ID, MERCHANT_NAME, STATUS_CODES, ApiError, Status, is_web_url

WALLETS = [c.code for c in CHANNELS.values() if c.is_wallet]
RECENT = 30
MERCHANT = f"{MERCHANT_NAME} (merchant {MERCHANT_ID})"


@require_GET
def index(request):
    pending = Transaction.objects.filter(status=Status.PENDING, expiry_time__gt=clock.now())[:RECENT]
    rows = [{"txn": txn, "pay_url": _pay_url(txn)} for txn in pending]
    return render(request, "sandbox/index.html", {"rows": rows, "biller_code": BILLER_CODE})


def _pay_url(txn: Transaction) -> str:
    if txn.channel in WALLETS:
        return reverse("sandbox:ewallet", kwargs={"transaction_id": txn.transaction_id})
    if txn.channel == "mandiri":
        query = {"bank": "mandiri", "biller_code": BILLER_CODE, "bill_key": txn.number}
    else:
        query = {"bank": txn.channel, "va_number": txn.number}
    return f"{reverse('sandbox:bank')}?{urlencode(query)}"


@require_http_methods(["GET", "POST"])
def bank(request):
    """GET with a number shows the bill (lookup changes nothing); POST pays it."""
    data = request.POST if request.method == "POST" else request.GET
    form = BillForm(data if "bank" in data else None)
    context = {"form": form, "biller_code": BILLER_CODE, "merchant": MERCHANT}
    if form.is_bound and form.is_valid():
        txn = services.find_bill(form.cleaned_data["bank"], form.cleaned_data["number"])
        if txn is None:
            context["notice"] = "Nomor tagihan tidak ditemukan. Periksa lagi bank dan nomornya."
        elif txn.status != Status.PENDING:
            context["notice"] = _closed_message(txn)
        elif request.method == "POST":
            context.update(_pay(txn))
        else:
            context["bill"] = txn
    return render(request, "sandbox/bank.html", context)


@require_http_methods(["GET", "POST"])
def ewallet(request, transaction_id):
    """The deeplink target: confirm a GoPay/ShopeePay charge with the PIN."""
    txn = Transaction.objects.filter(transaction_id=transaction_id, channel__in=WALLETS).first()
    if txn is None:
        return render(request, "sandbox/ewallet.html", {"missing": True}, status=404)
    txn = services.expire_if_due(txn)
    form = PinForm(request.POST if request.method == "POST" else None)
    context = {"txn": txn, "form": form, "merchant": MERCHANT}
    if txn.status != Status.PENDING:
        context["notice"] = _closed_message(txn)
    elif form.is_valid():
        context.update(_pay(txn))
        if context.get("paid") and is_web_url(txn.callback_url):
            return redirect(_back_to_merchant(txn))
    return render(request, "sandbox/ewallet.html", context)


def _back_to_merchant(txn: Transaction) -> str:
    """The callback URL with the result, as the wallet apps hand it back to the shop."""
    txn.refresh_from_db()
    query = urlencode(
        {"order_id": txn.order_id, "status_code": STATUS_CODES.get(txn.status, ""), "transaction_status": txn.status}
    )
    return f"{txn.callback_url}{'&' if '?' in txn.callback_url else '?'}{query}"


@require_GET
def ewallet_qr(request, transaction_id):
    """The `generate-qr-code` action: a QR of the deeplink, to open the wallet from a phone."""
    txn = get_object_or_404(Transaction, transaction_id=transaction_id, channel__in=WALLETS)
    url = request.build_absolute_uri(reverse("sandbox:ewallet", kwargs={"transaction_id": txn.transaction_id}))
    image = io.BytesIO()
    segno.make(url, error="m").save(image, kind="svg", scale=6, border=2)
    return HttpResponse(image.getvalue(), content_type="image/svg+xml")


def _pay(txn: Transaction) -> dict:
    try:
        return {"paid": services.settle(txn)}
    except ApiError:
        txn.refresh_from_db()  # expired or moved by someone else a moment ago
        return {"notice": _closed_message(txn)}


def _closed_message(txn: Transaction) -> str:
    if txn.status == Status.SETTLEMENT:
        return f"Tagihan ini sudah dibayar pada {wib(txn.settlement_time)}. Tidak perlu membayar lagi."
    if txn.status == Status.EXPIRE:
        return f"Tagihan ini sudah kedaluwarsa (batas bayar {wib(txn.expiry_time)}). Buat pesanan atau tagihan baru."
    if txn.status == Status.CANCEL:
        return "Tagihan ini sudah dibatalkan oleh penjual."
    return "Pembayaran ini ditolak."
