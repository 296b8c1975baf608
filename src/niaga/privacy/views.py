"""Data-rights pages: the user's copy of their data, their marketing consents, deleting the
account; and the public privacy page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from niaga.core.errors import DomainError
from niaga.core.pages import or_404

from . import policy, selectors, services
from .forms import ConsentForm, DeleteForm
from .models import ConsentSource


def _home_context(request, **extra) -> dict:
    exports = list(selectors.exports_for(request.user)[:5])
    return {
        "exports": [(e, selectors.downloadable(e)) for e in exports],
        "consents": selectors.consents_now(request.user),
        "history": selectors.consent_history(request.user)[:10],
        "export_days": settings.NIAGA_DATA_EXPORT_DAYS,
        **extra,
    }


@login_required
@require_GET
def home(request):
    return render(request, "privacy/home.html", _home_context(request))


@login_required
@require_POST
def export_request(request):
    try:
        export = services.request_export(user=request.user, request=request)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("privacy:home")
    if export.status == export.Status.READY:
        messages.success(request, "Salinan data Anda siap diunduh.")
    else:
        messages.info(request, "Salinan data sedang disiapkan. Muat ulang halaman ini sebentar lagi.")
    return redirect("privacy:home")


@login_required
@require_GET
def export_download(request, export_id: int):
    export = or_404(selectors.file_for, request.user, export_id)
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename=f"data-niaga-{export.pk}.zip")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def consents(request):
    form = ConsentForm(request.POST)
    if form.checked():
        changed = services.set_consents(
            user=request.user, choices=form.choices(), request=request, source=ConsentSource.PAGE
        )
        messages.success(request, "Pilihan promo disimpan." if changed else "Tidak ada yang berubah.")
    return redirect("privacy:home")


@login_required
@require_http_methods(["GET", "POST"])
def delete(request):
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.checked():
        try:
            services.delete_account(
                user=request.user,
                password=form.cleaned_data["password"],
                code=form.cleaned_data["code"],
                request=request,
            )
        except DomainError as exc:
            form.refuse(exc)
        else:
            logout(request)
            messages.success(request, "Akun Anda sudah dihapus. Terima kasih pernah berbelanja di Niaga.")
            return redirect("catalog:home")
    context = {
        "blockers": services.deletion_blockers(request.user),
        "needs_code": services.has_second_factor(request.user),
        "erased": policy.ERASED,
        "kept": policy.KEPT,
        **form.context(),
    }
    return render(request, "privacy/delete.html", context, status=form.status)


@require_GET
def policy_page(request):
    context = {
        "retention": policy.RETENTION,
        "erased": policy.ERASED,
        "kept": policy.KEPT,
        "version": policy.POLICY_VERSION,
        "export_days": settings.NIAGA_DATA_EXPORT_DAYS,
    }
    return render(request, "privacy/policy.html", context)
