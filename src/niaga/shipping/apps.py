from django.apps import AppConfig


class ShippingConfig(AppConfig):
    name = "niaga.shipping"
    label = "shipping"

    def ready(self):
        from . import receivers, tasks  # noqa: F401  (connect signals, register jobs)
