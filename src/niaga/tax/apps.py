from django.apps import AppConfig


class TaxConfig(AppConfig):
    name = "niaga.tax"
    label = "tax"
    verbose_name = "Pajak"
