from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "niaga.imports"
    label = "imports"
    verbose_name = "Impor Produk"
