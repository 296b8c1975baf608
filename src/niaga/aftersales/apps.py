from django.apps import AppConfig


class AftersalesConfig(AppConfig):
    name = "niaga.aftersales"
    label = "aftersales"
    verbose_name = "Purnajual"
