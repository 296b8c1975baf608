from django.apps import AppConfig


class CheckoutConfig(AppConfig):
    name = "niaga.checkout"
    label = "checkout"
