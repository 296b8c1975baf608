from ..tariffs import ServiceCard
from .base import Courier


class SiCepat(Courier):
    code = "sicepat"
    name = "SiCepat"
    services = (
        # No Maluku and Papua on REG; BEST is next day within one island.
        ServiceCard("reg", "SiCepat REG", 0.9, max_zone=5, max_weight_kg=50),
        ServiceCard("best", "SiCepat BEST", 1.5, max_zone=2, max_weight_kg=10, days=(1, 1)),
    )
    insurance_bps = 30
