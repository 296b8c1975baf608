"""Flash-sale pages: the campaign with its countdown, and "Beli Sekarang"."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from niaga.accounts import selectors as accounts
from niaga.core import clock, paymethods
from niaga.core.errors import DomainError
from niaga.core.pages import or_404, parse_int

from . import selectors, services


def campaign(request, slug: str):
    found = or_404(selectors.campaign, slug)
    now = clock.now()
    addresses = list(accounts.addresses_for(request.user)) if request.user.is_authenticated else []
    items = []
    for item in found.items.all():
        store = item.variant.product.store
        items.append(
            {
                "item": item,
                "product": item.variant.product,
                "methods": [m for code, m in paymethods.METHODS.items() if code in store.payment_methods],
                "percent": 100 * item.taken // item.quota if item.quota else 100,
                "limits": range(1, item.per_buyer_limit + 1),
            }
        )
    return render(
        request,
        "promotions/campaign.html",
        {
            "campaign": found,
            "items": items,
            "addresses": addresses,
            "running": found.starts_at <= now < found.ends_at,
            "upcoming": now < found.starts_at,
            "now": now,
        },
        status=200,
    )


@login_required
@require_POST
def buy(request, slug: str, item_id: int):
    try:
        group = services.buy_now(
            user=request.user,
            item_id=item_id,
            quantity=parse_int(request.POST.get("quantity"), minimum=1, maximum=100) or 0,
            address_id=parse_int(request.POST.get("address_id"), minimum=1),
            payment_method=request.POST.get("payment_method", ""),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("promotions:campaign", slug=slug)
    return redirect("payments:page", group.code)
