"""Pusat Resolusi pages: the buyer's complaints, the seller's (Toko Saya › Komplain), and Niaga's
mediation queue. Views parse, call a service, render; a refusal re-renders with its 4xx."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from niaga.core.errors import DomainError
from niaga.core.forms import PageForm
from niaga.core.pages import or_404, parse_int
from niaga.orders import selectors as order_selectors
from niaga.shipping import selectors as shipping_selectors
from niaga.stores.decorators import store_required

from . import panels, selectors, services
from .forms import DecideForm, MessageForm, OfferForm, OpenForm, ReasonForm
from .models import Complaint
from .services import Decision
from .status import Reason, Resolution, Role, Status

PER_PAGE = 20


def _page(request, qs):
    return Paginator(qs.order_by("-created_at", "-pk"), PER_PAGE).get_page(request.GET.get("page"))


def _photos(request) -> list:
    return request.FILES.getlist("photos")


def _context(complaint: Complaint, role: str, **extra) -> dict:
    lines = list(complaint.lines.all())
    return {
        "complaint": complaint,
        "order": complaint.order,
        "role": role,
        "lines": lines,
        "thread": list(complaint.messages.all()),
        "panels": panels.for_complaint(complaint, role),
        "refunded_to": services.refund_destination(complaint),
        "max_refund": services.max_refund(complaint) if complaint.is_open else 0,
        "Status": Status,
        "Role": Role,
        "Decision": Decision,
        "values": {},
        "errors": {},
        **extra,
    }


def _refused(request, template: str, context: dict, exc: DomainError):
    return render(
        request,
        template,
        {**context, "error": exc.message, "errors": exc.fields, "values": request.POST},
        status=exc.status,
    )


def _checked(form) -> None:
    if not form.checked():
        raise form.refusal()


# --- the buyer --------------------------------------------------------------------------


@login_required
def my_complaints(request):
    status = request.GET.get("status", "")
    qs = selectors.for_buyer(request.user)
    if status == "open":
        qs = qs.exclude(status__in=[Status.RESOLVED, Status.WITHDRAWN])
    elif status == "done":
        qs = qs.filter(status__in=[Status.RESOLVED, Status.WITHDRAWN])
    page = _page(request, qs)
    return render(
        request,
        "aftersales/list.html",
        {"page_obj": page, "complaints": page.object_list, "status": status, "role": Role.BUYER},
    )


@login_required
@require_http_methods(["GET", "POST"])
def open_complaint(request, order_id: int):
    """ "Ajukan Komplain": which units, why, what the buyer wants, with photos."""
    order = or_404(order_selectors.buyer_order, request.user, order_id)
    can = services.eligibility(order)
    existing = selectors.of_order(order.pk)
    if existing is not None:
        return redirect("aftersales:detail", pk=existing.pk)
    if not can.allowed:
        messages.error(request, can.why_not)
        return redirect("orders:detail", order_id=order.pk)
    lines = list(order.lines.all())
    form = OpenForm(request.POST or None)
    one = [line for line in lines if line.to_send]
    quantities = {line.pk: request.POST.get(f"qty_{line.pk}", line.to_send if len(one) == 1 else 0) for line in one}
    context = {
        "order": order,
        "lines": one,
        "quantities": quantities,
        "reasons": [(r, Reason(r).label) for r in can.reasons],
        "Resolution": Resolution,
        "respond_days": settings.NIAGA_COMPLAINT_RESPOND_WORKING_DAYS,
    }
    if request.method == "POST":
        wanted = []
        for line in lines:
            quantity = parse_int(request.POST.get(f"qty_{line.pk}"), minimum=0)
            raw = (request.POST.get(f"qty_{line.pk}") or "").strip()
            if raw and quantity is None:
                quantity = -1  # not a number: refused by the service with the line's limits
            if quantity:
                wanted.append(services.LineRequest(order_line_id=line.pk, quantity=quantity))
        try:
            _checked(form)
            complaint = services.open_complaint(
                buyer=request.user,
                order=order,
                lines=wanted,
                reason=form.cleaned_data["reason"],
                description=form.cleaned_data["description"],
                resolution=form.cleaned_data["resolution"],
                photos=_photos(request),
            )
        except DomainError as exc:
            return _refused(request, "aftersales/open.html", context, exc)
        messages.success(request, f"Komplain {complaint.number} terkirim. Penjual diminta merespons.")
        return redirect("aftersales:detail", pk=complaint.pk)
    return render(request, "aftersales/open.html", {**context, "values": {}, "errors": {}})


@login_required
@require_http_methods(["GET", "POST"])
def detail(request, pk: int):
    complaint = or_404(selectors.buyer_complaint, request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        form: PageForm
        try:
            if action == "reply":
                form = MessageForm(request.POST)
                _checked(form)
                services.post_message(
                    complaint=complaint,
                    author=request.user,
                    role=Role.BUYER,
                    body=form.cleaned_data["body"],
                    photos=_photos(request),
                )
                messages.success(request, "Pesan terkirim.")
            elif action == "accept_offer":
                services.accept_offer(complaint=complaint, buyer=request.user)
                messages.success(request, "Tawaran diterima. Dana dikembalikan.")
            elif action == "escalate":
                form = ReasonForm(request.POST)
                _checked(form)
                services.escalate(complaint=complaint, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, "Komplain diajukan ke Niaga. Tim kami akan memutuskan.")
            elif action == "withdraw":
                form = ReasonForm(request.POST)
                _checked(form)
                services.withdraw(complaint=complaint, buyer=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, "Komplain dibatalkan. Pesanan selesai.")
            else:
                raise DomainError("Aksi tidak dikenal.", code="unknown_action")
        except DomainError as exc:
            fresh = selectors.buyer_complaint(request.user, pk)
            return _refused(request, "aftersales/detail.html", _context(fresh, Role.BUYER), exc)
        return redirect("aftersales:detail", pk=pk)
    return render(request, "aftersales/detail.html", _context(complaint, Role.BUYER))


# --- the seller -------------------------------------------------------------------------


@store_required
def seller_complaints(request, store):
    status = request.GET.get("status", "")
    qs = selectors.for_store(store)
    if status in Status.values:
        qs = qs.filter(status=status)
    page = _page(request, qs)
    return render(
        request,
        "aftersales/seller_list.html",
        {
            "store": store,
            "page_obj": page,
            "complaints": page.object_list,
            "status": status,
            "statuses": Status.choices,
            "role": Role.SELLER,
        },
    )


@store_required
@require_http_methods(["GET", "POST"])
def seller_detail(request, store, pk: int):
    complaint = or_404(selectors.store_complaint, store, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        form: PageForm
        try:
            if action == "reply":
                form = MessageForm(request.POST)
                _checked(form)
                services.post_message(
                    complaint=complaint,
                    author=request.user,
                    role=Role.SELLER,
                    body=form.cleaned_data["body"],
                    photos=_photos(request),
                )
                messages.success(request, "Pesan terkirim.")
            elif action == "accept":
                services.seller_accept(complaint=complaint, seller=request.user)
                messages.success(request, "Permintaan pembeli disetujui.")
            elif action == "offer":
                form = OfferForm(request.POST)
                _checked(form)
                services.seller_offer(
                    complaint=complaint,
                    seller=request.user,
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                    photos=_photos(request),
                )
                messages.success(request, "Tawaran dikirim ke pembeli.")
            elif action == "reject":
                form = ReasonForm(request.POST)
                _checked(form)
                services.seller_reject(
                    complaint=complaint,
                    seller=request.user,
                    reason=form.cleaned_data["reason"],
                    photos=_photos(request),
                )
                messages.success(request, "Komplain ditolak. Pembeli bisa mengajukannya ke Niaga.")
            else:
                raise DomainError("Aksi tidak dikenal.", code="unknown_action")
        except DomainError as exc:
            fresh = selectors.store_complaint(store, pk)
            return _refused(request, "aftersales/seller_detail.html", _context(fresh, Role.SELLER, store=store), exc)
        return redirect("aftersales:seller_detail", pk=pk)
    return render(request, "aftersales/seller_detail.html", _context(complaint, Role.SELLER, store=store))


# --- Niaga's operator -------------------------------------------------------------------


@staff_member_required
def operator_queue(request):
    status = request.GET.get("status", "")
    qs = selectors.escalated_queue() if not status else selectors.for_operator(status)
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "aftersales/operator_queue.html",
        {"page_obj": page, "complaints": page.object_list, "status": status, "statuses": Status.choices},
    )


def _operator_context(complaint: Complaint) -> dict:
    order = complaint.order
    shipment, tracking = shipping_selectors.tracking_of(order)
    return _context(
        complaint,
        Role.OPERATOR,
        events=list(order.events.all())[::-1],
        shipment=shipment,
        tracking=tracking,
        decisions=Decision.CHOICES,
    )


@staff_member_required
@require_http_methods(["GET", "POST"])
def operator_detail(request, pk: int):
    complaint = or_404(selectors.operator_complaint, pk)
    if request.method == "POST":
        action = request.POST.get("action")
        form: PageForm
        try:
            if action == "reply":
                form = MessageForm(request.POST)
                _checked(form)
                services.post_message(
                    complaint=complaint,
                    author=request.user,
                    role=Role.OPERATOR,
                    body=form.cleaned_data["body"],
                    photos=_photos(request),
                )
                messages.success(request, "Pesan terkirim ke pembeli dan penjual.")
            elif action == "decide":
                form = DecideForm(request.POST)
                _checked(form)
                services.decide(
                    complaint=complaint,
                    operator=request.user,
                    decision=form.cleaned_data["decision"],
                    amount=form.cleaned_data["amount"],
                    reason=form.cleaned_data["reason"],
                )
                messages.success(request, "Keputusan disimpan dan dikirim ke kedua pihak.")
            else:
                raise DomainError("Aksi tidak dikenal.", code="unknown_action")
        except DomainError as exc:
            fresh = selectors.operator_complaint(pk)
            return _refused(request, "aftersales/operator_detail.html", _operator_context(fresh), exc)
        return redirect("aftersales:operator_detail", pk=pk)
    return render(request, "aftersales/operator_detail.html", _operator_context(complaint))
