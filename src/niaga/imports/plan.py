"""Checking a sheet: every row read, every error noted by row and column, and what applying
it would do (a Plan). Nothing is written here; services.apply writes a Plan with no errors.

Product fields are checked by catalog.services.check_product (the same rules as the seller's
form); this module only maps cells to its fields and its messages back to cells.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from niaga.catalog import services as catalog_services
from niaga.catalog.models import Category, Condition, Product, Variant
from niaga.core.errors import DomainError
from niaga.inventory.models import StockLevel
from niaga.inventory.services import MAX_STOCK

from . import columns, pictures, reader
from .columns import COLUMNS, IMAGE_HEADERS, STOCK_PREFIX

PRODUCT_FIELDS = {  # check_product's field → the column its message belongs to
    "name": "Nama Produk",
    "description": "Deskripsi",
    "price": "Harga (Rp)",
    "weight_grams": "Berat (gram)",
    "condition": "Kondisi",
    "category_id": "Kategori",
}
CONDITIONS = {"baru": Condition.NEW, "bekas": Condition.USED, "new": Condition.NEW, "used": Condition.USED}


@dataclass
class VariantPlan:
    row: int
    variant: Variant | None  # None: a new one
    fields: dict[str, Any]  # name, sku, price: what to set (only what changes, for an existing one)
    stock: dict[int, int]  # location id → units available to set
    changed: bool = False


@dataclass
class ProductPlan:
    key: str
    row: int
    product: Product | None  # None: a new one
    fields: dict[str, Any]
    variants: list[VariantPlan]
    images: list[pictures.Picture]
    changed: bool = False
    known: pictures.Known | None = None  # the pictures an existing product has


@dataclass
class Plan:
    rows: int = 0
    errors: list[dict] = field(default_factory=list)
    products: list[ProductPlan] = field(default_factory=list)
    locations: dict[int, str] = field(default_factory=dict)
    _seen: set = field(default_factory=set)

    def error(self, row: int, column: str, message: str) -> None:
        if (row, column) in self._seen:
            return  # one message per cell: the first says what to fix
        self._seen.add((row, column))
        self.errors.append({"row": row, "column": column, "message": message})

    @property
    def new_products(self) -> int:
        return sum(1 for p in self.products if p.product is None)

    @property
    def updated_products(self) -> int:
        return sum(1 for p in self.products if p.product is not None and p.changed)

    @property
    def new_variants(self) -> int:
        return sum(1 for p in self.products for v in p.variants if v.variant is None)

    @property
    def updated_variants(self) -> int:
        return sum(1 for p in self.products for v in p.variants if v.variant is not None and v.changed)


def category_index(cats: dict[int, Category]) -> dict[str, Category]:
    """Every way a seller may name a category: its path ("Elektronik > Ponsel"), its slug,
    and its own name when no other category has it."""
    index: dict[str, Category] = {}
    names: dict[str, list[Category]] = {}
    for c in cats.values():
        index[path_of(c, cats).lower()] = c
        index[c.slug.lower()] = c
        names.setdefault(c.name.strip().lower(), []).append(c)
    for name, found in names.items():
        if len(found) == 1:
            index.setdefault(name, found[0])
    return index


def path_of(category: Category, cats: dict[int, Category]) -> str:
    parts: list[str] = []
    seen: set[int] = set()
    node: Category | None = category
    while node is not None and node.pk not in seen:
        seen.add(node.pk)
        parts.append(node.name)
        node = cats.get(node.parent_id) if node.parent_id else None
    return " > ".join(reversed(parts))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _str(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def _number(value: Any, plan: Plan, row: int, column: str, *, label: str, minimum: int, maximum: int) -> int | None:
    errors: dict[str, str] = {}
    if isinstance(value, str):
        value = value.strip()
    got = catalog_services.whole_number({"v": value}, "v", errors, label=label, minimum=minimum, maximum=maximum)
    if errors:
        plan.error(row, column, errors["v"])
        return None
    return got


def build(
    *,
    store,
    lines: Iterable[list[Any]],
    locations: dict[str, int],
    default_location: int | None = None,
    images: reader.Images | None = None,
    progress: Callable[[int], None] | None = None,
) -> Plan:
    """Read every line (header first) against the store's catalogue: a Plan with all its errors."""
    plan = Plan(locations={v: k for k, v in locations.items()})
    lines = iter(lines)
    header = next(lines, None)
    if header is None:
        plan.error(1, "-", "Berkas kosong: unduh template dan isi mulai baris 2.")
        return plan
    at: dict[str, int] = {}
    stock_at: dict[int, int] = {}  # location id → column index
    image_at: list[tuple[int, str]] = []  # column index, its header
    by_name = {k.lower(): v for k, v in locations.items()}
    for i, raw in enumerate(header):
        title = _str(raw)
        if not title:
            continue
        low = title.lower()
        if low in columns.BY_HEADER:
            at[columns.BY_HEADER[low].key] = i
        elif low.startswith(STOCK_PREFIX.lower()):
            where = title[len(STOCK_PREFIX) :].strip()
            if where.lower() in by_name:
                stock_at[by_name[where.lower()]] = i
            else:
                plan.error(1, title, f"Gudang '{where}' tidak dikenal di toko ini. Gudang: {', '.join(locations)}.")
        elif low in (h.lower() for h in IMAGE_HEADERS):
            image_at.append((i, title))
        else:
            plan.error(1, title, "Kolom tidak dikenal: pakai judul kolom dari template.")
    for needed in ("product_key", "sku"):
        if needed not in at:
            header_name = next(c.header for c in COLUMNS if c.key == needed)
            plan.error(1, header_name, "Kolom wajib ini tidak ada.")
    if plan.errors:
        return plan

    max_rows = reader.limit("NIAGA_IMPORT_MAX_ROWS", reader.MAX_ROWS)
    parsed: list[tuple[int, dict[str, Any], dict[int, Any], list[tuple[str, str]]]] = []
    for number, raw in enumerate(lines, start=2):
        if all(_blank(v) for v in raw):
            continue
        if len(parsed) >= max_rows:
            plan.error(number, "-", f"Terlalu banyak baris: maks. {max_rows:,} per berkas.".replace(",", "."))
            return plan

        def cell(i: int | None, raw=raw) -> Any:
            return raw[i] if i is not None and i < len(raw) else None

        values = {key: cell(i) for key, i in at.items()}
        stock = {loc: cell(i) for loc, i in stock_at.items()}
        pics = [(title, _str(cell(i))) for i, title in image_at if not _blank(cell(i))]
        parsed.append((number, values, stock, pics))
    plan.rows = len(parsed)
    if not parsed:
        plan.error(2, "-", "Tidak ada baris produk: isi mulai baris 2.")
        return plan

    # What the store has already, read once: the variants the file names, by id and by SKU.
    skus = {_str(v.get("sku")) for _, v, _, _ in parsed} - {""}
    ids = set()
    for number, values, _, _ in parsed:
        if not _blank(values.get("variant_id")):
            try:
                ids.add(int(_str(values["variant_id"])))
            except ValueError:
                plan.error(number, "ID Varian", "ID varian harus angka (biarkan seperti hasil ekspor).")
    existing = list(
        Variant.objects.filter(product__store=store)
        .filter(Q(sku__in=skus) | Q(pk__in=ids))
        .select_related("product", "stock")
    )
    by_id = {v.pk: v for v in existing}
    by_sku: dict[str, Variant] = {}
    for v in existing:
        if v.sku:
            by_sku.setdefault(v.sku, v)
    levels: dict[tuple[int, int], int] = {}
    for variant_id, location_id, on_hand, reserved in StockLevel.objects.filter(
        stock__variant__in=existing
    ).values_list("stock__variant_id", "location_id", "on_hand", "reserved"):
        levels[(variant_id, location_id)] = on_hand - reserved
    counted = {v for v, _ in levels}
    for v in existing:  # stock kept on the variant alone (no levels yet) is at the ship-from location
        if v.pk not in counted and default_location is not None and hasattr(v, "stock"):
            levels[(v.pk, default_location)] = v.stock.available
    by_pk = {c.pk: c for c in Category.objects.all()}
    categories = category_index(by_pk)
    known = pictures.known(v.product_id for v in existing)

    # Rows by product (SKU Induk), in the file's order; SKUs once per file.
    groups: dict[str, list[tuple[int, dict[str, Any], dict[int, Any], list[tuple[str, str]], Variant | None]]] = {}
    first_row_of_sku: dict[str, int] = {}
    for number, values, stock, pics in parsed:
        key = _str(values.get("product_key"))
        sku = _str(values.get("sku"))
        if not key:
            plan.error(number, "SKU Induk", "SKU induk wajib diisi.")
        if not sku and _blank(values.get("variant_id")):
            plan.error(number, "SKU Varian", "SKU varian wajib diisi.")
        elif not sku:
            pass  # an exported variant without a SKU, named by its ID Varian
        elif len(sku) > 64:
            plan.error(number, "SKU Varian", "SKU maks. 64 karakter.")
        elif sku.lower() in first_row_of_sku:
            plan.error(
                number, "SKU Varian", f"SKU '{sku}' ganda di berkas (juga di baris {first_row_of_sku[sku.lower()]})."
            )
        else:
            first_row_of_sku[sku.lower()] = number
        match = None
        if not _blank(values.get("variant_id")):
            try:
                match = by_id.get(int(_str(values["variant_id"])))
            except ValueError:
                match = None
            if match is None:
                plan.error(number, "ID Varian", "ID varian tidak dikenal di toko ini (kosongkan untuk varian baru).")
            elif sku and sku != match.sku and sku in by_sku and by_sku[sku].pk != match.pk:
                plan.error(number, "SKU Varian", f"SKU '{sku}' sudah dipakai varian lain di toko ini.")
        elif sku:
            match = by_sku.get(sku)
        if key:
            groups.setdefault(key, []).append((number, values, stock, pics, match))

    done = 0
    for key, group in groups.items():
        _product(plan, key, group, categories, by_pk, levels, images, known)
        done += len(group)
        if progress and done % 500 < len(group):
            progress(done * 100 // max(plan.rows, 1))
    return plan


def _product(plan: Plan, key, group, categories, by_pk, levels, images, known) -> None:
    first_row, first, _, pics, _ = group[0]
    owners = {m.product_id for *_, m in group if m is not None}
    if len(owners) > 1:
        for number, *_ in group:
            plan.error(number, "SKU Induk", f"SKU induk '{key}' memuat varian dari produk yang berbeda.")
        return
    product = next((m.product for *_, m in group if m is not None), None)

    given: dict[str, Any] = {}
    for field_name, col in (
        ("name", "name"),
        ("description", "description"),
        ("price", "price"),
        ("weight_grams", "weight"),
    ):
        if not _blank(first.get(col)):
            given[field_name] = first[col]
    if not _blank(first.get("condition")):
        condition = CONDITIONS.get(_str(first["condition"]).lower())
        if condition is None:  # in the sheet's words, not the catalogue's codes
            plan.error(
                first_row, "Kondisi", f"Kondisi '{_str(first['condition'])}' tidak dikenal: isi Baru atau Bekas."
            )
        else:
            given["condition"] = condition
    if not _blank(first.get("category")):
        category = categories.get(" > ".join(p.strip() for p in _str(first["category"]).split(">")).lower())
        if category is None:
            plan.error(
                first_row, "Kategori", f"Kategori '{_str(first['category'])}' tidak dikenal (lihat lembar Kategori)."
            )
        else:
            given["category_id"] = category.pk
    if isinstance(given.get("name"), str | int | float):
        given["name"] = _str(given["name"])

    if product is None:
        data = {"condition": Condition.NEW, "description": "", **given}
    else:
        data = {
            "name": product.name,
            "description": product.description,
            "price": product.price,
            "weight_grams": product.weight_grams,
            "condition": product.condition,
            "category_id": product.category_id,
            **given,
        }
    base_price = data.get("price")

    rows_variants: list[dict] = []
    plans: list[VariantPlan] = []
    for number, values, stock, _, match in group:
        sku = _str(values.get("sku"))
        name = _str(values.get("variant_name"))
        price = None
        if not _blank(values.get("price")):
            price = _number(
                values["price"],
                plan,
                number,
                "Harga (Rp)",
                label="Harga",
                minimum=1,
                maximum=catalog_services.MAX_PRICE,
            )
        units: dict[int, int] = {}
        for location_id, raw in stock.items():
            if _blank(raw):
                if match is None:
                    units[location_id] = 0
                continue
            got = _number(
                raw,
                plan,
                number,
                STOCK_PREFIX + plan.locations[location_id],
                label="Stok",
                minimum=0,
                maximum=MAX_STOCK,
            )
            if got is not None:
                units[location_id] = got
        own_price = price if price is not None and price != _whole(base_price) else None
        if match is None:
            fields = {"name": name, "sku": sku, "price": own_price}
            changed = True
        else:
            fields = {"sku": sku} if sku and sku != match.sku else {}
            if name and name != match.name:
                fields["name"] = name
            if price is not None and own_price != match.price:
                fields["price"] = own_price
            changed = bool(fields)
        stock_now = {loc: levels.get((match.pk, loc)) if match else None for loc in units}
        if any(stock_now[loc] != qty for loc, qty in units.items()) and match is not None:
            changed = True
        plans.append(VariantPlan(row=number, variant=match, fields=fields, stock=units, changed=changed))
        rows_variants.append({"name": name or (match.name if match else ""), "sku": sku, "price": own_price})

    # The catalog's own check of the whole product as it would be after the import.
    named = len(group) > 1 or any(r["name"] for r in rows_variants)
    try:
        draft = catalog_services.check_product(
            data=data, variants=rows_variants if named and product is None else None, categories=by_pk
        )
    except DomainError as refused:
        for name, message in (refused.fields or {}).items():
            if name.startswith("variants."):
                _, index, part = name.split(".", 2)
                plan.error(group[int(index)][0], "Nama Varian" if part == "name" else "Harga (Rp)", message)
            else:
                plan.error(first_row, PRODUCT_FIELDS.get(name, name), message)
        return

    have = known.get(product.pk) if product is not None else None
    wanted = pictures.choose(plan, first_row, pics[: columns.IMAGE_COUNT], have, images)

    if product is None:
        fields = dict(draft.fields)
        if not named:
            plans[0].fields["name"] = ""
        changed = True
    else:
        fields = {k: v for k, v in draft.fields.items() if k in _keys(given) and _current(product, k) != _value(v)}
        changed = bool(fields) or any(v.changed or v.variant is None for v in plans)  # pictures: settle()
    plan.products.append(
        ProductPlan(
            key=key,
            row=first_row,
            product=product,
            fields=fields,
            variants=plans,
            images=wanted,
            changed=changed,
            known=have,
        )
    )


def _current(product: Product, key: str) -> Any:
    return product.category_id if key == "category" else getattr(product, key)  # no query for the category


def _value(value: Any) -> Any:
    return value.pk if isinstance(value, Category) else value


def _keys(given: dict) -> set[str]:
    return {"category" if k == "category_id" else k for k in given}


def _whole(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
