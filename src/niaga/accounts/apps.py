from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "niaga.accounts"
    label = "accounts"
