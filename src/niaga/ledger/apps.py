from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "niaga.ledger"
    label = "ledger"
    verbose_name = "Buku besar"
