from django.apps import AppConfig


class AftersalesConfig(AppConfig):
    name = "niaga.aftersales"
    label = "aftersales"
    verbose_name = "Purnajual"

    def ready(self):
        from niaga.orders import panels as order_panels
        from niaga.orders import timeline

        from . import return_receivers, selectors  # returns and exchanges: the couriers' news and their sweep
        from .panels import complaint_panel

        order_panels.register(complaint_panel)
        timeline.register(selectors.timeline_entries)  # the complaint's steps on the order's timeline
        return_receivers.connect()
