from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "niaga.notifications"
    label = "notifications"
