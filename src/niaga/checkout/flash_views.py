"""Flash-sale pages: the campaign with its countdown, "Beli Sekarang", and the admitted
buyer's wait. Their URLs keep the `promotions:` names buyers' links and templates use."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from niaga.accounts import selectors as accounts
from niaga.core import clock
from niaga.core.errors import DomainError
from niaga.core.pages import or_404, safe_next
from niaga.promotions import selectors
from niaga.promotions.models import Admission

from . import admissions, flash, services
from .forms import FlashBuyForm
from .schemas import poll_url


def campaign(request, slug: str):
    found = or_404(selectors.campaign, slug)
    now = clock.now()
    addresses = list(accounts.addresses_for(request.user)) if request.user.is_authenticated else []
    running = found.starts_at <= now < found.ends_at
    items = []
    for item in found.items.all():
        product = item.variant.product
        on_sale = running and item.left and addresses
        items.append(
            {
                "item": item,
                "product": product,
                "image": next(iter(product.images.all()), None),
                # What the buyer picks, the couriers quoted for the chosen address (a re-quote
                # sends the form's values back here).
                "choices": flash.buy_choices(request.user, item, request.GET, addresses=addresses) if on_sale else None,
                "percent": 100 * item.taken // item.quota if item.quota else 100,
            }
        )
    return render(
        request,
        "promotions/campaign.html",
        {
            "campaign": found,
            "items": items,
            "addresses": addresses,
            "running": running,
            "upcoming": now < found.starts_at,
            "now": now,
            "pay_within": settings.NIAGA_FLASH_PAYMENT_MINUTES,
        },
        status=200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def buy(request, slug: str, item_id: int):
    if request.method == "GET":
        # The waiting room's page refreshes the address it queued, which here took a POST:
        # once let in, the buyer is back at the sale to press again.
        if settings.NIAGA_WAITING_ROOM_PER_MINUTE > 0:
            messages.info(request, "Giliranmu tiba: tekan Beli Sekarang lagi.")
        return redirect("promotions:campaign", slug=slug)
    form = FlashBuyForm(request.POST)
    try:
        if not form.checked():
            raise form.refusal()
        chosen = form.cleaned_data
        bought = services.buy_now(
            user=request.user,
            item_id=item_id,
            quantity=chosen["quantity"],
            address_id=chosen["address_id"],
            payment_method=chosen["payment_method"],
            courier=chosen["courier"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
        # Back where the buyer pressed: the product page's own flash form, or the campaign's.
        return redirect(safe_next(request, fallback="") or reverse("promotions:campaign", args=[slug]))
    if isinstance(bought, Admission):  # admitted: the order is being made by a job consumer
        return redirect("promotions:admission", bought.pk)
    return redirect("payments:page", bought.group.code)


@login_required
@never_cache
def admission(request, admission_id: int):
    """An admitted buyer waits here (a second or so at the peak) until the order is made."""
    found = or_404(admissions.for_buyer, request.user, admission_id)
    if found.status == Admission.Status.PLACED and found.group is not None:
        return redirect("payments:page", found.group.code)
    if found.status == Admission.Status.FAILED:
        messages.error(request, f"Pesanan flash sale tidak bisa dibuat: {found.message}")
        return redirect("promotions:campaign", slug=found.item.campaign.slug)
    context = {"admission": found, "campaign": found.item.campaign, "poll_url": poll_url(found)}
    return render(request, "promotions/admission.html", context)
