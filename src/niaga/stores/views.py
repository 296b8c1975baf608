"""The public store page (/toko/<slug>/)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render

from niaga.catalog import selectors as catalog
from niaga.core.pages import or_404

from . import selectors

PER_PAGE = 24


def detail(request, slug: str):
    store = or_404(selectors.public_store, slug)
    products = catalog.search_products(catalog.SearchFilters(store_id=store.pk, sort="newest"))
    page = Paginator(products, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "stores/detail.html",
        {
            "store": store,
            "page_obj": page,
            "products": page.object_list,
            "is_owner": request.user.is_authenticated and store.owner_id == request.user.pk,
        },
    )
