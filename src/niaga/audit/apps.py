from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "niaga.audit"
    label = "audit"
    verbose_name = "Jejak Audit"

    def ready(self) -> None:
        from . import receivers

        receivers.connect()
