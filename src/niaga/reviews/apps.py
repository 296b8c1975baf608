from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "niaga.reviews"
    label = "reviews"
    verbose_name = "Ulasan"
