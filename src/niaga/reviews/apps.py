from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "niaga.reviews"
    label = "reviews"
    verbose_name = "Ulasan"

    def ready(self):
        # Here, not at the top: these import models, which load only once every app is loaded.
        from niaga.catalog import panels

        from . import panels as review_panels
        from . import receivers

        receivers.connect()  # a move to Selesai asks the buyer for a review (orders' EFFECTS)
        panels.provide(review_panels.product_reviews)  # the reviews section of the product page
