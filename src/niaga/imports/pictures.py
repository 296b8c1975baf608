"""The Gambar cells: which pictures a product gets from the sheet, from the uploaded ZIP or from
a URL, and which it has already.

An imported picture keeps its source (the URL, or its name in the ZIP) and the SHA-256 of the
bytes as received (catalog.ProductImage), so a sheet imported again adds nothing: a URL already
taken is not fetched again, and the same bytes under another name or address are not added.
A product whose pictures were chosen by hand in Toko Saya keeps them; the sheet's are left out,
as they always were.
"""

from __future__ import annotations

import hashlib
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import IO, Any, Protocol
from urllib.parse import urljoin

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from niaga.catalog.models import ProductImage
from niaga.catalog.services import MAX_IMAGES
from niaga.core.errors import DomainError
from niaga.core.images import validate_image

from . import fetch, reader


class Plan(Protocol):
    """What these functions need of plan.Plan (which calls them): its products and its errors."""

    @property
    def products(self) -> Sequence[Any]: ...

    def error(self, row: int, column: str, message: str) -> None: ...


MAX_URLS = 2_000  # NIAGA_IMPORT_MAX_IMAGE_URLS: as many as a ZIP may hold
WORKERS = 4  # NIAGA_IMPORT_IMAGE_WORKERS: fetches at once (waiting on the network, not the CPU)
SHOWN_URL = 80


@dataclass
class Picture:
    row: int
    column: str  # "Gambar 2"
    source: str  # the URL, or the file's name in the ZIP
    is_url: bool
    sha256: str = ""  # of the bytes as received; a URL's once fetched


@dataclass
class Known:
    """What a product has: its imported pictures' sources and hashes, and its count."""

    sources: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)
    count: int = 0
    by_hand: bool = False  # some picture came from Toko Saya (or before imports kept sources)


@dataclass
class Fetched:
    """The job's fetch: per URL {"sha256": …} or {"error": reason}, and the bytes by hash."""

    results: dict[str, dict]
    files: reader.Images | None = None

    def read(self, sha256: str) -> SimpleUploadedFile:
        assert self.files is not None
        return self.files.read(sha256)


def image_url(name: str) -> str:
    """The address a stored picture is served at, as the export writes it: absolute, so a sheet
    exported here and imported elsewhere can fetch it."""
    return urljoin(f"{settings.NIAGA_PUBLIC_URL}/", default_storage.url(name))


def shown(url: str) -> str:
    return url if len(url) <= SHOWN_URL else url[: SHOWN_URL - 1] + "…"


def known(product_ids: Iterable[int]) -> dict[int, Known]:
    found: dict[int, Known] = {}
    rows = ProductImage.objects.filter(product_id__in=set(product_ids)).values_list(
        "product_id", "source", "source_sha256", "image"
    )
    for product_id, source, sha256, name in rows:
        have = found.setdefault(product_id, Known())
        have.count += 1
        have.by_hand |= not sha256
        have.sources.update(s for s in (source, image_url(name) if name else "") if s)  # its export names it so
        if sha256:
            have.hashes.add(sha256)
    return found


def choose(plan: Plan, row: int, cells: list[tuple[str, str]], have: Known | None, images) -> list[Picture]:
    """The product's pictures from its first row's cells; errors noted on `plan` by cell."""
    if have is not None and have.by_hand:
        return []
    out: list[Picture] = []
    hashes: set[str] = set()
    for column, value in cells:
        if fetch.looks_like_url(value):
            try:
                fetch.check(value)
            except fetch.Refused as refused:
                plan.error(row, column, f"Gambar dari URL {shown(value)} ditolak: {refused.reason}.")
                continue
            if (have is None or value not in have.sources) and value not in {p.source for p in out}:
                out.append(Picture(row, column, value, is_url=True))
        elif images is None:
            plan.error(row, column, f"'{value}' tidak ada: unggah ZIP gambar bersama berkas ini, atau tulis URL-nya.")
        elif not images.has(value):
            plan.error(row, column, f"'{value}' tidak ada di dalam ZIP.")
        else:
            try:
                upload = images.read(value)
                validate_image(upload)
            except DomainError as bad:
                plan.error(row, column, f"'{value}': {bad.message}")
                continue
            sha256 = hashlib.sha256(upload.read()).hexdigest()
            if sha256 not in hashes and (have is None or sha256 not in have.hashes):
                hashes.add(sha256)
                out.append(Picture(row, column, value, is_url=False, sha256=sha256))
    return out


def urls(plan: Plan) -> list[str]:
    """Every URL the plan still needs, once each, in the sheet's order."""
    return list(dict.fromkeys(pic.source for p in plan.products for pic in p.images if pic.is_url))


def settle(plan: Plan, fetched: Fetched | None, *, missing: str) -> None:
    """Give each URL its fetched bytes (or its row its error), drop a picture the product has
    already under another name, and hold each product to the catalogue's limit."""
    results = fetched.results if fetched is not None else {}
    for p in plan.products:
        have = p.known or Known()
        hashes = set(have.hashes)
        kept: list[Picture] = []
        for pic in p.images:
            if pic.is_url:
                got = results.get(pic.source)
                if got is None:
                    plan.error(pic.row, pic.column, missing.format(url=shown(pic.source)))
                    continue
                if "error" in got:
                    plan.error(pic.row, pic.column, got["error"])
                    continue
                pic.sha256 = got["sha256"]
            if pic.sha256 not in hashes:
                hashes.add(pic.sha256)
                kept.append(pic)
        p.images = kept
        if have.count + len(kept) > MAX_IMAGES:
            plan.error(
                p.row,
                "Gambar",
                f"Produk ini sudah punya {have.count} gambar; dengan {len(kept)} dari berkas menjadi "
                f"{have.count + len(kept)}, padahal maks. {MAX_IMAGES}.",
            )
        if kept:
            p.changed = True


def fetch_all(urls: list[str], *, progress: Callable[[int], None]) -> tuple[dict[str, dict], IO[bytes]]:
    """Fetch each URL (a few at once), check each picture as an upload is checked, and keep the
    good ones in a ZIP by their hash: (results by URL, the ZIP file, rewound)."""
    budget = reader.limit("NIAGA_IMPORT_MAX_ZIP_BYTES", reader.MAX_ZIP_BYTES)  # as much as an uploaded ZIP
    local = threading.local()
    sessions = []
    lock = threading.Lock()

    def one(url: str) -> fetch.Got:
        if not hasattr(local, "session"):
            local.session = fetch.session()
            with lock:
                sessions.append(local.session)
        return fetch.get(url, using=local.session)

    results: dict[str, dict] = {}
    stored: set[str] = set()
    used = 0
    out = tempfile.TemporaryFile()
    try:
        with (
            zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zipped,
            ThreadPoolExecutor(max_workers=reader.limit("NIAGA_IMPORT_IMAGE_WORKERS", WORKERS)) as pool,
        ):
            futures = {pool.submit(one, url): url for url in urls}
            for done, future in enumerate(as_completed(futures), start=1):
                url = futures[future]
                try:
                    got = future.result()
                except fetch.Refused as refused:
                    results[url] = {"error": f"Gambar dari URL {shown(url)} tidak bisa diambil ({refused.reason})."}
                else:
                    results[url], added = _keep(url, got.data, zipped, stored, budget - used)
                    used += added
                progress(done)
    finally:
        for s in sessions:
            s.close()
    out.seek(0)
    return results, out


def _keep(url: str, data: bytes, zipped, stored: set[str], room: int) -> tuple[dict, int]:
    """The URL's result, and the bytes it added to the ZIP (none for bytes already there)."""
    upload = SimpleUploadedFile("gambar", data)
    try:
        validate_image(upload)  # the same check as an upload; add_image cleans it when applied
    except DomainError as bad:
        return {"error": f"Gambar dari URL {shown(url)} ditolak: {bad.message}"}, 0
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 in stored:
        return {"sha256": sha256}, 0
    if len(data) > room:
        return {"error": f"Gambar dari URL {shown(url)} melebihi batas total gambar per berkas."}, 0
    zipped.writestr(sha256, data)
    stored.add(sha256)
    return {"sha256": sha256}, len(data)
