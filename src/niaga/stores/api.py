import datetime as dt

from django.urls import reverse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from niaga.core import paymethods
from niaga.core.media import media_url
from niaga.core.schemas import ERRORS, Input

from . import selectors, services
from .policy import MAX_RETURN_DAYS, MAX_WARRANTY_MONTHS

router = Router(tags=["stores"])


class StoreIn(Input):
    name: str = Field(max_length=80)
    slug: str = Field("", max_length=60)
    city_code: str = Field(max_length=20)
    description: str = Field("", max_length=5000)
    return_policy: str = Field("", max_length=5000)
    warranty_policy: str = Field("", max_length=5000)
    payment_methods: list[str] | None = None
    return_window_days: int = Field(7, description=f"days after delivery, 0–{MAX_RETURN_DAYS}; 0: no returns")
    accepts_returns: bool = True
    accepts_exchanges: bool = True
    warranty_kind: str = Field("none", description="none, store, distributor or official", max_length=12)
    warranty_months: int = Field(0, description=f"0 with none, else 1–{MAX_WARRANTY_MONTHS}")
    contact_phone: str = Field("", max_length=30, description="an Indonesian number, kept as +62…")
    contact_email: str = Field("", max_length=254)
    open_days: list[int] = Field(default_factory=list, max_length=7, description="0 = Monday … 6 = Sunday")
    opens_at: dt.time | None = Field(None, description="WIB")
    closes_at: dt.time | None = Field(None, description="WIB, after opens_at")


class StorePatch(Input):
    name: str | None = Field(None, max_length=80)
    slug: str | None = Field(None, max_length=60)
    city_code: str | None = Field(None, max_length=20)
    description: str | None = Field(None, max_length=5000)
    return_policy: str | None = Field(None, max_length=5000)
    warranty_policy: str | None = Field(None, max_length=5000)
    payment_methods: list[str] | None = None
    return_window_days: int | None = None
    accepts_returns: bool | None = None
    accepts_exchanges: bool | None = None
    warranty_kind: str | None = Field(None, max_length=12)
    warranty_months: int | None = None
    contact_phone: str | None = Field(None, max_length=30)
    contact_email: str | None = Field(None, max_length=254)
    open_days: list[int] | None = Field(None, max_length=7)
    opens_at: dt.time | None = None
    closes_at: dt.time | None = None


class StoreMethodOut(Schema):
    code: str
    label: str
    family: str


class StoreOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    city_code: str
    city_name: str
    province_name: str
    return_window_days: int
    accepts_returns: bool
    accepts_exchanges: bool
    return_policy: str
    warranty_kind: str
    warranty_months: int
    warranty_policy: str
    contact_phone: str
    contact_email: str
    open_days: list[int]
    opens_at: dt.time | None
    closes_at: dt.time | None
    hours_text: str
    payment_methods: list[str]
    logo_url: str | None
    url: str

    @staticmethod
    def resolve_logo_url(store, context) -> str | None:
        return media_url(context["request"], store.logo)

    @staticmethod
    def resolve_url(store) -> str:
        return reverse("stores:detail", args=[store.slug])


@router.get("/payment-methods", auth=None, response=list[StoreMethodOut], summary="Every method a store can accept")
def payment_methods(request):
    return list(paymethods.METHODS.values())


@router.get("/stores/{slug}", auth=None, response={200: StoreOut, **ERRORS})
def public_store(request, slug: str):
    return selectors.public_store(slug)


@router.post("/seller/store", response={201: StoreOut, **ERRORS}, summary="Open my store (Toko Saya)")
def open_store(request, payload: StoreIn):
    data = payload.dict(exclude_none=True)
    return Status(201, services.open_store(owner=request.user, data=data))


@router.get("/seller/store", response={200: StoreOut, **ERRORS})
def my_store(request):
    return selectors.my_store(request.user)


@router.patch("/seller/store", response={200: StoreOut, **ERRORS})
def update_store(request, payload: StorePatch):
    store = selectors.my_store(request.user)
    return services.update_store(store=store, data=payload.dict(exclude_unset=True))


@router.post("/seller/store/logo", response={200: StoreOut, **ERRORS})
def upload_logo(request, logo: File[UploadedFile]):
    store = selectors.my_store(request.user)
    return services.update_store(store=store, data={}, logo=logo)
