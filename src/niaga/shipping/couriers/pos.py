from ..tariffs import ServiceCard
from .base import Courier


class PosIndonesia(Courier):
    code = "pos"
    name = "Pos Indonesia"
    # The post reaches every district, but takes a day longer.
    services = (ServiceCard("kilat_khusus", "Pos Kilat Khusus", 0.9, max_zone=7, max_weight_kg=30, extra_days=1),)
    insurance_bps = 24
