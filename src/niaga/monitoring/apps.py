from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "niaga.monitoring"
    label = "monitoring"
