"""The trail's two pages: the operator's whole trail (/operator/audit/) and a user's own
security events (/akun/aktivitas/)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from . import selectors
from .devices import describe
from .forms import FilterForm
from .labels import label
from .models import Event

PER_PAGE = 30


def staff_only(view):
    """Operators only; to anyone else signed in the page does not exist (404)."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        if not (request.user.is_active and request.user.is_staff):
            raise Http404("Halaman tidak ditemukan.")
        return view(request, *args, **kwargs)

    return wrapped


def _rows(events) -> list[dict]:
    return [{"event": e, "label": label(e.action), "device": describe(e.user_agent)} for e in events]


@staff_only
def operator_list(request):
    form = FilterForm(request.GET)
    events = selectors.for_operator(form.filters()) if form.checked() else Event.objects.none()
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/operator_list.html",
        {"page_obj": page, "rows": _rows(page.object_list), **form.context()},
        status=form.status,
    )


@login_required
def my_events(request):
    page = Paginator(selectors.security_events_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/my_events.html", {"page_obj": page, "rows": _rows(page.object_list)})
