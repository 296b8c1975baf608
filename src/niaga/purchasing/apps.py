from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    name = "niaga.purchasing"
    label = "purchasing"
    verbose_name = "Pembelian"
