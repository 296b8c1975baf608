from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "niaga.risk"
    label = "risk"
    verbose_name = "Tinjauan Risiko"

    def ready(self):
        from niaga.orders import effects
        from niaga.payments import signals

        from . import services

        effects.register("risk.screen", services.screen_paid_order)
        signals.payout_requested.connect(services.screen_payout, dispatch_uid="risk.screen_payout")
