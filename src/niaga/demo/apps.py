from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "niaga.demo"
    label = "demo"
    verbose_name = "Demo"
