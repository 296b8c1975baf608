from django.apps import AppConfig


class TaxConfig(AppConfig):
    name = "niaga.tax"
    label = "tax"
    verbose_name = "Pajak"

    def ready(self):
        from niaga.orders import effects
        from niaga.orders import panels as order_panels
        from niaga.payments import levies, signals

        from . import panels, receivers

        effects.register("tax.collect", receivers.collect_on_payment)  # PPh 22 at payment (PMK 37/2025)
        signals.refunding.connect(receivers.reverse_on_refund, dispatch_uid="tax.reverse_on_refund")
        levies.register_commission_vat(receivers.ppn_on_commission)  # PPN on the commission, if excluded
        order_panels.register(panels.invoice_panel)  # the invoice: the buyer's proof of collection
