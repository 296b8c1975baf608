from django.urls import reverse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from niaga.core import paymethods
from niaga.core.media import media_url
from niaga.core.schemas import ERRORS, Input

from . import selectors, services

router = Router(tags=["stores"])


class StoreIn(Input):
    name: str = Field(max_length=80)
    slug: str = Field("", max_length=60)
    city_code: str = Field(max_length=20)
    description: str = Field("", max_length=5000)
    return_policy: str = Field("", max_length=5000)
    warranty_policy: str = Field("", max_length=5000)
    payment_methods: list[str] | None = None


class StorePatch(Input):
    name: str | None = Field(None, max_length=80)
    slug: str | None = Field(None, max_length=60)
    city_code: str | None = Field(None, max_length=20)
    description: str | None = Field(None, max_length=5000)
    return_policy: str | None = Field(None, max_length=5000)
    warranty_policy: str | None = Field(None, max_length=5000)
    payment_methods: list[str] | None = None


class MethodOut(Schema):
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
    return_policy: str
    warranty_policy: str
    payment_methods: list[str]
    logo_url: str | None
    url: str


def store_out(request, store) -> dict:
    return {
        **{f: getattr(store, f) for f in StoreOut.model_fields if f not in ("logo_url", "url")},
        "logo_url": media_url(request, store.logo),
        "url": reverse("stores:detail", args=[store.slug]),
    }


@router.get("/payment-methods", auth=None, response=list[MethodOut], summary="Every method a store can accept")
def payment_methods(request):
    return [m.__dict__ for m in paymethods.METHODS.values()]


@router.get("/stores/{slug}", auth=None, response={200: StoreOut, **ERRORS})
def public_store(request, slug: str):
    return store_out(request, selectors.public_store(slug))


@router.post("/seller/store", response={201: StoreOut, **ERRORS}, summary="Open my store (Toko Saya)")
def open_store(request, payload: StoreIn):
    data = payload.dict(exclude_none=True)
    return Status(201, store_out(request, services.open_store(owner=request.user, data=data)))


@router.get("/seller/store", response={200: StoreOut, **ERRORS})
def my_store(request):
    return store_out(request, selectors.my_store(request.user))


@router.patch("/seller/store", response={200: StoreOut, **ERRORS})
def update_store(request, payload: StorePatch):
    store = selectors.my_store(request.user)
    return store_out(request, services.update_store(store=store, data=payload.dict(exclude_unset=True)))


@router.post("/seller/store/logo", response={200: StoreOut, **ERRORS})
def upload_logo(request, logo: File[UploadedFile]):
    store = selectors.my_store(request.user)
    return store_out(request, services.update_store(store=store, data={}, logo=logo))
