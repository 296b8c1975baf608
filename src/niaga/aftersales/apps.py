from django.apps import AppConfig


class AftersalesConfig(AppConfig):
    name = "niaga.aftersales"
    label = "aftersales"
    verbose_name = "Purnajual"

    def ready(self):
        from niaga.orders import panels as order_panels

        from .panels import complaint_panel

        order_panels.register(complaint_panel)
