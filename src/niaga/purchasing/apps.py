from django.apps import AppConfig


class PurchasingConfig(AppConfig):
    name = "niaga.purchasing"
    label = "purchasing"
    verbose_name = "Pembelian"

    def ready(self):
        from niaga.inventory.signals import stock_changed

        from .receivers import on_stock_changed

        stock_changed.connect(on_stock_changed, dispatch_uid="purchasing.low_stock")
