from django.apps import AppConfig


class StoresConfig(AppConfig):
    name = "niaga.stores"
    label = "stores"
    verbose_name = "Toko"
