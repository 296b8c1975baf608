from django.apps import AppConfig


class ShippingConfig(AppConfig):
    name = "niaga.shipping"
    label = "shipping"
    verbose_name = "Pengiriman"

    def ready(self):
        from . import receivers  # importing models needs the app registry ready; tasks register their jobs

        receivers.connect()
