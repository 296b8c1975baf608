from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "niaga.inventory"
    label = "inventory"
    verbose_name = "Stok"
