from django.apps import AppConfig

from niaga.catalog import shelf


class InventoryConfig(AppConfig):
    name = "niaga.inventory"
    label = "inventory"
    verbose_name = "Stok"

    def ready(self):
        # Here, not at the top: models can be imported only once every app is loaded.
        from . import selectors

        shelf.provide(selectors.units_left_of_product)
