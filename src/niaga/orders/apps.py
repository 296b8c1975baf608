from django.apps import AppConfig
from django.core import checks


class OrdersConfig(AppConfig):
    name = "niaga.orders"
    label = "orders"
    verbose_name = "Pesanan"

    def ready(self):
        from . import effects, notices  # importing models needs the app registry ready

        effects.register("notify", notices.tell_buyer_and_seller)
        checks.register(effects.check)
