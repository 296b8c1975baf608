from ..tariffs import ServiceCard
from .base import Courier


class JNT(Courier):
    code = "jnt"
    name = "J&T Express"
    services = (ServiceCard("ez", "J&T EZ", 0.95, max_zone=7, max_weight_kg=50),)
    insurance_bps = 20
