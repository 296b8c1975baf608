"""niaga rotate_field_keys: re-encrypt every encrypted column with the newest key.

Rotation (README, configuration): put a new key first in NIAGA_FIELD_ENCRYPTION_KEYS and keep
the old ones after it (every key decrypts, the first encrypts), restart, run this command,
then drop the old keys. Each value is re-encrypted from its stored token (MultiFernet.rotate),
never through the model, so nothing else of the row is touched. A plain value left from
before its column was encrypted is encrypted; a token no configured key opens is left as it
is and reported, and the command fails: its key is missing from the list.
"""

from __future__ import annotations

from cryptography.fernet import InvalidToken
from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.db.models.functions import Cast
from encrypted_model_fields import fields as encrypted

from niaga.core.fields import BATCH, is_encrypted, write_raw

FERNET_PREFIX = "gAAAAA"  # a Fernet token's version byte and timestamp, base64


def encrypted_columns() -> list[tuple[type[models.Model], list[models.Field]]]:
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [f for f in model._meta.concrete_fields if is_encrypted(f)]
        if columns:
            found.append((model, columns))
    return found


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field with the first key of NIAGA_FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        crypter = encrypted.CRYPTER  # the library's MultiFernet over FIELD_ENCRYPTION_KEY, as fields use it
        total = unreadable = 0
        for model, columns in encrypted_columns():
            done, bad = self._rotate(model, columns, crypter)
            total += done
            unreadable += bad
            self.stdout.write(
                f"{model._meta.label}: {done} nilai disandikan ulang ({', '.join(f.name for f in columns)})"
            )
        if unreadable:
            raise CommandError(
                f"{unreadable} nilai tidak bisa dibuka dengan kunci mana pun: tambahkan kunci lamanya ke "
                "NIAGA_FIELD_ENCRYPTION_KEYS lalu jalankan lagi."
            )
        self.stdout.write(self.style.SUCCESS(f"Selesai: {total} nilai kini tersandi dengan kunci pertama."))

    def _rotate(self, model, columns, crypter) -> tuple[int, int]:
        names = [f.column for f in columns]
        raw = {f"_raw_{n}": Cast(f.name, models.TextField()) for n, f in enumerate(columns)}
        done = bad = 0
        last = None
        while True:
            rows = model._base_manager.order_by("pk").annotate(**raw)
            if last is not None:
                rows = rows.filter(pk__gt=last)
            batch = list(rows.values_list("pk", *raw)[:BATCH])
            if not batch:
                return done, bad
            with transaction.atomic():
                for pk, *values in batch:
                    changed = {}
                    for column, value in zip(names, values, strict=True):
                        if not value:
                            continue
                        try:
                            changed[column] = crypter.rotate(value.encode()).decode()
                        except InvalidToken:
                            if value.startswith(FERNET_PREFIX):
                                bad += 1
                                continue
                            changed[column] = crypter.encrypt(value.encode()).decode()
                    if changed:
                        write_raw(connection, model, pk, changed)
                        done += len(changed)
            last = batch[-1][0]
