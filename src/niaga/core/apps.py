from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "niaga.core"
    label = "core"

    def ready(self):
        from . import checks  # noqa: F401  (importing registers the checks: in ready(), as Django's docs advise)
