"""Reading an uploaded sheet (XLSX streamed by openpyxl's read-only mode, or CSV) and its ZIP
of images, within limits: a file too big, too many rows or a ZIP bomb is refused, not read."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from niaga.core.errors import DomainError


def limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


MAX_FILE_BYTES = 20 * 1024 * 1024  # NIAGA_IMPORT_MAX_FILE_BYTES
MAX_ROWS = 20_000  # NIAGA_IMPORT_MAX_ROWS
MAX_ZIP_BYTES = 200 * 1024 * 1024  # NIAGA_IMPORT_MAX_ZIP_BYTES: compressed and uncompressed alike
MAX_ZIP_MEMBERS = 2_000
MAX_IMAGE_BYTES = 5 * 1024 * 1024  # as core.images takes at most


def _text(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        if value.startswith("'") and value[1:2] in ("=", "+", "-", "@"):
            value = value[1:]  # core.tables wrote it as text; read it back as it was
        return value
    return value


def rows(file: IO[bytes], name: str) -> Iterator[list[Any]]:
    """Each row of the "Produk" sheet (or the first), header first, as a list of cell values."""
    if name.lower().endswith(".csv"):
        text = io.TextIOWrapper(file, encoding="utf-8-sig", errors="replace", newline="")
        for row in csv.reader(text):
            yield [_text(v) for v in row]
        return
    from openpyxl import load_workbook

    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise DomainError(
            "Berkas bukan XLSX yang bisa dibaca.", code="invalid_file", fields={"file": "Unggah XLSX atau CSV."}
        ) from None
    try:
        sheet = book["Produk"] if "Produk" in book.sheetnames else book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield [_text(v) for v in row]
    finally:
        book.close()


def check_upload(upload, *, kind: str) -> None:
    """The size and type of an uploaded sheet ("file") or ZIP ("images"), before it is kept."""
    name = (upload.name or "").lower()
    if kind == "file":
        if not name.endswith((".xlsx", ".csv")):
            raise DomainError(
                "Unggah berkas XLSX atau CSV.", code="invalid_file", fields={"file": "Harus .xlsx atau .csv."}
            )
        cap = limit("NIAGA_IMPORT_MAX_FILE_BYTES", MAX_FILE_BYTES)
    else:
        if not name.endswith(".zip"):
            raise DomainError("Gambar diunggah sebagai ZIP.", code="invalid_file", fields={"images": "Harus .zip."})
        cap = limit("NIAGA_IMPORT_MAX_ZIP_BYTES", MAX_ZIP_BYTES)
    if upload.size > cap:
        raise DomainError(
            f"Berkas terlalu besar (maks. {cap // (1024 * 1024)} MB).",
            code="file_too_large",
            fields={kind: "Terlalu besar."},
        )
    if kind == "images":
        Images(upload)  # refuses a bad ZIP now, not after the wait


class Images:
    """The pictures of an uploaded ZIP, by their name inside it (folders ignored, case kept).

    Nothing is extracted to disk, so a member named "../../x" cannot land anywhere (zip-slip);
    the declared sizes are checked before reading, and each read stops at the cap whatever the
    header claimed (a ZIP bomb)."""

    def __init__(self, file) -> None:
        try:
            self.zip = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, OSError, ValueError):
            raise DomainError(
                "ZIP gambar rusak atau bukan ZIP.", code="invalid_zip", fields={"images": "Bukan ZIP."}
            ) from None
        infos = [i for i in self.zip.infolist() if not i.is_dir()]
        if len(infos) > MAX_ZIP_MEMBERS:
            raise DomainError(
                f"ZIP berisi lebih dari {MAX_ZIP_MEMBERS} berkas.",
                code="invalid_zip",
                fields={"images": "Terlalu banyak berkas."},
            )
        if sum(i.file_size for i in infos) > limit("NIAGA_IMPORT_MAX_ZIP_BYTES", MAX_ZIP_BYTES):
            raise DomainError("Isi ZIP terlalu besar.", code="invalid_zip", fields={"images": "Isi terlalu besar."})
        self.members: dict[str, zipfile.ZipInfo] = {}
        for info in infos:
            base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
            if base and not base.startswith("."):
                self.members.setdefault(base.lower(), info)

    def has(self, name: str) -> bool:
        return name.lower() in self.members

    def read(self, name: str) -> SimpleUploadedFile:
        info = self.members[name.lower()]
        if info.file_size > MAX_IMAGE_BYTES:
            raise DomainError("Gambar maks. 5 MB.", code="invalid_image", fields={"image": "Gambar maks. 5 MB."})
        with self.zip.open(info) as member:
            data = member.read(MAX_IMAGE_BYTES + 1)
        if len(data) > MAX_IMAGE_BYTES:
            raise DomainError("Gambar maks. 5 MB.", code="invalid_image", fields={"image": "Gambar maks. 5 MB."})
        return SimpleUploadedFile(name, data)
