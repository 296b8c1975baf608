from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "niaga.orders"
    label = "orders"
    verbose_name = "Pesanan"
