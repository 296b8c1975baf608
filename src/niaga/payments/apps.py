from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "niaga.payments"
    label = "payments"
