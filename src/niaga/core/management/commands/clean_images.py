"""Re-encode stored pictures that still carry metadata (EXIF with GPS, XMP, ICC, comments):
images stored before uploads were cleaned, or copied in by hand (the demo's, a restore).

Every image field of every model is walked (found through Django's app registry, so a new
app's pictures are covered without a line here). A file with metadata is cleaned as an upload
is (core.images.clean: turned as the camera held it, sRGB, same format) and written under a
new name (media are cached for good under their names, so a cache keeps nothing of the old
file under the new name); the row is pointed at it and the old file removed. A clean file is
left as it is, so the command can run again at any time.
"""

from __future__ import annotations

import io
import os

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import models
from PIL import UnidentifiedImageError

from niaga.core import images
from niaga.core.ids import random_code


class Command(BaseCommand):
    help = "Re-encode stored images that still carry EXIF/GPS, XMP or ICC metadata."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="only count what would be rewritten")

    def handle(self, *args, dry_run: bool = False, **options):
        seen = rewritten = unreadable = 0
        for model in apps.get_models():
            for field in model._meta.get_fields():
                if not isinstance(field, models.ImageField):
                    continue
                rows = model._default_manager.exclude(**{field.name: ""}).exclude(**{f"{field.name}__isnull": True})
                for pk, name in rows.values_list("pk", field.name).iterator():
                    seen += 1
                    try:
                        with field.storage.open(name, "rb") as stored:
                            data = stored.read()
                        if not images.has_metadata(data):
                            continue
                        picture = images.clean(io.BytesIO(data), edge=max(images.MASTER_EDGE, 4096))
                    except (OSError, UnidentifiedImageError, ValueError):
                        unreadable += 1
                        continue
                    rewritten += 1
                    if dry_run:
                        continue
                    stem = os.path.splitext(name)[0]
                    new_name = field.storage.save(
                        f"{stem}-{random_code(4).lower()}.{picture.extension}", ContentFile(picture.data)
                    )
                    model._default_manager.filter(pk=pk).update(**{field.name: new_name})
                    field.storage.delete(name)
        verb = "akan ditulis ulang" if dry_run else "ditulis ulang tanpa metadata"
        self.stdout.write(f"{seen} gambar diperiksa, {rewritten} {verb}, {unreadable} tidak terbaca.")
