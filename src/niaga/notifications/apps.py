from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "niaga.notifications"
    label = "notifications"

    def ready(self):
        from . import receivers  # noqa: F401  (importing connects the receivers)
