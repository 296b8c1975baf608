"""Impor dan ekspor katalog lewat spreadsheet."""

from django.db import models  # noqa: F401
