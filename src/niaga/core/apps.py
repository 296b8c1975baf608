from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "niaga.core"
    label = "core"
