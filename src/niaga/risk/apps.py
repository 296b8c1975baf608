from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "niaga.risk"
    label = "risk"
    verbose_name = "Tinjauan Risiko"
