from django.apps import AppConfig


class FulfillmentConfig(AppConfig):
    name = "niaga.fulfillment"
    label = "fulfillment"
    verbose_name = "Gudang"
