from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "niaga.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self):
        from django.db.models.signals import post_delete

        from niaga.core import edge

        from .models import ApiToken

        def withdraw(sender, instance, **kwargs):
            edge.withdraw_token(instance.digest)  # the edge forgets it; the app already refuses it

        post_delete.connect(withdraw, sender=ApiToken, weak=False, dispatch_uid="edge-withdraw-token")
