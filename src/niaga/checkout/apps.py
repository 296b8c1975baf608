from django.apps import AppConfig

from niaga.core import metrics
from niaga.promotions.metrics import FlashBacklog


class CheckoutConfig(AppConfig):
    name = "niaga.checkout"
    label = "checkout"

    def ready(self):
        from . import admissions  # its models load only once the apps are ready

        metrics.register(FlashBacklog(admissions.backlog))  # admitted flash buyers whose order is being made
