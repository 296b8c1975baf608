from niaga.core.errors import NotFound

from .models import Store, StoreStanding


def store_of(user) -> Store | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return Store.objects.filter(owner=user).first()


def my_store(user) -> Store:
    store = store_of(user)
    if store is None:
        raise NotFound("Anda belum membuka toko.", code="no_store")
    return store


def public_store(slug: str) -> Store:
    store = Store.objects.filter(slug=slug, is_active=True).first()
    if store is None:
        raise NotFound("Toko tidak ditemukan.", code="store_not_found")
    return store


def active_stores(limit: int = 8):
    """Stores buyers can visit, newest first ("Toko pilihan" on the home page)."""
    return Store.objects.filter(is_active=True).order_by("-created_at", "-pk")[:limit]


def store_cities() -> list[tuple[str, str]]:
    """(regency code, name) of every city with an active store, for the search filter."""
    rows = Store.objects.filter(is_active=True).values_list("city_code", "city_name").distinct()
    return sorted(set(rows), key=lambda row: row[1])


def standing_of(store: Store) -> StoreStanding | None:
    """The store's standing as last computed by the reputation app (None: never yet)."""
    return StoreStanding.objects.filter(store=store).first()
