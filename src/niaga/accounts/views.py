"""Account pages: sign in and up, sign out and the password pages (allauth's views, answering
400 when a form is refused), Akun Saya › Keamanan with the active sessions, the address book,
and region options."""

from __future__ import annotations

from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.hashers import make_password
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods, require_POST

from niaga.audit.devices import describe as device_name
from niaga.core.errors import DomainError
from niaga.core.pages import or_404, safe_next

from . import regions, scopes, selectors, services
from .forms import AddressForm, RegionOptionsQuery, TokenForm


class RefusedIs400:
    """A form sent back with its errors answers 400, as Niaga's own pages do."""

    def form_invalid(self, form):
        response = super().form_invalid(form)  # type: ignore[misc]
        if response.status_code == 200:
            response.status_code = 400
        return response


class LoginView(RefusedIs400, allauth_views.LoginView):
    pass


class SignupView(RefusedIs400, allauth_views.SignupView):
    def form_valid(self, form):
        if getattr(form, "account_already_exists", False):
            # allauth answers as for a new account; hash the password as creating one would,
            # so the time taken does not tell either.
            make_password(form.cleaned_data.get("password1") or "")
        return super().form_valid(form)


class PasswordResetView(RefusedIs400, allauth_views.PasswordResetView):
    pass


class PasswordResetFromKeyView(RefusedIs400, allauth_views.PasswordResetFromKeyView):
    pass


class PasswordChangeView(RefusedIs400, allauth_views.PasswordChangeView):
    pass


login_view = LoginView.as_view()
signup = SignupView.as_view()
logout_view = allauth_views.logout
password_reset = PasswordResetView.as_view()
password_reset_from_key = PasswordResetFromKeyView.as_view()
password_change = PasswordChangeView.as_view()


@login_required
def security(request):
    """Akun Saya › Keamanan: the way to everything that guards the account."""
    return render(
        request,
        "accounts/security.html",
        {"email_verified": selectors.has_verified_email(request.user)},
    )


@login_required
def sessions(request):
    return render(
        request,
        "accounts/sessions.html",
        {"sessions": selectors.sessions_of(request.user, current_key=request.session.session_key)},
    )


@login_required
@require_POST
def session_end(request, session_id: int):
    session = or_404(selectors.session_of, request.user, session_id)
    ended_current = services.end_sessions(request, [session], by_user=True)
    if ended_current:
        return redirect("catalog:home")
    messages.success(request, "Sesi di perangkat itu sudah diakhiri.")
    return redirect("accounts:sessions")


@login_required
@require_POST
def sessions_end_others(request):
    count = services.end_other_sessions(request)
    messages.success(request, f"{count} sesi lain diakhiri." if count else "Tidak ada sesi lain.")
    return redirect("accounts:sessions")


@login_required
def addresses(request):
    return render(
        request,
        "accounts/addresses.html",
        {"addresses": selectors.addresses_for(request.user), "next": safe_next(request, fallback="")},
    )


def _region_lists(values) -> dict:
    """The options of each level that the current values allow (so the form works without JS)."""
    province = values.get("province_code") or ""
    regency = values.get("regency_code") or ""
    district = values.get("district_code") or ""

    def under(parent: str, level: int):
        region = regions.get(parent) if parent else None
        return regions.children(parent) if region and region.level == level else []

    return {
        "provinces": regions.children(),
        "regencies": under(province, 1),
        "districts": under(regency, 2) if regency.startswith(province + ".") else [],
        "villages": under(district, 3) if district.startswith(regency + ".") and regency else [],
    }


def _address_page(request, form: AddressForm, *, address=None):
    context = {
        "address": address,
        "next": safe_next(request, fallback=""),
        **form.context(),
        **_region_lists(form.values()),
    }
    return render(request, "accounts/address_form.html", context, status=form.status)


def _save_address(request, *, address=None):
    form = AddressForm(request.POST)
    if request.POST.get("_refresh"):  # the no-JS "load the next level" button
        return _address_page(request, form, address=address)
    if form.checked():
        try:
            if address is None:
                services.create_address(user=request.user, data=form.cleaned_data)
            else:
                services.update_address(address=address, data=form.cleaned_data)
        except DomainError as exc:
            form.refuse(exc)
        else:
            messages.success(request, "Alamat disimpan.")
            return redirect(safe_next(request, fallback="accounts:addresses"))
    return _address_page(request, form, address=address)


@login_required
@require_http_methods(["GET", "POST"])
def address_new(request):
    if request.method == "POST":
        return _save_address(request)
    first = not selectors.addresses_for(request.user).exists()
    initial = {
        "label": "Rumah",
        "recipient_name": request.user.full_name,
        "phone": request.user.phone,
        "is_default": first,
    }
    return _address_page(request, AddressForm(initial=initial))


@login_required
@require_http_methods(["GET", "POST"])
def address_edit(request, address_id: int):
    address = or_404(selectors.address_for, request.user, address_id)
    if request.method == "POST":
        return _save_address(request, address=address)
    initial = {name: getattr(address, name) for name in AddressForm.base_fields}
    return _address_page(request, AddressForm(initial=initial), address=address)


@login_required
@require_http_methods(["GET", "POST"])
def address_delete(request, address_id: int):
    address = or_404(selectors.address_for, request.user, address_id)
    if request.method == "POST":
        services.delete_address(address=address)
        messages.success(request, "Alamat dihapus.")
        return redirect(safe_next(request, fallback="accounts:addresses"))
    return render(request, "accounts/address_delete.html", {"address": address})


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """/akun/token/ — the account's API tokens: made here (the key shown once), listed with
    where and on what they were made and last used, and ended one by one or all at once."""
    longest = settings.NIAGA_API_TOKEN_DAYS
    form = TokenForm(longest=longest)
    new_key = ""
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "create":
        form = TokenForm(request.POST, longest=longest)
        if form.checked():
            try:
                _, new_key = services.create_token(
                    user=request.user,
                    name=form.cleaned_data["name"],
                    scopes=[scopes.READ, *form.cleaned_data["scopes"]],
                    days=form.cleaned_data["days"],
                    request=request,
                )
            except DomainError as exc:
                form.refuse(exc)
            else:
                form = TokenForm(longest=longest)
    elif action == "revoke":
        token = or_404(selectors.token_of, request.user, _int(request.POST.get("token")))
        services.revoke_token(token=token, request=request, reason="diakhiri pemilik")
        messages.success(request, f"Token {token.name} sudah dicabut.")
        return redirect("accounts:tokens")
    elif action == "revoke_all":
        ended = services.revoke_all_tokens(user=request.user, request=request, reason="semua dicabut pemilik")
        messages.success(request, f"{ended} token dicabut.")
        return redirect("accounts:tokens")
    listed = [(token, device_name(token.user_agent)) for token in selectors.tokens_of(request.user)]
    context = {
        "tokens": listed,
        "new_key": new_key,
        "labels": scopes.LABELS,
        "choices": [(s, scopes.LABELS[s]) for s in scopes.GRANTABLE if s != scopes.READ],
        "chosen": request.POST.getlist("scopes") if form.is_bound else list(scopes.DEFAULT),
        "selected_days": _int(form.data.get("days")) if form.is_bound else longest,
        **form.context(),
    }
    return render(request, "accounts/tokens.html", context, status=form.status)


def _int(value) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def region_options(request):
    """Children of ?parent=CODE (no parent: provinces) as <option>s, or JSON when asked."""
    query = RegionOptionsQuery(request.GET)
    query.is_valid()
    parent = query.cleaned_data.get("parent", "")
    if "parent" in query.errors or (parent and regions.get(parent) is None):  # too long to be one, or unknown
        if _wants_json(request):
            return JsonResponse(
                {"code": "region_not_found", "message": "Wilayah tidak dikenal.", "fields": {}}, status=404
            )
        return HttpResponse('<option value="">Wilayah tidak dikenal</option>', status=404)
    items = regions.children(parent or None)
    if _wants_json(request):
        return JsonResponse([r.__dict__ for r in items], safe=False)
    if "placeholder" in query.errors:
        return HttpResponse('<option value="">Teks pilihan terlalu panjang</option>', status=400)
    placeholder = query.cleaned_data["placeholder"] if "placeholder" in request.GET else "Pilih"
    html = render_to_string("accounts/region_options.html", {"items": items, "placeholder": placeholder})
    return HttpResponse(html)


def _wants_json(request) -> bool:
    return request.GET.get("format") == "json" or "application/json" in request.headers.get("Accept", "")
