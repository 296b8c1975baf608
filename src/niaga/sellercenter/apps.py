from django.apps import AppConfig


class SellercenterConfig(AppConfig):
    """The seller's pages ("Toko Saya"): composes stores, catalog and orders; owns no data."""

    name = "niaga.sellercenter"
    label = "sellercenter"
