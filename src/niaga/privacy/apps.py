from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "niaga.privacy"
    label = "privacy"
    verbose_name = "Data Pribadi (UU PDP)"
