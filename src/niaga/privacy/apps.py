from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "niaga.privacy"
    label = "privacy"
    verbose_name = "Data Pribadi (UU PDP)"

    def ready(self):
        from . import tasks  # noqa: F401  (the export job and its sweep, registered with Huey)
