"""Pages a person uses: the sandbox index, a bank app, an e-wallet app, an outlet cashier,
a QRIS scanner, a wallet's balance, a 3-D Secure page, a PayLater approval, the fault board."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from niaga.core import clock
from niaga.core.templatetags.niaga import rupiah, wib

from . import cards, faults, services, wallets
from .forms import (
    BillForm,
    CashierForm,
    DecisionForm,
    FaultForm,
    OtpForm,
    PinForm,
    QrisForm,
    WalletForm,
    parse_qris,
)
from .models import WALLET_LABELS, Transaction, WalletAccount
from .protocol import (
    BILLER_CODE,
    CHANNELS,
    MERCHANT_ID,
    MERCHANT_NAME,
    PAID,
    ApiError,
    Kind,
    Status,
    is_web_url,
    status_code,
)

WALLETS = [c.code for c in CHANNELS.values() if c.kind == Kind.WALLET]
RECENT = 30
MERCHANT = f"{MERCHANT_NAME} (merchant {MERCHANT_ID})"
MOVEMENTS_SHOWN = 10


@require_GET
def index(request):
    pending = Transaction.objects.filter(status=Status.PENDING, expiry_time__gt=clock.now())[:RECENT]
    rows = [{"txn": txn, "pay_url": _pay_url(txn)} for txn in pending]
    return render(request, "sandbox/index.html", {"rows": rows, "biller_code": BILLER_CODE})


def _pay_url(txn: Transaction) -> str:
    kind = txn.kind
    tid = {"transaction_id": txn.transaction_id}
    if kind == Kind.WALLET:
        return reverse("sandbox:ewallet", kwargs=tid)
    if kind == Kind.OUTLET:
        return f"{reverse('sandbox:kasir')}?{urlencode({'store': txn.channel, 'payment_code': txn.number})}"
    if kind == Kind.QRIS:
        return f"{reverse('sandbox:qris')}?{urlencode({'qr_string': txn.method_data.get('qr_string', '')})}"
    if kind == Kind.CARD:
        return reverse("sandbox:card-3ds", kwargs=tid)
    if kind == Kind.PAYLATER:
        return reverse("sandbox:paylater", kwargs=tid)
    if kind == Kind.BILL:
        query = {"bank": "mandiri", "biller_code": BILLER_CODE, "bill_key": txn.number}
    else:
        query = {"bank": txn.channel, "va_number": txn.number}
    return f"{reverse('sandbox:bank')}?{urlencode(query)}"


@require_http_methods(["GET", "POST"])
def bank(request):
    """GET with a number shows the bill (lookup changes nothing); POST pays it."""
    return _bill_page(
        request,
        BillForm,
        "bank",
        "sandbox/bank.html",
        "Nomor tagihan tidak ditemukan. Periksa lagi bank dan nomornya.",
        lambda data: services.find_bill(data["bank"], data["number"]),
        biller_code=BILLER_CODE,
    )


@require_http_methods(["GET", "POST"])
def kasir(request):
    """The outlet cashier: GET with a code shows the bill; POST ("Bayar Tunai") settles it."""
    return _bill_page(
        request,
        CashierForm,
        "payment_code",
        "sandbox/kasir.html",
        "Kode pembayaran tidak ditemukan. Periksa lagi gerai dan kodenya.",
        lambda data: services.find_bill(data["store"], data["payment_code"]),
    )


def _bill_page(request, form_class, key_field: str, template: str, not_found: str, find, **extra):
    """A counter where a person looks a bill up by number (GET) and pays it (POST)."""
    data = request.POST if request.method == "POST" else request.GET
    form = form_class(data if key_field in data else None)
    context = {"form": form, "merchant": MERCHANT, **extra}
    if form.is_bound and form.is_valid():
        txn = find(form.cleaned_data)
        if txn is None:
            context["notice"] = not_found
        elif txn.status != Status.PENDING:
            context["notice"] = _closed_message(txn)
        elif request.method == "POST":
            context.update(_pay(txn))
        else:
            context["bill"] = txn
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
def ewallet(request, transaction_id):
    """The deeplink target: confirm a GoPay/ShopeePay charge with the PIN; the wallet pays."""
    txn = Transaction.objects.filter(transaction_id=transaction_id, channel__in=WALLETS).first()
    if txn is None:
        return render(request, "sandbox/ewallet.html", {"missing": True}, status=404)
    txn = services.expire_if_due(txn)
    form = PinForm(request.POST if request.method == "POST" else None)
    context = {"txn": txn, "form": form, "merchant": MERCHANT, "demo_phone": wallets.DEMO_PHONE}
    if txn.status != Status.PENDING:
        context["notice"] = _closed_message(txn)
    elif form.is_valid():
        account = wallets.get_or_open(txn.channel, form.cleaned_data["phone"])
        context.update(_pay_from_wallet(txn, account))
        if context.get("paid") and is_web_url(txn.callback_url):
            return redirect(_back_to_merchant(txn, txn.callback_url))
    return render(request, "sandbox/ewallet.html", context)


def _back_to_merchant(txn: Transaction, url: str) -> str:
    """The return URL with the result, as wallets, 3-D Secure and lenders hand it back to the shop."""
    txn.refresh_from_db()
    query = urlencode({"order_id": txn.order_id, "status_code": status_code(txn), "transaction_status": txn.status})
    return f"{url}{'&' if '?' in url else '?'}{query}"


def _finish_url(txn: Transaction) -> str:
    """Cards may name their return (`credit_card.callback_url`); else the "dashboard" finish URL."""
    url = txn.callback_url or getattr(settings, "NIAGA_SANDBOX_FINISH_REDIRECT_URL", "") or ""
    return url if is_web_url(url) else ""


@require_GET
def ewallet_qr(request, transaction_id):
    """The `generate-qr-code` action: a QR of the deeplink, to open the wallet from a phone."""
    txn = get_object_or_404(Transaction, transaction_id=transaction_id, channel__in=WALLETS)
    url = request.build_absolute_uri(reverse("sandbox:ewallet", kwargs={"transaction_id": txn.transaction_id}))
    return _svg(url)


@require_GET
def qris_qr(request, transaction_id):
    """The QRIS charge's `generate-qr-code` action: the dynamic QRIS payload as an image."""
    txn = get_object_or_404(Transaction, transaction_id=transaction_id, channel="qris")
    return _svg(txn.method_data["qr_string"])


def _svg(text: str) -> HttpResponse:
    image = io.BytesIO()
    segno.make(text, error="m").save(image, kind="svg", scale=6, border=2)
    return HttpResponse(image.getvalue(), content_type="image/svg+xml")


@require_http_methods(["GET", "POST"])
def qris_scan(request):
    """A wallet app's "scan QRIS": GET with a payload shows the bill; POST pays from the wallet."""
    context: dict = {"merchant": MERCHANT, "demo_phone": wallets.DEMO_PHONE}
    if request.method == "POST":
        form = QrisForm(request.POST)
        if form.is_valid():
            txn, context["notice"] = _qris_bill(form.cleaned_data["qr_string"])
            if txn is not None:
                account = wallets.get_or_open(form.cleaned_data["wallet"], form.cleaned_data["phone"])
                context.update(_pay_from_wallet(txn, account, via_qris=True))
                context["bill"] = None if context.get("paid") else txn
        elif "qr_string" in form.cleaned_data:  # a wrong PIN or phone: keep showing the bill
            context["bill"], context["notice"] = _qris_bill(form.cleaned_data["qr_string"])
    else:
        payload = request.GET.get("qr_string", "")
        form = QrisForm(initial={"qr_string": payload})
        if payload:
            try:
                code = parse_qris(payload)
            except ValidationError as exc:
                context["notice"] = " ".join(exc.messages)
            else:
                context["bill"], context["notice"] = _qris_bill(code)
    context["form"] = form
    return render(request, "sandbox/qris.html", context)


def _qris_bill(code) -> tuple[Transaction | None, str]:
    """The open QRIS bill a scanned payload stands for, or why it cannot be paid."""
    if not code.dynamic or code.amount is None:
        return None, "Ini QRIS statis tanpa nominal. Di sandbox hanya QRIS dinamis dari tagihan yang bisa dibayar."
    reference = code.bill_number or code.reference
    txn = services.find_bill("qris", reference) if reference else None
    if txn is None:
        return None, "QRIS ini tidak terhubung dengan tagihan di sandbox. Periksa lagi kodenya."
    if txn.status != Status.PENDING:
        return None, _closed_message(txn)
    if code.amount != txn.gross_amount:
        return None, f"Nominal di QRIS ({rupiah(code.amount)}) tidak sama dengan tagihan ({rupiah(txn.gross_amount)})."
    return txn, ""


@require_http_methods(["GET", "POST"])
def dompet(request):
    """A sandbox wallet: "Cek Saldo" (GET wallet + phone) and "Isi Saldo" (POST with an amount)."""
    context: dict = {"demo_balance": wallets.demo_balance(), "demo_phone": wallets.DEMO_PHONE}
    data = request.POST if request.method == "POST" else request.GET
    form = WalletForm(data if "phone" in data else None)
    if form.is_bound and form.is_valid():
        wallet, phone = form.cleaned_data["wallet"], form.cleaned_data["phone"]
        context["lookup"] = {"label": WALLET_LABELS[wallet], "phone": phone}
        account = wallets.find(wallet, phone)
        if request.method == "POST":
            amount = form.cleaned_data.get("amount")
            if amount is None:
                form.add_error("amount", "Masukkan jumlah isi saldo.")
            else:
                account = wallets.get_or_open(wallet, phone)
                try:
                    account = wallets.top_up(account, amount)
                except ValueError:
                    form.add_error("amount", "Saldo sudah terlalu besar untuk diisi lagi.")
                else:
                    context["topped_up"] = amount
        if account is not None:
            context["account"] = account
            context["movements"] = account.movements.all()[:MOVEMENTS_SHOWN]
    context["form"] = form
    return render(request, "sandbox/dompet.html", context)


@require_http_methods(["GET", "POST"])
def card_3ds(request, transaction_id):
    """The issuing bank's 3-D Secure page: OTP 112233 lets the bank answer the charge."""
    txn = Transaction.objects.filter(transaction_id=transaction_id, channel="credit_card").first()
    if txn is None:
        return render(request, "sandbox/card_3ds.html", {"missing": True}, status=404)
    txn = services.expire_if_due(txn)
    form = OtpForm(request.POST if request.method == "POST" else None)
    context = {"txn": txn, "form": form, "merchant": MERCHANT, "otp_hint": cards.OTP}
    if txn.status != Status.PENDING:
        context["notice"] = _closed_message(txn)
    elif form.is_valid():
        try:
            txn = services.authenticate_3ds(txn, form.cleaned_data["otp"].strip())
        except services.WrongOtp:
            form.add_error("otp", "Kode OTP salah. Transaksi belum diproses; coba lagi.")
        except ApiError:
            txn.refresh_from_db()
            context["notice"] = _closed_message(txn)
        else:
            return _card_done(request, txn, context)
    return render(request, "sandbox/card_3ds.html", context)


def _card_done(request, txn: Transaction, context: dict):
    url = _finish_url(txn)
    if url:
        return redirect(_back_to_merchant(txn, url))
    context["txn"] = txn
    if txn.status in PAID or txn.status == Status.AUTHORIZE:
        context["paid"] = txn
    elif txn.status == Status.FAILURE:
        context["failed"] = True
    else:
        context["denied"] = True
    return render(request, "sandbox/card_3ds.html", context)


@require_http_methods(["GET", "POST"])
def paylater(request, transaction_id):
    """Akulaku / Kredivo: the buyer approves ("Setujui") or refuses ("Tolak") the instalment bill."""
    txn = Transaction.objects.filter(transaction_id=transaction_id, channel__in=["akulaku", "kredivo"]).first()
    if txn is None:
        return render(request, "sandbox/paylater.html", {"missing": True}, status=404)
    txn = services.expire_if_due(txn)
    context: dict = {"txn": txn, "merchant": MERCHANT}
    form = DecisionForm(request.POST) if request.method == "POST" else None
    if txn.status != Status.PENDING:
        context["notice"] = _closed_message(txn)
    elif form is not None:
        if not form.is_valid():
            context["notice"] = form.errors["decision"][0]
        else:
            try:
                approve = form.cleaned_data["decision"] == "approve"
                txn = services.settle(txn) if approve else services.deny(txn)
            except ApiError:
                txn.refresh_from_db()
                context["notice"] = _closed_message(txn)
            else:
                return _card_done(request, txn, context)
    return render(request, "sandbox/paylater.html", context)


@require_http_methods(["GET", "POST"])
def gangguan(request):
    """The fault switchboard as a page (the JSON twin is POST /sandbox/faults)."""
    context: dict = {}
    if request.method == "POST" and "clear" in request.POST:
        faults.clear()
        context["saved"] = "Semua gangguan dimatikan."
        form = FaultForm(initial=faults.as_dict())
    elif request.method == "POST":
        form = FaultForm(request.POST)
        if form.is_valid():
            faults.update(form.cleaned_data)
            context["saved"] = "Gangguan disimpan. Berlaku untuk transaksi dan notifikasi berikutnya."
            form = FaultForm(initial=faults.as_dict())
    else:
        form = FaultForm(initial=faults.as_dict())
    context.update(form=form, faults=faults.as_dict())
    return render(request, "sandbox/gangguan.html", context)


def _pay(txn: Transaction) -> dict:
    try:
        return {"paid": services.settle(txn)}
    except ApiError:
        txn.refresh_from_db()  # expired or moved by someone else a moment ago
        return {"notice": _closed_message(txn)}


def _pay_from_wallet(txn: Transaction, account: WalletAccount, *, via_qris: bool = False) -> dict:
    try:
        paid = services.pay_with_wallet(txn, account, via_qris=via_qris)
    except wallets.InsufficientBalance as short:
        return {
            "notice": f"Saldo tidak cukup. Saldo {short.account.provider_label} {short.account.phone}: "
            f"{rupiah(short.account.balance)}, tagihan {rupiah(txn.gross_amount)}. Isi saldo di halaman Dompet.",
            "short_account": short.account,
        }
    except ApiError:
        txn.refresh_from_db()
        return {"notice": _closed_message(txn)}
    account.refresh_from_db()
    return {"paid": paid, "account": account}


def _closed_message(txn: Transaction) -> str:
    if txn.status in PAID:
        when = txn.settlement_time or txn.updated_at
        return f"Tagihan ini sudah dibayar pada {wib(when)}. Tidak perlu membayar lagi."
    if txn.status == Status.EXPIRE:
        return f"Tagihan ini sudah kedaluwarsa (batas bayar {wib(txn.expiry_time)}). Buat pesanan atau tagihan baru."
    if txn.status == Status.CANCEL:
        return "Tagihan ini sudah dibatalkan oleh penjual."
    if txn.status == Status.AUTHORIZE:
        return "Kartu sudah disetujui bank; dana ditahan sampai penjual mengambilnya (capture)."
    if txn.status == Status.FAILURE:
        return "Pembayaran ini gagal diproses bank. Coba lagi dengan kartu atau metode lain."
    return "Pembayaran ini ditolak."
