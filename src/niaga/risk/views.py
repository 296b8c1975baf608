"""/operator/risiko/: the fraud review's queue and each case with its evidence (staff only)."""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from niaga.core.errors import DomainError
from niaga.core.pages import or_404

from . import selectors, services
from .forms import DecideForm

PER_PAGE = 30


@staff_member_required
def queue(request):
    which = request.GET.get("tampil", "")
    which = which if which in selectors.FILTERS else ""
    page = Paginator(selectors.queue(which), PER_PAGE).get_page(request.GET.get("page"))
    tabs = [(key, label) for key, (label, _) in selectors.FILTERS.items()]
    return render(
        request,
        "risk/queue.html",
        {"page_obj": page, "cases": page.object_list, "which": which, "tabs": tabs},
    )


def _context(assessment, form=None) -> dict:
    form = form or DecideForm()
    return {"case": assessment, "evidence": selectors.evidence(assessment), **form.context()}


@staff_member_required
@require_http_methods(["GET", "POST"])
def case(request, pk: int):
    assessment = or_404(selectors.case, pk)
    if request.method == "GET":
        return render(request, "risk/case.html", _context(assessment))
    form = DecideForm(request.POST)
    if form.checked():
        try:
            services.decide(
                assessment=assessment,
                release=form.cleaned_data["decision"] == "release",
                operator=request.user,
                note=form.cleaned_data["note"],
                request=request,
            )
        except DomainError as exc:
            form.refuse(exc)
        else:
            released = form.cleaned_data["decision"] == "release"
            messages.success(request, "Kasus dilepas." if released else "Kasus ditolak.")
            return redirect("risk:case", pk=pk)
    return render(request, "risk/case.html", _context(selectors.case(pk), form), status=form.status)
