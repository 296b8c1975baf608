from django.apps import AppConfig


class PromotionsConfig(AppConfig):
    name = "niaga.promotions"
    label = "promotions"

    def ready(self):
        from . import receivers  # noqa: F401
