from ..tariffs import ServiceCard
from .base import Courier


class AnterAja(Courier):
    code = "anteraja"
    name = "AnterAja"
    services = (ServiceCard("reg", "AnterAja Reguler", 0.92, max_zone=5, max_weight_kg=50),)
    insurance_bps = 20
