"""The notification inbox (/notifikasi/)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from . import selectors, services

PER_PAGE = 30


@login_required
def inbox(request):
    page = Paginator(selectors.for_user(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page_obj": page, "notifications": page.object_list})


@login_required
@require_POST
def read_all(request):
    n = services.mark_read(user=request.user)
    messages.success(request, f"{n} notifikasi ditandai dibaca." if n else "Semua notifikasi sudah dibaca.")
    return redirect("notifications:inbox")
