from django.apps import AppConfig


class FulfillmentConfig(AppConfig):
    name = "niaga.fulfillment"
    label = "fulfillment"
    verbose_name = "Gudang"

    def ready(self):
        from niaga.inventory import locations

        from . import services

        locations.provide(services.default_location_id)
