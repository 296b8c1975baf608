from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "niaga.catalog"
    label = "catalog"

    def ready(self):
        from . import receivers

        receivers.connect()
