from django.apps import AppConfig


class ShippingConfig(AppConfig):
    name = "niaga.shipping"
    label = "shipping"
    verbose_name = "Pengiriman"

    def ready(self):
        from . import receivers, tasks  # noqa: F401  (connect signals, register jobs)
