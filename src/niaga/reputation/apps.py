from django.apps import AppConfig


class ReputationConfig(AppConfig):
    name = "niaga.reputation"
    label = "reputation"
    verbose_name = "Penilaian Toko"
