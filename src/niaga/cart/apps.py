from django.apps import AppConfig


class CartConfig(AppConfig):
    name = "niaga.cart"
    label = "cart"

    def ready(self):
        from . import receivers  # noqa: F401  (importing connects the receivers)
