"""The import's two jobs, run by Huey (tasks.py) or at once for a small sheet: check every row
(validate, fetching the pictures the sheet names by URL), then write the checked plan all or
nothing (apply, from the pictures fetched while checking: nothing is fetched twice)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from django.core.files import File
from django.db import transaction
from django.utils.text import slugify

from niaga.catalog import services as catalog_services
from niaga.catalog.models import Product, Variant
from niaga.core import clock, generations
from niaga.core.errors import DomainError
from niaga.fulfillment import services as fulfillment
from niaga.inventory import services as inventory
from niaga.stores.models import Store

from . import pictures, reader
from . import plan as planning
from .locations import store_locations
from .models import ImportJob, ImportStatus

MISSING = "Gambar dari URL {url} belum diambil saat berkas diperiksa: unggah ulang berkasnya."


@contextmanager
def _opened(job: ImportJob) -> Iterator[tuple[Iterator[list], reader.Images | None, pictures.Fetched]]:
    """The job's sheet as rows, its ZIP of images and the pictures fetched from URLs (kept
    open while a plan is written)."""
    with ExitStack() as stack:
        sheet = stack.enter_context(job.file.open("rb"))
        images = reader.Images(stack.enter_context(job.images.open("rb"))) if job.images else None
        fetched = pictures.Fetched(results=job.image_urls or {})
        if job.fetched:
            fetched.files = reader.Images(stack.enter_context(job.fetched.open("rb")))
        yield reader.rows(sheet, job.file.name or ""), images, fetched


def _build(job: ImportJob, lines, images, *, progress=None) -> planning.Plan:
    return planning.build(
        store=job.store,
        lines=lines,
        locations=store_locations(job.store),
        default_location=fulfillment.store_location(store=job.store).pk,
        images=images,
        progress=progress,
    )


def _progress(job_id: int, percent: int, **fields) -> None:
    ImportJob.objects.filter(pk=job_id).update(progress=min(percent, 99), **fields)


def _fetch(job: ImportJob, urls: list[str]) -> pictures.Fetched:
    """Fetch the sheet's URLs (the second half of the progress bar), keep the pictures with the
    job for apply, and return them."""
    ImportJob.objects.filter(pk=job.pk).update(images_total=len(urls), images_done=0)

    def step(done: int) -> None:
        _progress(job.pk, 50 + 49 * done // len(urls), images_done=done)

    results, zipped = pictures.fetch_all(urls, progress=step)
    with zipped:
        job.fetched.save(f"{job.store_id}-{job.pk}-dari-url.zip", File(zipped), save=False)
    ImportJob.objects.filter(pk=job.pk).update(fetched=job.fetched.name, image_urls=results)
    return pictures.Fetched(results=results)


def _summary(plan: planning.Plan) -> dict:
    return {
        "rows": plan.rows,
        "errors": plan.errors,
        "new_products": plan.new_products,
        "updated_products": plan.updated_products,
        "new_variants": plan.new_variants,
        "updated_variants": plan.updated_variants,
    }


def validate(*, job_id: int, fetch: bool = True) -> ImportJob:
    """Check every row of the job's sheet; the job is then invalid (with all its errors) or ready.

    fetch=False (a small sheet checked in the request): a sheet that names pictures by URL
    stays "validating", for the job to check it again and fetch them.
    """
    job = ImportJob.objects.select_related("store").get(pk=job_id)
    if job.status != ImportStatus.VALIDATING:
        return job
    try:
        with _opened(job) as (lines, images, _):
            rows_progress = (lambda percent: _progress(job.pk, percent // 2)) if fetch else None
            plan = _build(job, lines, images, progress=rows_progress)
        wanted = pictures.urls(plan)  # fetched even when rows have errors: the seller gets every error at once
        if wanted and not fetch:
            return job
        most = reader.limit("NIAGA_IMPORT_MAX_IMAGE_URLS", pictures.MAX_URLS)
        if len(wanted) > most:
            plan.error(1, "-", f"Terlalu banyak URL gambar: maks. {most:,} per berkas.".replace(",", "."))
            fetched = pictures.Fetched(results={})
        else:
            fetched = _fetch(job, wanted) if wanted else pictures.Fetched(results={})
        pictures.settle(plan, fetched, missing=MISSING)
    except DomainError as refused:
        plan = planning.Plan()
        plan.error(1, "-", refused.message)
    status = ImportStatus.INVALID if plan.errors else ImportStatus.READY
    ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATING).update(
        status=status, progress=100, finished_at=clock.now() if plan.errors else None, **_summary(plan)
    )
    job.refresh_from_db()
    return job


def apply(*, job_id: int) -> ImportJob:
    """Check the sheet again (the catalogue may have moved since the preview) and write it, in
    one transaction: a sheet that no longer checks out fails whole and changes nothing."""
    job = ImportJob.objects.select_related("store", "created_by").get(pk=job_id)
    if job.status != ImportStatus.APPLYING:
        return job
    try:
        with transaction.atomic(), _opened(job) as (lines, images, fetched):
            plan = _build(job, lines, images)
            pictures.settle(plan, fetched, missing=MISSING)
            if plan.errors:
                raise _Refused(plan)
            summary = _summary(plan)  # before writing: written, every product is an existing one
            write(
                plan=plan,
                store=job.store,
                images=images,
                fetched=fetched,
                actor=job.created_by,
                reference=f"IMPOR-{job.pk}",
            )
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.DONE, progress=100, finished_at=clock.now(), **summary
        )
    except _Refused as refused:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, finished_at=clock.now(), **_summary(refused.plan)
        )
    except DomainError as refused:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED,
            finished_at=clock.now(),
            errors=[{"row": 0, "column": "-", "message": refused.message}],
        )
    job.refresh_from_db()
    return job


class _Refused(Exception):
    def __init__(self, plan: planning.Plan) -> None:
        self.plan = plan


def _slugs(store: Store):
    taken = set(Product.objects.filter(store=store).values_list("slug", flat=True))

    def unique(name: str) -> str:
        base = slugify(name)[:120] or "produk"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        return slug

    return unique


def write(
    *,
    plan: planning.Plan,
    store: Store,
    images: reader.Images | None = None,
    fetched: pictures.Fetched | None = None,
    actor=None,
    reference: str = "",
) -> None:
    """Write a checked plan: products and variants in bulk, then stock and pictures. Call
    inside a transaction (apply's)."""
    now = clock.now()
    unique = _slugs(store)
    new = [p for p in plan.products if p.product is None]
    made = Product.objects.bulk_create(
        [Product(store=store, slug=unique(p.fields["name"]), **p.fields) for p in new], batch_size=500
    )
    for p, product in zip(new, made, strict=True):
        p.product = product
    fresh = {id(p) for p in new}  # identity: plans compare by value, and 10,000 of them slowly
    changed_products = [p.product for p in plan.products if p.product is not None and p.fields and id(p) not in fresh]
    fields: set[str] = {"updated_at"}
    for p in plan.products:
        if p.product is not None and id(p) not in fresh:
            for key, value in p.fields.items():
                setattr(p.product, key, value)
                fields.add(key)
            p.product.updated_at = now
    if changed_products:
        Product.objects.bulk_update(changed_products, sorted(fields), batch_size=500)

    to_create: list[tuple[planning.VariantPlan, Variant]] = []
    to_update: list[Variant] = []
    variant_fields: set[str] = set()
    for p in plan.products:
        assert p.product is not None
        position = (
            0 if id(p) in fresh else p.product.variants.count() if any(v.variant is None for v in p.variants) else 0
        )
        for v in p.variants:
            if v.variant is None:
                to_create.append((v, Variant(product=p.product, position=position, **v.fields)))
                position += 1
            elif v.fields:
                for key, value in v.fields.items():
                    setattr(v.variant, key, value)
                    variant_fields.add(key)
                to_update.append(v.variant)
    new_variants = {id(v) for v, _ in to_create}
    created = Variant.objects.bulk_create([variant for _, variant in to_create], batch_size=1000)
    for (v, _), variant in zip(to_create, created, strict=True):
        v.variant = variant
    if to_update:
        Variant.objects.bulk_update(to_update, sorted(variant_fields), batch_size=1000)

    default = fulfillment.store_location(store=store).pk
    openings = []
    for p in plan.products:
        for v in p.variants:
            assert v.variant is not None
            if id(v) in new_variants:  # every new variant gets its stock row, 0 where the sheet says nothing
                openings.append(
                    inventory.Opening(variant_id=v.variant.pk, store_id=store.pk, units=v.stock or {default: 0})
                )
            elif v.stock and v.changed:
                _set_stock(variant=v.variant, units=v.stock, actor=actor, reference=reference)
    inventory.open_stock_many(openings=openings, actor=actor, reference=reference)
    for p in plan.products:
        assert p.product is not None
        for pic in p.images:
            if pic.is_url:
                assert fetched is not None
                upload = fetched.read(pic.sha256)
            else:
                assert images is not None
                upload = images.read(pic.source)
            # catalog's own upload path: core.images re-encodes it, EXIF and GPS dropped
            catalog_services.add_image(product=p.product, upload=upload, source=pic.source, source_sha256=pic.sha256)

    if any(p.changed for p in plan.products):
        transaction.on_commit(generations.bump)  # one bump of every kept page, not one per product


def _set_stock(*, variant: Variant, units: dict[int, int], actor, reference: str) -> None:
    """THE one call site for stock set by an import (units available per location, set, not added).

    SWITCH HERE when inventory.services.set_location_stock lands: it is called per location.
    Until then the variant's one figure is set (set_variant_stock), the sum over the locations given.
    """
    per_location = getattr(inventory, "set_location_stock", None)
    if per_location is not None:
        for location_id, available in units.items():
            per_location(
                variant=variant,
                location_id=location_id,
                available=available,
                actor=actor,
                reason=inventory.movements.Reason.IMPORTED,
                reference=reference,
            )
        return
    inventory.set_variant_stock(variant=variant, stock=sum(units.values()))
