"""Account pages: sign in and up, sign out, the address book, and region options."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.views.decorators.http import require_http_methods

from niaga.core.errors import DomainError
from niaga.core.pages import or_404, safe_next

from . import regions, scopes, selectors, services
from .devices import device_name
from .forms import AddressForm, LoginForm, RegionOptionsQuery, RegisterForm, TokenForm


@require_http_methods(["GET", "POST"])
def login_view(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request))
    form = LoginForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.checked():
        user = authenticate(request, **form.cleaned_data)
        if user is not None:
            login(request, user)  # the guest cart is merged by cart.receivers
            messages.success(request, f"Selamat datang kembali, {user.get_short_name()}!")
            return redirect(safe_next(request))
        form.refuse(
            DomainError(
                "Email atau kata sandi salah.", fields={"password": "Periksa kembali email dan kata sandi Anda."}
            )
        )
    return _form_page(request, "accounts/login.html", form)


@require_http_methods(["GET", "POST"])
def register(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request))
    form = RegisterForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.checked():
        try:
            user = services.register_user(**form.cleaned_data)
        except DomainError as exc:
            form.refuse(exc)
        else:
            login(request, user, backend="niaga.accounts.backends.EmailBackend")
            messages.success(request, f"Akun dibuat. Selamat datang di Niaga, {user.get_short_name()}!")
            return redirect(safe_next(request))
    return _form_page(request, "accounts/register.html", form)


def _form_page(request, template: str, form):
    context = {"next": safe_next(request, fallback=""), **form.context()}
    return render(request, template, context, status=form.status)


@require_http_methods(["GET", "POST"])
def logout_view(request):
    if request.method == "POST":
        logout(request)
        messages.info(request, "Anda sudah keluar.")
        return redirect("catalog:home")
    return render(request, "accounts/logout.html")


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
