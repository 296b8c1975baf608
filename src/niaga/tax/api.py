"""PPh Pasal 22 marketplace (PMK 37/2025) dan PPN atas jasa platform, in the API."""

from ninja import Router

router = Router(tags=["tax"])
