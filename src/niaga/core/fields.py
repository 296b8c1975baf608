"""Personal data encrypted at rest: phone numbers, bank account numbers, address snapshots.

The fields are django-encrypted-model-fields' (Fernet through MultiFernet over
settings.FIELD_ENCRYPTION_KEY: the first key encrypts, every key decrypts), plus one for a
JSON document, which that library lacks. An encrypted column is random-looking text: it can be
read back, never searched, filtered or ordered by in SQL.

`encrypt_rows` and `decrypt_rows` are the data steps of the migrations that turn a plain
column into an encrypted one (and back).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from encrypted_model_fields.fields import EncryptedCharField, EncryptedMixin

__all__ = ["EncryptedCharField", "EncryptedJSONField", "decrypt_rows", "encrypt_rows", "is_encrypted", "write_raw"]

BATCH = 500


class EncryptedJSONField(EncryptedMixin, models.TextField):
    """A JSON document (a dict or a list) kept encrypted as a whole: the Python value is the
    document, the column holds one Fernet token. A row written before the column was encrypted
    (plain JSON text) still reads, so the migration's re-save can convert it."""

    # What django-stubs reads for a custom field's type: a dict or a list, not the column's str.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)

    def to_python(self, value: Any) -> Any:
        if value is None or isinstance(value, (dict, list)):
            return value
        text = super().to_python(value)  # decrypted (or a plain row left from before)
        try:
            return json.loads(text)
        except (TypeError, ValueError):
            return text

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), cls=DjangoJSONEncoder, ensure_ascii=False)


def is_encrypted(field: models.Field) -> bool:
    return isinstance(field, EncryptedMixin)


def _batches(manager, names: tuple[str, ...]):
    """(pk, values...) rows in primary-key batches: never a whole table in memory, and never
    reading a table while writing it (SQLite does not isolate the two on one connection)."""
    last = None
    while True:
        rows = manager.order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        batch = list(rows.values_list("pk", *names)[:BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1][0]


def encrypt_rows(app_label: str, model_name: str, *names: str) -> Callable:
    """A migration step: re-save `names` of every row, so the encrypted field writes them
    encrypted (a plain value reads as itself, an encrypted one is decrypted first: safe twice)."""

    def run(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        manager = model._base_manager.using(schema_editor.connection.alias)
        for batch in _batches(manager, names):
            for pk, *values in batch:
                manager.filter(pk=pk).update(**dict(zip(names, values, strict=True)))

    return run


def decrypt_rows(app_label: str, model_name: str, *names: str) -> Callable:
    """The reverse step: write each value back in plain text before the column turns plain."""

    def run(apps, schema_editor) -> None:
        model = apps.get_model(app_label, model_name)
        connection = schema_editor.connection
        manager = model._base_manager.using(connection.alias)
        for batch in _batches(manager, names):
            for pk, *values in batch:
                plain = {}
                for name, value in zip(names, values, strict=True):
                    if isinstance(value, (dict, list)):
                        value = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
                    plain[model._meta.get_field(name).column] = value
                write_raw(connection, model, pk, plain)

    return run


def write_raw(connection, model, pk: Any, columns: dict[str, str | None]) -> None:
    """UPDATE one row's columns with these exact texts (an encrypted field would encrypt
    whatever it is given, even an expression: this is how a token is written as it is)."""
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*columns.values(), pk])
