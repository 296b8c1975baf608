from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save

from niaga.catalog import offers
from niaga.core import generations, metrics

from .metrics import EdgeAnswers


class PromotionsConfig(AppConfig):
    name = "niaga.promotions"
    label = "promotions"
    verbose_name = "Promosi"

    def ready(self):
        # Here, not at the top: these import models, which load only once every app is loaded.
        from . import receivers, selectors
        from .models import Campaign, CampaignItem

        def bump(sender, **kwargs):
            generations.bump()

        for model in (Campaign, CampaignItem):
            post_save.connect(bump, sender=model, weak=False, dispatch_uid=f"pagecache-save-{model.__name__}")
            post_delete.connect(bump, sender=model, weak=False, dispatch_uid=f"pagecache-delete-{model.__name__}")
        for model in (Campaign, CampaignItem):  # the edge answers by these terms
            post_save.connect(
                receivers.publish_terms, sender=model, weak=False, dispatch_uid=f"edge-terms-{model.__name__}"
            )
        post_delete.connect(
            receivers.withdraw_terms, sender=CampaignItem, weak=False, dispatch_uid="edge-withdraw-terms"
        )
        receivers.connect()  # the order moves' effects
        offers.provide(selectors.lookup)  # the product page and the API show the running offer, and how to buy at it
        metrics.register(EdgeAnswers())
