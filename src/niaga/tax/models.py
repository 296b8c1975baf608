"""PPh Pasal 22 marketplace (PMK 37/2025) dan PPN atas jasa platform."""

from django.db import models  # noqa: F401
