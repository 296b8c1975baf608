from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "niaga.payments"
    label = "payments"
    verbose_name = "Pembayaran"

    def ready(self):
        from . import receivers  # noqa: F401  (importing connects the receivers)
