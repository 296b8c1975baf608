from django.apps import AppConfig


class AftersalesConfig(AppConfig):
    name = "niaga.aftersales"
    label = "aftersales"
    verbose_name = "Purnajual"

    def ready(self):
        from . import return_receivers  # returns and exchanges: the couriers' news and their sweep

        return_receivers.connect()
