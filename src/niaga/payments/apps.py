from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "niaga.payments"
    label = "payments"
    verbose_name = "Pembayaran"

    def ready(self):
        from . import receivers  # importing models needs the app registry ready

        receivers.connect()
