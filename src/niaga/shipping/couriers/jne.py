from ..tariffs import ServiceCard
from .base import Courier


class JNE(Courier):
    code = "jne"
    name = "JNE"
    services = (
        ServiceCard("reg", "JNE REG", 1.0, max_zone=7, max_weight_kg=70),
        ServiceCard("yes", "JNE YES", 1.8, max_zone=3, max_weight_kg=30, days=(1, 1)),
        ServiceCard("oke", "JNE OKE", 0.8, max_zone=7, max_weight_kg=70, extra_days=2),
    )
    insurance_bps = 20  # 0.2% of the value
    insurance_flat = 5000
